"""A sample apparel store for demos: three locations and an autumn/winter season of clothing
whose variants carry five attributes (Size, Colour and Fit as Shopify options; Material and
Gender as metafields, since Shopify takes three options at most).

Everything is made through the store's own Admin API as Shopify's admin would (`admin_execute`:
no rate budget, no faults), so the catalog is exactly what the resolvers build from
`locationAdd` and `productSet`."""

from __future__ import annotations

from dataclasses import dataclass
from itertools import product as combinations
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from stockbridge_sandboxes.shopify.app import SandboxApp

LOCATIONS = (
    ("Warehouse", "Leeds", "1 Mill Lane", "LS1 1AA"),
    ("Flagship Store", "York", "12 Stonegate", "YO1 8AS"),
    ("Outlet", "Harrogate", "3 Station Parade", "HG1 1UF"),
)

# title, product type, vendor, status, price, sizes, colours, fits, material, gender
Style = tuple[str, str, str, str, str, tuple[str, ...], tuple[str, ...], tuple[str, ...], str, str]
STYLES: tuple[Style, ...] = (
    ("Fell Merino Crew", "Knitwear", "Stockbridge Goods", "ACTIVE", "79.00",
     ("S", "M", "L", "XL"), ("Moss", "Charcoal"), ("Regular",), "Merino wool", "Men"),
    ("Harbour Rain Jacket", "Outerwear", "Stockbridge Goods", "ACTIVE", "129.00",
     ("S", "M", "L"), ("Navy", "Ochre"), ("Regular", "Relaxed"), "Waxed cotton", "Unisex"),
    ("Moorland Cord Trousers", "Trousers", "Stockbridge Goods", "ACTIVE", "69.00",
     ("30", "32", "34"), ("Tobacco",), ("Slim", "Straight"), "Cotton corduroy", "Men"),
    ("Dale Flannel Shirt", "Shirts", "Quay & Co", "ACTIVE", "55.00",
     ("XS", "S", "M", "L"), ("Red Check", "Green Check"), ("Regular",), "Brushed cotton", "Women"),
    ("Ridge Puffer Gilet", "Outerwear", "Quay & Co", "ACTIVE", "95.00",
     ("S", "M", "L"), ("Black", "Olive"), ("Regular",), "Recycled nylon", "Unisex"),
    ("Wharf Cable Beanie", "Accessories", "Stockbridge Goods", "ACTIVE", "22.00",
     ("One Size",), ("Oatmeal", "Rust", "Navy"), ("Regular",), "Lambswool", "Unisex"),
    ("Tarn Wool Scarf", "Accessories", "Quay & Co", "ACTIVE", "35.00",
     ("One Size",), ("Grey Marl", "Heather"), ("Regular",), "Lambswool", "Unisex"),
    ("Beck Knit Dress", "Dresses", "Quay & Co", "ACTIVE", "89.00",
     ("XS", "S", "M", "L"), ("Plum",), ("Regular",), "Merino wool", "Women"),
    ("Scar Fleece Pullover", "Knitwear", "Stockbridge Goods", "DRAFT", "59.00",
     ("S", "M", "L"), ("Stone",), ("Relaxed",), "Recycled polyester", "Unisex"),
    ("Ghyll Trail Socks", "Socks", "Stockbridge Goods", "DRAFT", "14.00",
     ("37-40", "41-45"), ("Charcoal", "Moss"), ("Regular",), "Merino blend", "Unisex"),
)  # fmt: skip

SEASON_TAG = "AW26"

LOCATION_ADD = """mutation($input: LocationAddInput!) {
  locationAdd(input: $input) { location { id name } userErrors { field message } }
}"""

PRODUCT_SET = """mutation($input: ProductSetInput!) {
  productSet(input: $input, synchronous: true) {
    product { id variants(first: 250) { nodes { id sku } } }
    userErrors { field message code }
  }
}"""


@dataclass(frozen=True, slots=True)
class DemoCatalog:
    locations: dict[str, str]  # name -> location gid
    products: int
    variants: int


def _sku(title: str, *values: str) -> str:
    stem = "".join(word[0] for word in title.split()).upper()
    parts = [v.replace(" ", "").upper()[:4] for v in values]
    return "-".join([stem, *parts])


def _quantity(n: int, location: int) -> int:
    """A spread of stock levels: plenty, a few, some at zero (deterministic)."""
    base = (n * 7) % 23
    return max(0, base - location * 6)


def _check(answer: dict[str, Any], field: str) -> dict[str, Any]:
    payload = (answer.get("data") or {}).get(field)
    if not payload or payload.get("userErrors") or answer.get("errors"):
        raise RuntimeError(f"demo catalog: {field} refused: {answer}")
    result: dict[str, Any] = payload
    return result


def seed_apparel(app: SandboxApp) -> DemoCatalog:
    """Add the demo locations and the season's products to `app`'s store."""
    where: dict[str, str] = {}
    for name, city, street, zip_code in LOCATIONS:
        address = {"countryCode": "GB", "city": city, "address1": street, "zip": zip_code}
        answer = app.admin_execute(LOCATION_ADD, {"input": {"name": name, "address": address}})
        where[name] = _check(answer, "locationAdd")["location"]["id"]
    variants = 0
    n = 0
    for title, kind, vendor, status, price, sizes, colours, fits, material, gender in STYLES:
        rows = []
        for size, colour, fit in combinations(sizes, colours, fits):
            n += 1
            rows.append(
                {
                    "sku": _sku(title, size, colour, fit),
                    "price": price,
                    "optionValues": [
                        {"optionName": "Size", "name": size},
                        {"optionName": "Colour", "name": colour},
                        {"optionName": "Fit", "name": fit},
                    ],
                    "inventoryItem": {"tracked": True},
                    "inventoryQuantities": [
                        {"locationId": gid, "name": "available", "quantity": _quantity(n, i)}
                        for i, gid in enumerate(where.values())
                    ],
                }
            )
        options = [
            {"name": name, "values": [{"name": v} for v in values]}
            for name, values in (("Size", sizes), ("Colour", colours), ("Fit", fits))
        ]
        text = "single_line_text_field"
        answer = app.admin_execute(
            PRODUCT_SET,
            {
                "input": {
                    "title": title,
                    "status": status,
                    "vendor": vendor,
                    "productType": kind,
                    "tags": [SEASON_TAG, kind.lower()],
                    "descriptionHtml": f"<p>{title}: {material.lower()}, made to last.</p>",
                    "productOptions": options,
                    "metafields": [
                        {"namespace": "custom", "key": "material", "type": text, "value": material},
                        {"namespace": "custom", "key": "gender", "type": text, "value": gender},
                    ],
                    "variants": rows,
                }
            },
        )
        _check(answer, "productSet")
        variants += len(rows)
    app.store.level_changes.clear()  # a seeded catalog is where the shop starts: no events
    return DemoCatalog(locations=where, products=len(STYLES), variants=variants)
