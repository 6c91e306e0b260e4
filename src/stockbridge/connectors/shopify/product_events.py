"""Shopify's product webhooks read as `ProductEvent`s (API-NOTES §2.8): `products/create` and
`products/update` carry the REST product (title, body_html, vendor, product_type, status,
tags as one comma-separated text, variants with their prices and SKUs); `products/delete`
only the id. Ids are turned to gids (`admin_graphql_api_id` when given)."""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal, InvalidOperation
from typing import Any

from stockbridge.channels.errors import Rejected
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
