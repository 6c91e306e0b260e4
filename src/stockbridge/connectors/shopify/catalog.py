"""Reading the store's catalog by bulk operation (Import listings / Pull All Products).

Two bulk queries run at once (API-NOTES §2.6: since 2026-01 up to five per app and shop;
each query at most 5 connections nested at most two levels below the root):
- `catalog_levels` (groupObjects false): every inventory level of every location, read first
  into a map inventory item id -> [(location id, available)]: one small tuple per level, the
  only thing held for the whole store (about 30 MB for 100,000 variants at two locations);
- `catalog_products` (groupObjects true): products with their media, metafields and
  variants. Grouped output puts a product's children right after it, so each product is
  complete when the next one starts and is yielded then: one product in memory at a time.

Shopify's default option ("Title" / "Default Title") of a product without options is read as
no options. Values are passed as Shopify states them (status lowercased, weight units as
Shopify names them); the importer decides what the hub can hold.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from decimal import Decimal, InvalidOperation
from typing import Any

from stockbridge.channels.errors import Unavailable
from stockbridge.channels.port import Metafield, RemoteProduct, RemoteQuantity, RemoteVariant

from . import bulk, documents
from .client import ShopifyClient
from .errors import excerpt

Levels = dict[str, tuple[RemoteQuantity, ...]]
DEFAULT_OPTION = ("Title", "Default Title")
LEVEL_GID = "gid://shopify/InventoryLevel/"


class CatalogExport(Iterator[RemoteProduct]):
    """The store's products, streamed; `total` is how many products the export holds."""

    def __init__(
        self,
        client: ShopifyClient,
        products: bulk.BulkResult,
        levels: bulk.BulkResult | None,
    ) -> None:
        self.total: int | None = products.root_object_count
        self._products = _stream(
            bulk.lines(client, products),
            bulk.lines(client, levels) if levels is not None else iter(()),
        )

    def __iter__(self) -> CatalogExport:
        return self

    def __next__(self) -> RemoteProduct:
        return next(self._products)


def export_catalog(client: ShopifyClient, *, quantities: bool = True) -> CatalogExport:
    """Run both bulk queries (at once), wait for them, and stream the catalog."""
    products_id = bulk.start(client, documents.load("catalog_products"), group_objects=True)
    levels_id = bulk.start(client, documents.load("catalog_levels")) if quantities else None
    levels = bulk.wait(client, levels_id) if levels_id is not None else None
    products = bulk.wait(client, products_id)
    return CatalogExport(client, products, levels)


def read_levels(lines: Iterable[dict[str, Any]]) -> Levels:
    """Inventory item id -> its quantities from the levels export. Equal quantities (same
    location, same figure) are one shared object: a store's figures repeat a lot."""
    levels: Levels = {}
    shared: dict[tuple[str, int], RemoteQuantity] = {}
    for obj in lines:
        parent = obj.get("__parentId")
        if parent is None or not str(obj.get("id", "")).startswith(LEVEL_GID):
            continue
        item = (obj.get("item") or {}).get("id")
        available = None
        for q in obj.get("quantities") or ():
            if q.get("name") == "available":
                available = q.get("quantity")
                break
        if not item or not isinstance(available, int):
            raise Unavailable(
                "Shopify's inventory export has a level without item or available quantity",
                excerpt=excerpt(obj),
            )
        key = (parent, available)
        quantity = shared.get(key)
        if quantity is None:
            quantity = shared[key] = RemoteQuantity(location_remote_id=parent, available=available)
        found = levels.get(item)
        if found is None:
            levels[item] = (quantity,)
        else:
            levels[item] = (*found, quantity)
    return levels


def _stream(
    product_lines: Iterator[dict[str, Any]], level_lines: Iterator[dict[str, Any]]
) -> Iterator[RemoteProduct]:
    levels = read_levels(level_lines)
    yield from assemble(product_lines, levels)


def assemble(lines: Iterable[dict[str, Any]], levels: Levels) -> Iterator[RemoteProduct]:
    """Products from grouped export lines: each product's children follow it."""
    current: dict[str, Any] | None = None
    variants: list[dict[str, Any]] = []
    media: list[dict[str, Any]] = []
    metafields: list[dict[str, Any]] = []
    of_variant: dict[str, dict[str, Any]] = {}
    for obj in lines:
        parent = obj.get("__parentId")
        if parent is None:
            if current is not None:
                yield product_of(current, variants, media, metafields, levels)
            current, variants, media, metafields, of_variant = obj, [], [], [], {}
            continue
        if parent in of_variant:  # a variant's own metafield (it follows its variant)
            of_variant[parent].setdefault("__metafields", []).append(obj)
            continue
        if current is None or parent != current.get("id"):
            raise Unavailable(
                "Shopify's product export is not grouped: an object came apart from its "
                "product; run the import again",
                excerpt=excerpt(obj),
            )
        kind = _kind(str(obj.get("id", "")))
        if kind == "ProductVariant":
            variants.append(obj)
            of_variant[str(obj.get("id"))] = obj
        elif kind == "Metafield":
            metafields.append(obj)
        else:
            media.append(obj)
    if current is not None:
        yield product_of(current, variants, media, metafields, levels)


def _kind(gid: str) -> str:
    parts = gid.split("/")
    return parts[3] if len(parts) > 4 else ""


# Figures read, by their text: one Decimal per distinct figure (a store's prices, costs and
# weights repeat; Decimals never change), so it is parsed once and what the import then asks
# of it is remembered (`platform.figures`). Bounded: forgotten all at once when full.
_NUMBERS: dict[str, Decimal] = {}
_NUMBERS_SIZE = 4096


def _decimal(value: Any, what: str, obj: dict[str, Any]) -> Decimal | None:
    if value is None or value == "":
        return None
    text = value if type(value) is str else str(value)
    number = _NUMBERS.get(text)
    if number is not None:
        return number
    try:
        number = Decimal(text)
    except InvalidOperation:
        owner = f"variant {obj.get('sku') or obj.get('id')}"
        raise Unavailable(
            f"Shopify gave {what} {value!r} for {owner}, which is not a number",
            excerpt=str(value),
        ) from None
    if len(_NUMBERS) >= _NUMBERS_SIZE:
        _NUMBERS.clear()
    _NUMBERS[text] = number
    return number


def product_of(
    obj: dict[str, Any],
    variant_rows: list[dict[str, Any]],
    media_rows: list[dict[str, Any]],
    metafield_rows: list[dict[str, Any]],
    levels: Levels,
) -> RemoteProduct:
    options = sorted(obj.get("options") or (), key=lambda o: int(o.get("position") or 0))
    names = tuple(str(o.get("name") or "") for o in options)
    default = names == (DEFAULT_OPTION[0],) and all(
        [(s.get("name"), s.get("value")) for s in v.get("selectedOptions") or ()]
        == [DEFAULT_OPTION]
        for v in variant_rows
    )
    if default:
        names = ()
    category = obj.get("category")
    return RemoteProduct(
        remote_id=str(obj["id"]),
        title=str(obj.get("title") or ""),
        handle=str(obj.get("handle") or ""),
        status=str(obj.get("status") or "").lower(),
        published=bool(obj.get("publishedAt")),
        vendor=str(obj.get("vendor") or ""),
        product_type=str(obj.get("productType") or ""),
        description_html=str(obj.get("descriptionHtml") or ""),
        tags=tuple(str(t) for t in obj.get("tags") or ()),
        option_names=names,
        category=f"{category['id']} | {category.get('fullName') or ''}" if category else None,
        image_urls=tuple(
            str(m["image"]["url"]) for m in media_rows if (m.get("image") or {}).get("url")
        ),
        metafields=_metafields(metafield_rows),
        variants=tuple(
            sorted(
                (variant_of(v, names, levels) for v in variant_rows),
                key=lambda v: (v.position, v.remote_id),
            )
        ),
    )


def _metafields(rows: Iterable[dict[str, Any]]) -> tuple[Metafield, ...]:
    return tuple(
        Metafield(
            namespace=str(m.get("namespace") or ""),
            key=str(m.get("key") or ""),
            type=str(m.get("type") or ""),
            value=str(m.get("value") if m.get("value") is not None else ""),
        )
        for m in rows
    )


def variant_of(obj: dict[str, Any], names: tuple[str, ...], levels: Levels) -> RemoteVariant:
    item = obj.get("inventoryItem") or {}
    measurement = item.get("measurement") or {}
    weight = measurement.get("weight") or {}
    if names:
        selected = {s.get("name"): s.get("value") for s in obj.get("selectedOptions") or ()}
        options = tuple((name, str(selected.get(name) or "")) for name in names)
    else:
        options = ()
    item_id = item.get("id")
    image = obj.get("image")
    extra = obj.get("__metafields")  # the variant's own metafields (rare)
    unit = weight.get("unit")
    return RemoteVariant(
        remote_id=str(obj["id"]),
        inventory_item_id=str(item_id) if item_id else None,
        sku=str(obj.get("sku") or ""),
        barcode=str(obj.get("barcode") or ""),
        title=str(obj.get("title") or ""),
        options=options,
        price=_decimal(obj.get("price"), "the price", obj),
        compare_at_price=_decimal(obj.get("compareAtPrice"), "the compare-at price", obj),
        cost=_decimal((item.get("unitCost") or {}).get("amount"), "the unit cost", obj),
        weight=_decimal(weight.get("value"), "the weight", obj),
        weight_unit=str(unit) if unit else None,
        tracked=bool(item.get("tracked", True)),
        position=int(obj.get("position") or 0),
        image_url=str((image or {}).get("url") or "") or None,
        quantities=levels.get(str(item_id), ()),
        metafields=_metafields(extra) if extra else (),
    )
