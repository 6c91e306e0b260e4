"""Reading every inventory level of the store by one bulk operation (reconciliation).

The export runs `documents/bulk_inventory_levels.graphql`: locations, and under each its
inventory levels with the level's item (id, SKU, tracked, variant). A level's line names its
location only by `__parentId` (API-NOTES §2.6), so the join is the line's own parent link: no
parent line needs to be held, whatever order the lines come in (`groupObjects: false` lets a
child come before its parent). Location lines themselves carry nothing a level needs and are
passed over, and so is a level whose item is null (the item was deleted while the export ran:
the level stands for nothing any more). Memory stays flat however large the store.

A line without what a level needs (item id, an `available` quantity that is a whole number in
Shopify's range) fails the read loudly: a reconciliation must not push corrections from a
figure it made up.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from stockbridge.channels.errors import Rejected
from stockbridge.channels.port import RemoteLevel
from stockbridge.platform.bounds import MAX_STOCK

from . import bulk, documents
from .client import ShopifyClient
from .errors import excerpt

DOCUMENT = "bulk_inventory_levels"
FIELD = "bulk result"


def read_levels(client: ShopifyClient) -> Iterator[RemoteLevel]:
    """Every level of every inventory item at every location (untracked items marked so)."""
    for line in bulk.export(client, documents.load(DOCUMENT)):
        level = level_of(line)
        if level is not None:
            yield level


def level_of(line: dict[str, Any]) -> RemoteLevel | None:
    """The level one JSONL line stands for; None for a location's own line or a level of a
    deleted item."""
    parent = line.get("__parentId")
    if parent is None:
        return None
    item = line.get("item", ...)
    if item is None:
        return None  # the level's item was deleted while the export ran: nothing to match
    if not isinstance(parent, str) or not parent or not isinstance(item, dict):
        raise Rejected(
            FIELD, "an inventory level line without its item or location", excerpt=excerpt(line)
        )
    item_id = item.get("id")
    if not isinstance(item_id, str) or not item_id:
        raise Rejected(FIELD, "an inventory level line without its item id", excerpt=excerpt(line))
    variant = item.get("variant")
    variant_id = variant.get("id") if isinstance(variant, dict) else None
    sku = item.get("sku")
    tracked = item.get("tracked")
    if not isinstance(tracked, bool):
        raise Rejected(FIELD, f"item {item_id} without its tracked flag", excerpt=excerpt(line))
    return RemoteLevel(
        inventory_item_id=item_id,
        location_remote_id=parent,
        available=_available(line, item_id),
        variant_remote_id=variant_id if isinstance(variant_id, str) and variant_id else None,
        sku=sku if isinstance(sku, str) else "",
        tracked=tracked,
    )


def _available(line: dict[str, Any], item_id: str) -> int:
    quantities = line.get("quantities")
    found = (
        [
            q.get("quantity")
            for q in quantities
            if isinstance(q, dict) and q.get("name") == "available"
        ]
        if isinstance(quantities, list)
        else []
    )
    if len(found) != 1:
        raise Rejected(
            FIELD, f"item {item_id}: no available quantity in its level", excerpt=excerpt(line)
        )
    value = found[0]
    if isinstance(value, bool) or not isinstance(value, int) or abs(value) > MAX_STOCK:
        raise Rejected(
            FIELD,
            f"item {item_id}: available {value!r} is not a whole number within "
            f"±{MAX_STOCK:,}".replace(",", " "),
            excerpt=excerpt(line),
        )
    return value
