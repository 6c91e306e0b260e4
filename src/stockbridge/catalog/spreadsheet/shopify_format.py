"""Shopify's product CSV: the export merchants arriving from Shopify already have.

A product's first row carries its columns (Title, Body (HTML), Vendor, Option names...);
continuation rows carry only the Handle plus variant columns, or only image columns."""

from __future__ import annotations

from decimal import Decimal
from typing import cast

from .. import rules
from ..specs import AttributeSpec, ImageSpec, ProductSpec, VariantSpec
from . import cells
from .checks import check_spec
from .drafts import Columns, Draft, Row

NAME = "shopify"
OPTION_NAME = ("Option1 Name", "Option2 Name", "Option3 Name")
OPTION_VALUE = ("Option1 Value", "Option2 Value", "Option3 Value")
GRAMS_PER_UNIT = {
    "g": Decimal(1),
    "kg": Decimal(1000),
    "lb": Decimal("453.59237"),
    "oz": Decimal("28.349523125"),
}
FOUR_PLACES = Decimal("0.0001")
PRODUCT = {
    "handle": "Handle",
    "title": "Title",
    "description_html": "Body (HTML)",
    "vendor": "Vendor",
    "product_type": "Type",
    "category": "Product Category",
    "tags": "Tags",
    "status": "Status",
}
VARIANT = {
    "sku": "Variant SKU",
    "price": "Variant Price",
    "compare_at_price": "Variant Compare At Price",
    "cost": "Cost per item",
    "barcode": "Variant Barcode",
    "weight": "Variant Grams",
    "weight_unit": "Variant Weight Unit",
}
COLUMNS = Columns(
    product=PRODUCT,
    variant=VARIANT,
    attribute_name=OPTION_NAME,
    attribute_values=OPTION_VALUE,
    attribute_value=OPTION_VALUE,
    images="Image Src",
    variant_images="Variant Image",
)
DEFAULT_OPTION = ("Title", "Default Title")


def recognises(header: list[str]) -> bool:
    return "Handle" in header and ("Variant Price" in header or "Option1 Name" in header)


def header_problems(header: list[str]) -> list[str]:
    return [
        f"missing column {c!r}" for c in ("Handle", "Title", "Variant Price") if c not in header
    ]


def group_key(row: Row, first: Row | None) -> str:
    """The row's Handle ("" continues the product above)."""
    return row.get("Handle").strip()


def _status(draft: Draft, first: Row) -> str:
    status = first.get("Status").strip().lower()
    if status:
        return status
    published = first.get("Published").strip().lower()
    if published in ("true", "yes", "1"):
        return "active"
    if published in ("", "false", "no", "0"):
        return "draft"
    draft.fail(first.line, "Published", f"must be true or false, got {published!r}")
    return "draft"


def _is_variant_row(row: Row) -> bool:
    return any(row.get(c).strip() for c in (*OPTION_VALUE, "Variant SKU", "Variant Price"))


def _weight(draft: Draft, row: Row) -> tuple[Decimal | None, str]:
    unit = row.get("Variant Weight Unit").strip().lower() or "g"
    unit = {"lbs": "lb"}.get(unit, unit)
    try:
        grams = cells.decimal_or_none(row.get("Variant Grams"))
    except ValueError as exc:
        draft.fail(row.line, "Variant Grams", str(exc))
        return None, unit
    if grams is None or unit not in GRAMS_PER_UNIT:
        return grams, unit
    return (grams / GRAMS_PER_UNIT[unit]).quantize(FOUR_PLACES), unit


def derived_sku(handle: str, values: tuple[str, ...]) -> str:
    """The SKU given to a variant whose `Variant SKU` is empty: the handle, then each option
    value as a handle (``classic-varsity-top-small``). Stable, so re-imports update it."""
    return "-".join([handle, *(rules.handle_from_title(v) for v in values)])


def _money(draft: Draft, row: Row, name: str) -> Decimal | None:
    try:
        return cells.decimal_or_none(row.get(VARIANT[name]))
    except ValueError as exc:
        draft.fail(row.line, VARIANT[name], str(exc))
        return None


def build(key: str, rows: list[Row], check: bool = True) -> Draft:
    """Read one Handle's rows into a checked draft. With `check`, the catalog rules too (the
    importer leaves them to the catalog service that stores the product)."""
    variant_rows = [r for r in rows if _is_variant_row(r)]
    draft = Draft(key=key, rows=rows, variant_lines=[r.line for r in variant_rows], columns=COLUMNS)
    first = rows[0]
    names = [first.get(c).strip() for c in OPTION_NAME]
    names = names[: max((i + 1 for i, n in enumerate(names) if n), default=0)]
    default_only = names == ["Title"] and all(
        r.get("Option1 Value").strip() in ("", DEFAULT_OPTION[1]) for r in variant_rows
    )
    if default_only:
        names = []
    for i, name in enumerate(names):
        if not name:
            draft.fail(first.line, OPTION_NAME[i], f"is empty but {OPTION_NAME[i + 1]} is given")
    values: list[list[str]] = [[] for _ in names]
    variants: list[VariantSpec] = []
    links: dict[str, list[str]] = {}
    for row in variant_rows:
        chosen = tuple(row.get(OPTION_VALUE[i]).strip() for i in range(len(names)))
        for i, value in enumerate(chosen):
            if not value:
                draft.fail(row.line, OPTION_VALUE[i], f"is required (the product has {names[i]!r})")
            elif value not in values[i]:
                values[i].append(value)
        for i in range(len(names), len(OPTION_VALUE)):
            if row.get(OPTION_VALUE[i]).strip() and not default_only:
                draft.fail(row.line, OPTION_VALUE[i], f"is given but {OPTION_NAME[i]} is empty")
        weight, unit = _weight(draft, row)
        sku = row.get("Variant SKU").strip() or derived_sku(key, chosen)
        variants.append(
            VariantSpec(
                sku=sku,
                price=cast(Decimal, _money(draft, row, "price")),
                attribute_values=chosen,
                barcode=row.get("Variant Barcode").strip(),
                compare_at_price=_money(draft, row, "compare_at_price"),
                cost=_money(draft, row, "cost"),
                weight=weight,
                weight_unit=unit,
            )
        )
        image = row.get("Variant Image").strip()
        if image:
            links.setdefault(image, []).append(sku)
    images: list[tuple[int, int, str, str]] = []
    for order, row in enumerate(rows):
        url = row.get("Image Src").strip()
        if not url or any(url == i[2] for i in images):
            continue
        try:
            position = cells.position_or_none(row.get("Image Position")) or 10**6 + order
        except ValueError as exc:
            draft.fail(row.line, "Image Position", str(exc))
            position = 10**6 + order
        images.append((position, order, url, row.get("Image Alt Text").strip()))
    images.sort()
    listed = {url for _, _, url, _ in images}
    image_specs = [
        ImageSpec(url=url, alt=alt, variant_skus=tuple(links.get(url, ())))
        for _, _, url, alt in images
    ]
    image_specs += [
        ImageSpec(url=url, variant_skus=tuple(skus))
        for url, skus in links.items()
        if url not in listed
    ]
    draft.spec = ProductSpec(
        title=first.get("Title").strip(),
        handle=key,
        description_html=first.get("Body (HTML)"),
        status=_status(draft, first),
        vendor=first.get("Vendor").strip(),
        product_type=first.get("Type").strip(),
        category=first.get("Product Category").strip(),
        tags=cells.tag_list(first.get("Tags")),
        attributes=tuple(
            AttributeSpec(name=n, values=tuple(v)) for n, v in zip(names, values, strict=True)
        ),
        variants=tuple(variants),
        images=tuple(image_specs),
    )
    if check:
        check_spec(draft)
    return draft
