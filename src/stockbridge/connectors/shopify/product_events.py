"""Shopify's product webhooks read as `ProductEvent`s (API-NOTES §2.8): `products/create` and
`products/update` carry the REST product (title, body_html, vendor, product_type, status,
tags as one comma-separated text, variants with their prices and SKUs); `products/delete`
only the id. A `products/create` is also read as the `RemoteProduct` an import makes a hub
product from (`created_product`). Ids are turned to gids (`admin_graphql_api_id` when given)."""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal, InvalidOperation
from typing import Any

from stockbridge.channels.errors import Rejected
from stockbridge.channels.port import RemoteProduct, RemoteVariant
from stockbridge.channels.port_publish import ProductEvent, PublishedProduct, PublishedVariant

from .published import moment

DELETE = "products/delete"


def _gid(body: Mapping[str, Any], kind: str) -> str:
    given = body.get("admin_graphql_api_id")
    if isinstance(given, str) and given.startswith("gid://"):
        return given
    number = body.get("id")
    if isinstance(number, bool) or not isinstance(number, int | str) or not str(number).isdigit():
        raise Rejected("id", f"the {kind} event carries no id")
    return f"gid://shopify/{kind}/{number}"


def _money(value: Any) -> Decimal | None:
    if value in (None, ""):
        return None
    try:
        return Decimal(str(value))
    except InvalidOperation:
        raise Rejected("price", f"the event's amount {value!r} is not a number") from None


def read(topic: str, body: Mapping[str, Any]) -> ProductEvent:
    remote_id = _gid(body, "Product")
    updated = moment(body.get("updated_at"))
    if topic == DELETE:
        return ProductEvent(remote_id=remote_id, deleted=True, updated_at=updated, product=None)
    tags = tuple(t.strip() for t in str(body.get("tags") or "").split(",") if t.strip())
    variants = []
    for row in body.get("variants") or []:
        if not isinstance(row, Mapping):
            continue
        options = tuple(
            str(row[f"option{i}"]) for i in (1, 2, 3) if row.get(f"option{i}") is not None
        )
        variants.append(
            PublishedVariant(
                remote_id=_gid(row, "ProductVariant"),
                inventory_item_id="",
                sku=str(row.get("sku") or ""),
                options=options,
                position=int(row.get("position") or 0),
                barcode=row.get("barcode"),
                price=_money(row.get("price")),
                compare_at_price=_money(row.get("compare_at_price")),
            )
        )
    declared = sorted(
        (o for o in body.get("options") or [] if isinstance(o, Mapping)),
        key=lambda o: int(o.get("position") or 0),
    )
    product = PublishedProduct(
        remote_id=remote_id,
        handle=str(body.get("handle") or ""),
        title=str(body.get("title") or ""),
        status=str(body.get("status") or "").lower(),
        description_html=str(body.get("body_html") or ""),
        vendor=str(body.get("vendor") or ""),
        product_type=str(body.get("product_type") or ""),
        tags=tags,
        seo_title=None,
        seo_description=None,
        category=None,
        option_names=tuple(str(o.get("name")) for o in declared),
        variants=tuple(variants),
        updated_at=updated,
    )
    return ProductEvent(remote_id=remote_id, deleted=False, updated_at=updated, product=product)


CREATE = "products/create"
WEIGHT_UNITS = {"g": "GRAMS", "kg": "KILOGRAMS", "oz": "OUNCES", "lb": "POUNDS"}


def created_product(topic: str, body: Mapping[str, Any]) -> RemoteProduct | None:
    """The product a `products/create` event carries, in the terms of a catalog export (the
    REST product: options, variants with option1..3, SKU, barcode, prices, weight, images);
    None for other topics. Quantities are not read (the event's are not per location)."""
    if topic != CREATE:
        return None
    remote_id = _gid(body, "Product")
    declared = sorted(
        (o for o in body.get("options") or [] if isinstance(o, Mapping)),
        key=lambda o: int(o.get("position") or 0),
    )
    names = tuple(str(o.get("name") or "") for o in declared)
    rows = [r for r in body.get("variants") or [] if isinstance(r, Mapping)]
    if names == ("Title",) and all(r.get("option1") == "Default Title" for r in rows):
        names = ()
    images = {
        i.get("id"): str(i.get("src"))
        for i in body.get("images") or []
        if isinstance(i, Mapping) and i.get("src")
    }
    variants = tuple(
        RemoteVariant(
            remote_id=_gid(row, "ProductVariant"),
            inventory_item_id=(
                f"gid://shopify/InventoryItem/{row['inventory_item_id']}"
                if str(row.get("inventory_item_id") or "").isdigit()
                else None
            ),
            sku=str(row.get("sku") or ""),
            barcode=str(row.get("barcode") or ""),
            title=str(row.get("title") or ""),
            options=tuple(
                (name, str(row.get(f"option{i + 1}") or "")) for i, name in enumerate(names)
            ),
            price=_money(row.get("price")),
            compare_at_price=_money(row.get("compare_at_price")),
            weight=_money(row.get("weight")) if row.get("weight_unit") else None,
            weight_unit=WEIGHT_UNITS.get(str(row.get("weight_unit") or "")),
            tracked=row.get("inventory_management") is not None,
            position=int(row.get("position") or 0),
            image_url=images.get(row.get("image_id")),
        )
        for row in rows
    )
    return RemoteProduct(
        remote_id=remote_id,
        title=str(body.get("title") or ""),
        handle=str(body.get("handle") or ""),
        status=str(body.get("status") or "active").lower(),
        published=bool(body.get("published_at")),
        vendor=str(body.get("vendor") or ""),
        product_type=str(body.get("product_type") or ""),
        description_html=str(body.get("body_html") or ""),
        tags=tuple(t.strip() for t in str(body.get("tags") or "").split(",") if t.strip()),
        option_names=names,
        image_urls=tuple(images.values()),
        variants=tuple(sorted(variants, key=lambda v: (v.position, v.remote_id))),
    )
