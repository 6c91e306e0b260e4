"""Our own spreadsheet format: one row per variant, the product's columns repeated on each row.

Every column is documented in docs/catalog-csv.md; `HEADER` is the order export writes."""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from typing import Any, cast

from .. import rules
from ..specs import (
    PRODUCT_FIELDS,
    VARIANT_FIELDS,
    VARIANT_MEASURE_FIELDS,
    VARIANT_MONEY_FIELDS,
    AttributeSpec,
    ImageSpec,
    ProductSpec,
    VariantSpec,
)
from . import cells
from .checks import check_spec
from .drafts import Columns, Draft, Row

NAME = "stockbridge"
SLOTS = range(1, rules.MAX_ATTRIBUTES + 1)
# The product columns: every product field of the spec (but its attributes, which have columns
# of their own), the identifying ones first.
LEADING_PRODUCT_COLUMNS = ("handle", "title", "status")
PRODUCT = {
    name: name
    for name in (
        *LEADING_PRODUCT_COLUMNS,
        *(f for f in PRODUCT_FIELDS if f not in LEADING_PRODUCT_COLUMNS and f != "attributes"),
    )
}
ATTRIBUTE_NAME = tuple(f"attribute{n}_name" for n in SLOTS)
ATTRIBUTE_VALUES = tuple(f"attribute{n}_values" for n in SLOTS)
ATTRIBUTE_VALUE = tuple(f"attribute{n}_value" for n in SLOTS)
# The variant columns: every variant field of the spec (but its attribute values, which have
# columns of their own), the identifying ones first, then the images it shows.
LEADING_VARIANT_COLUMNS = ("sku", "barcode", "position", "currency")
VARIANT = {
    name: f"variant_{name}"
    for name in (
        *LEADING_VARIANT_COLUMNS,
        *(
            n
            for n in VARIANT_FIELDS
            if n not in LEADING_VARIANT_COLUMNS and n != "attribute_values"
        ),
        "images",
    )
}
VALUES_SEPARATOR = "|"
MONEY_AND_MEASURES = (*VARIANT_MONEY_FIELDS, *VARIANT_MEASURE_FIELDS)
PRODUCT_LEVEL = (
    *PRODUCT.values(),
    *(c for n in range(len(ATTRIBUTE_NAME)) for c in (ATTRIBUTE_NAME[n], ATTRIBUTE_VALUES[n])),
)
HEADER = (
    *PRODUCT.values(),
    *(
        c
        for n in range(len(ATTRIBUTE_NAME))
        for c in (ATTRIBUTE_NAME[n], ATTRIBUTE_VALUES[n], ATTRIBUTE_VALUE[n])
    ),
    *VARIANT.values(),
)
COLUMNS = Columns(
    product=PRODUCT,
    variant=VARIANT,
    attribute_name=ATTRIBUTE_NAME,
    attribute_values=ATTRIBUTE_VALUES,
    attribute_value=ATTRIBUTE_VALUE,
    images=PRODUCT["images"],
    variant_images=VARIANT["images"],
)
UNTRIMMED = ("description_html",)


def recognises(header: list[str]) -> bool:
    return "variant_sku" in header


def header_problems(header: list[str]) -> list[str]:
    known = set(HEADER)
    problems = [f"unknown column {c!r}" for c in header if c not in known]
    problems += [
        f"missing column {c!r}" for c in ("variant_sku", "variant_price") if c not in header
    ]
    if "handle" not in header and "title" not in header:
        problems.append("needs a 'handle' or a 'title' column")
    return problems


def group_key(row: Row, first: Row | None) -> str:
    """The product a row belongs to: its handle, else the handle its title gives. "" continues
    the product above (`first` is that product's first row): no handle, and no title or the
    same title."""
    handle = row.get("handle").strip()
    if handle:
        return handle
    title = row.get("title").strip()
    if not title or (first is not None and first.get("title").strip() == title):
        return ""
    return rules.handle_from_title(title)


def _product_values(draft: Draft) -> dict[str, str]:
    """Product-level cells: given on the first row (or any row), the same wherever repeated."""
    values: dict[str, str] = {}
    where: dict[str, int] = {}
    for row in draft.rows:
        for column in PRODUCT_LEVEL:
            raw = row.get(column)
            text = raw if column in UNTRIMMED else raw.strip()
            if not text.strip():
                continue
            if column not in values:
                values[column], where[column] = text, row.line
            elif values[column] != text:
                draft.fail(
                    row.line,
                    column,
                    f"differs from line {where[column]} ({values[column][:40]!r}); a product's "
                    "columns must be the same on each of its rows",
                )
    return values


def _read(draft: Draft, line: int, column: str, parse: Callable[[str], Any], text: str) -> Any:
    try:
        return parse(text)
    except ValueError as exc:
        draft.fail(line, column, str(exc))
        return None


def _attributes(draft: Draft, product: dict[str, str]) -> list[tuple[str, list[str]]]:
    names: list[str] = []
    for n, column in enumerate(ATTRIBUTE_NAME):
        name = product.get(column, "")
        if name and len(names) < n:
            draft.fail(
                draft.first_line, ATTRIBUTE_NAME[len(names)], f"is empty but {column} is given"
            )
        if name:
            names.append(name)
    attributes: list[tuple[str, list[str]]] = []
    for n, name in enumerate(names):
        declared = product.get(ATTRIBUTE_VALUES[n], "")
        values = cells.split_values(declared, VALUES_SEPARATOR) if declared else []
        attributes.append((name, values))
    if any(product.get(ATTRIBUTE_VALUES[n], "") for n in range(len(names), len(SLOTS))):
        draft.fail(draft.first_line, ATTRIBUTE_VALUES[len(names)], "is given without a name")
    return attributes


def _variant(
    draft: Draft, row: Row, attributes: list[tuple[str, list[str]]], declared: list[bool]
) -> VariantSpec:
    values: list[str] = []
    for n, column in enumerate(ATTRIBUTE_VALUE):
        value = row.get(column).strip()
        if n < len(attributes):
            if not value:
                draft.fail(row.line, column, f"is required (the product has {attributes[n][0]!r})")
            elif not declared[n] and value not in attributes[n][1]:
                attributes[n][1].append(value)
            values.append(value)
        elif value:
            draft.fail(row.line, column, f"is given but {ATTRIBUTE_NAME[n]} is empty")
    numbers = {
        name: _read(draft, row.line, VARIANT[name], cells.decimal_or_none, row.get(VARIANT[name]))
        for name in MONEY_AND_MEASURES
    }
    position = _read(
        draft, row.line, VARIANT["position"], cells.position_or_none, row.get(VARIANT["position"])
    )
    currency = row.get(VARIANT["currency"]).strip().upper() or None
    return VariantSpec(
        sku=row.get(VARIANT["sku"]).strip(),
        price=cast(Decimal, numbers.pop("price")),
        attribute_values=tuple(values),
        barcode=row.get(VARIANT["barcode"]).strip(),
        currency=currency,
        weight_unit=row.get(VARIANT["weight_unit"]).strip() or "g",
        dimension_unit=row.get(VARIANT["dimension_unit"]).strip() or "cm",
        unit_type=row.get(VARIANT["unit_type"]).strip() or "fixed",
        position=position,
        **numbers,
    )


def parse_image_line(line: str) -> tuple[str, str, str]:
    """`URL [md5:HEX] [alt text]` -> (url, md5, alt)."""
    url, _, rest = line.strip().partition(" ")
    rest = rest.strip()
    md5 = ""
    if rest.startswith("md5:"):
        token, _, rest = rest.partition(" ")
        md5 = token[4:]
    return url, md5, rest.strip()


def image_line(image: ImageSpec) -> str:
    parts = [image.url]
    if image.md5:
        parts.append(f"md5:{image.md5}")
    if image.alt:
        parts.append(" ".join(image.alt.split()))
    return " ".join(parts)


def _images(product: dict[str, str], links: dict[str, list[str]]) -> tuple[ImageSpec, ...]:
    listed = [parse_image_line(line) for line in product.get("images", "").splitlines()]
    images = [(url, md5, alt) for url, md5, alt in listed if url]
    known = {url for url, _, _ in images}
    for url in links:
        if url not in known:
            images.append((url, "", ""))
            known.add(url)
    return tuple(
        ImageSpec(url=url, md5=md5, alt=alt, variant_skus=tuple(links.get(url, ())))
        for url, md5, alt in images
    )


def build(key: str, rows: list[Row], check: bool = True) -> Draft:
    """Read a product's rows into a checked draft. With `check`, the catalog rules too (the importer
    leaves them to the catalog service that stores the product)."""
    draft = Draft(key=key, rows=rows, variant_lines=[r.line for r in rows], columns=COLUMNS)
    product = _product_values(draft)
    attributes = _attributes(draft, product)
    declared = [bool(values) for _, values in attributes]
    variants: list[VariantSpec] = []
    links: dict[str, list[str]] = {}
    for row in rows:
        variant = _variant(draft, row, attributes, declared)
        variants.append(variant)
        for url in row.get(VARIANT["images"]).split():
            links.setdefault(url, []).append(variant.sku)
    custom = _read(
        draft,
        draft.first_line,
        "custom_fields",
        cells.json_object,
        product.get("custom_fields", ""),
    )
    draft.spec = ProductSpec(
        title=product.get("title", ""),
        handle=key,
        description_html=product.get("description_html", ""),
        status=product.get("status", "draft"),
        brand=product.get("brand", ""),
        vendor=product.get("vendor", ""),
        product_type=product.get("product_type", ""),
        category=product.get("category", ""),
        product_group=product.get("product_group", ""),
        season=product.get("season") or None,
        supplier=product.get("supplier") or None,
        tags=cells.tag_list(product.get("tags", "")),
        custom_fields=custom or {},
        attributes=tuple(AttributeSpec(name=n, values=tuple(v)) for n, v in attributes),
        variants=tuple(variants),
        images=_images(product, links),
    )
    if check:
        check_spec(draft)
    return draft


def rows_of(spec: ProductSpec) -> list[list[str]]:
    """The export rows of a stored product, one per variant, in `HEADER` order."""
    product = {
        "handle": spec.handle,
        "title": spec.title,
        "status": spec.status,
        "description_html": spec.description_html,
        "brand": spec.brand,
        "vendor": spec.vendor,
        "product_type": spec.product_type,
        "category": spec.category,
        "product_group": spec.product_group,
        "season": spec.season or "",
        "supplier": spec.supplier or "",
        "tags": ", ".join(spec.tags),
        "custom_fields": cells.json_text(spec.custom_fields),
        "images": "\n".join(image_line(i) for i in spec.images),
    }
    for n, attribute in enumerate(spec.attributes):
        product[ATTRIBUTE_NAME[n]] = attribute.name
        product[ATTRIBUTE_VALUES[n]] = cells.joined_values(attribute.values, VALUES_SEPARATOR)
    links: dict[str, list[str]] = {}
    for image in spec.images:
        for sku in image.variant_skus:
            links.setdefault(sku, []).append(image.url)
    rows = []
    for variant in spec.variants:
        row = dict(product)
        for n, value in enumerate(variant.attribute_values):
            row[ATTRIBUTE_VALUE[n]] = value
        for name in MONEY_AND_MEASURES:
            row[VARIANT[name]] = cells.decimal_text(getattr(variant, name))
        row[VARIANT["sku"]] = variant.sku
        row[VARIANT["barcode"]] = variant.barcode
        row[VARIANT["position"]] = str(variant.position or "")
        row[VARIANT["currency"]] = variant.currency or ""
        row[VARIANT["weight_unit"]] = variant.weight_unit
        row[VARIANT["dimension_unit"]] = variant.dimension_unit
        row[VARIANT["unit_type"]] = variant.unit_type
        row[VARIANT["images"]] = " ".join(links.get(variant.sku, ()))
        rows.append([row.get(column, "") for column in HEADER])
    return rows
