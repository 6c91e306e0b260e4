"""A `ProductDraft` as BigCommerce v3 catalog bodies (only what the draft publishes).

| Draft | BigCommerce |
|---|---|
| title, description_html | `name`, `description` |
| handle | `custom_url` `/<handle>/` (the storefront URL, unique in the store) |
| status | `is_visible` (ACTIVE shows it; DRAFT and ARCHIVED hide it: a draft) |
| vendor | `brand_name` (the brand is made when the store has none of that name) |
| product_type | the custom field `Product type` (BigCommerce has no product types) |
| tags | `search_keywords`, comma-separated |
| seo_title, seo_description | `page_title`, `meta_description` |
| product metafields | custom fields, `name` = key (250 characters each, 200 a product) |
| options and variants | `variants` with `option_values` (`option_display_name`, `label`) |
| a product without options | its one variant's SKU, prices, barcode and weight on the product |
| variant price, compare-at, cost | `price`, `retail_price`, `cost_price` |
| variant barcode, weight | `upc`, `weight` |
| variant metafields | variant metafields (batch), in the draft's namespace |

`weight` and `price` are required on create: the first variant's, else 0."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from decimal import Decimal
from typing import Any

from stockbridge.channels.errors import Rejected
from stockbridge.channels.port_publish import DraftVariant, ProductDraft

PRODUCT_TYPE = "Product type"
FIELD_LIMIT = 250
FIELDS_LIMIT = 200
VISIBLE = "ACTIVE"


def _number(value: Decimal) -> float:
    return float(value)


def url_of(handle: str) -> str:
    return f"/{handle.strip('/')}/"


def variant_body(v: DraftVariant, names: Sequence[str]) -> dict[str, Any]:
    body: dict[str, Any] = {"sku": v.sku}
    for key, value in (
        ("price", v.price),
        ("retail_price", v.compare_at_price),
        ("cost_price", v.cost),
        ("weight", v.weight),
    ):
        if value is not None:
            body[key] = _number(value)
    if v.barcode is not None:
        body["upc"] = v.barcode
    if names:
        body["option_values"] = [
            {"option_display_name": n, "label": label}
            for n, label in zip(names, v.options, strict=True)
        ]
    return body


def custom_fields(draft: ProductDraft, held: Mapping[str, int]) -> list[dict[str, Any]] | None:
    """The draft's custom fields (product type and product metafields); each one the store
    holds by that name carries its `id` (updated, not added). None: none published."""
    wanted: list[tuple[str, str]] = []
    if draft.product_type is not None:
        wanted.append((PRODUCT_TYPE, draft.product_type))
    wanted += [(m.key, m.value) for m in draft.metafields]
    if not wanted and draft.product_type is None:
        return None
    if len(wanted) > FIELDS_LIMIT:
        raise Rejected("metafields", f"BigCommerce takes at most {FIELDS_LIMIT} custom fields")
    out = []
    for name, value in wanted:
        if not value:
            continue  # BigCommerce refuses an empty custom field: none is shown
        if len(name) > FIELD_LIMIT or len(value) > FIELD_LIMIT:
            raise Rejected(name, f"is over BigCommerce's {FIELD_LIMIT} characters a custom field")
        row: dict[str, Any] = {"name": name, "value": value}
        if name in held:
            row["id"] = held[name]
        out.append(row)
    return out


def product_body(
    draft: ProductDraft, *, creating: bool, held_fields: Mapping[str, int]
) -> dict[str, Any]:
    body: dict[str, Any] = {"custom_url": {"url": url_of(draft.handle), "is_customized": True}}
    for key, value in (
        ("name", draft.title),
        ("description", draft.description_html),
        ("brand_name", draft.vendor or None),
        ("page_title", draft.seo_title),
        ("meta_description", draft.seo_description),
    ):
        if value is not None:
            body[key] = value
    if draft.status is not None:
        body["is_visible"] = draft.status.upper() == VISIBLE
    if draft.tags is not None:
        body["search_keywords"] = ", ".join(draft.tags)
    fields = custom_fields(draft, held_fields)
    if fields:
        body["custom_fields"] = fields
    ordered = sorted(draft.variants, key=lambda v: v.position)
    tracked = any(v.tracked is not False for v in ordered)
    if creating:
        first = ordered[0] if ordered else None
        body.setdefault("name", draft.handle)
        body["type"] = "physical"
        body["weight"] = _number(first.weight) if first and first.weight is not None else 0
        body["price"] = _number(first.price) if first and first.price is not None else 0
        body["inventory_tracking"] = (
            "none" if not tracked else "variant" if draft.option_names else "product"
        )
        if draft.option_names:
            body["variants"] = [variant_body(v, draft.option_names) for v in ordered]
    if not draft.option_names and ordered:  # a simple product: its variant is the product
        body.update(variant_body(ordered[0], ()))
    return body


def metafield_rows(draft: ProductDraft, ids: Mapping[str, str]) -> list[dict[str, Any]]:
    """The variants' metafields to hold, each with its variant's id (by SKU)."""
    rows = []
    for v in draft.variants:
        for m in v.metafields:
            if v.sku in ids and m.value:
                rows.append(
                    {
                        "resource_id": int(ids[v.sku]),
                        "namespace": m.namespace,
                        "key": m.key,
                        "value": m.value,
                        "permission_set": "write_and_sf_access",
                    }
                )
    return rows
