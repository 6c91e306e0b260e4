"""Reading published products back (`PublishedProduct` / `PublishedVariant` fragments): what
the store holds, in the terms of a `ProductDraft`, for previews, structure checks and the
answer of a publish."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime
from decimal import Decimal, InvalidOperation
from typing import Any

from stockbridge.channels.errors import Unavailable
from stockbridge.channels.port import Metafield
from stockbridge.channels.port_publish import PublishedProduct, PublishedVariant

from .client import ShopifyClient

PAGE = 250


def moment(value: Any) -> datetime | None:
    """An ISO 8601 time from Shopify as an aware UTC datetime (None when absent or bad)."""
    if not isinstance(value, str) or not value:
        return None
    try:
        parsed = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return None
    return parsed.astimezone(UTC) if parsed.tzinfo else None


def _money(value: Any) -> Decimal | None:
    if value is None:
        return None
    try:
        return Decimal(str(value))
    except InvalidOperation as exc:
        raise Unavailable(f"Shopify answered an amount that is not a number: {value!r}") from exc


def variant(node: dict[str, Any]) -> PublishedVariant:
    item = node.get("inventoryItem") or {}
    weight = ((item.get("measurement") or {}).get("weight")) or {}
    return PublishedVariant(
        remote_id=str(node["id"]),
        inventory_item_id=str(item.get("id") or ""),
        sku=str(node.get("sku") or ""),
        options=tuple(str(o.get("value")) for o in node.get("selectedOptions") or []),
        position=int(node.get("position") or 0),
        barcode=node.get("barcode"),
        price=_money(node.get("price")),
        compare_at_price=_money(node.get("compareAtPrice")),
        cost=_money((item.get("unitCost") or {}).get("amount")),
        weight=_money(weight.get("value")) if weight else None,
        weight_unit=weight.get("unit") if weight else None,
        tracked=item.get("tracked"),
    )


def product(client: ShopifyClient, node: dict[str, Any]) -> PublishedProduct:
    """A `PublishedProduct` fragment as a value; further pages of variants are read."""
    connection = node.get("variants") or {}
    nodes = list(connection.get("nodes") or [])
    page = connection.get("pageInfo") or {}
    while page.get("hasNextPage"):
        data = client.execute(
            "published_variants", {"id": node["id"], "after": page.get("endCursor")}
        )
        more = ((data.get("product") or {}).get("variants")) or {}
        nodes.extend(more.get("nodes") or [])
        page = more.get("pageInfo") or {}
    seo = node.get("seo") or {}
    options = sorted(node.get("options") or [], key=lambda o: int(o.get("position") or 0))
    return PublishedProduct(
        remote_id=str(node["id"]),
        handle=str(node.get("handle") or ""),
        title=str(node.get("title") or ""),
        status=str(node.get("status") or "").lower(),
        description_html=str(node.get("descriptionHtml") or ""),
        vendor=str(node.get("vendor") or ""),
        product_type=str(node.get("productType") or ""),
        tags=tuple(str(t) for t in node.get("tags") or []),
        seo_title=seo.get("title"),
        seo_description=seo.get("description"),
        category=((node.get("category") or {}).get("id")),
        option_names=tuple(str(o.get("name")) for o in options),
        variants=tuple(variant(v) for v in nodes),
        image_ids=tuple(str(m["id"]) for m in ((node.get("media") or {}).get("nodes") or [])),
        updated_at=moment(node.get("updatedAt")),
        metafields=tuple(
            Metafield(
                namespace=str(m.get("namespace")),
                key=str(m.get("key")),
                type=str(m.get("type")),
                value=str(m.get("value")),
            )
            for m in ((node.get("metafields") or {}).get("nodes") or [])
        ),
    )


def published(client: ShopifyClient, remote_ids: Sequence[str]) -> dict[str, PublishedProduct]:
    out: dict[str, PublishedProduct] = {}
    ids = list(dict.fromkeys(remote_ids))
    for start in range(0, len(ids), PAGE):
        data = client.execute("published_products", {"ids": ids[start : start + PAGE]})
        for node in data.get("nodes") or []:
            if isinstance(node, dict) and node.get("id"):
                found = product(client, node)
                out[found.remote_id] = found
    return out
