"""Writing inventory levels: `inventorySetQuantities` of `available`, up to 250 rows a call.

Each row carries `changeFromQuantity` (compare-and-set: the quantity we last saw there; null
skips the check, Shopify's documented way for a system that is the source of truth and does
not know the current figure). Each call carries `@idempotent(key:)`, derived from the batch's
content (the engine's refs included, which change whenever the hub has a new figure to push):
a call sent again after a lost answer, by the client's retry or by a later drain that never
recorded the first answer, reuses the key and Shopify answers the first outcome instead of
applying it twice.

Shopify applies a call with user errors not at all (every row or none; the sandbox and the
recordings agree), so the rows named by an error get their own failed result and the rest are
sent again in a call of their own (a new content, a new key). A failed item never sinks its
batch. User errors name their row by the index in their `field` path
(`["input", "quantities", "3", "changeFromQuantity"]`).
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterator, Sequence
from typing import Any

from stockbridge.channels.errors import Conflict, NotFound, Rejected, Unavailable
from stockbridge.channels.port import ItemResult, LevelWrite, Outcome, RemoteLevel

from .client import ShopifyClient
from .errors import excerpt

BATCH = 250
READ_BATCH = 50
# Shopify's documented reasons for a quantity change; a sync corrects Shopify's figure to ours
REASON = "correction"
DOCUMENT = "gid://stockbridge/StockSync/{key}"
STALE = frozenset({"CHANGE_FROM_QUANTITY_STALE", "COMPARE_QUANTITY_STALE"})
GONE = frozenset({"INVALID_INVENTORY_ITEM", "INVALID_LOCATION", "ITEM_NOT_STOCKED_AT_LOCATION"})
GONE_MESSAGES = {
    "INVALID_INVENTORY_ITEM": "Product variant does not exist in Shopify any more "
    "(its inventory item is gone)",
    "INVALID_LOCATION": "the Shopify location does not exist any more",
    "ITEM_NOT_STOCKED_AT_LOCATION": "the variant is not stocked at this Shopify location",
}
# the whole call is to be sent again later (same key: Shopify is still working on it)
BUSY = frozenset({"IDEMPOTENCY_CONCURRENT_REQUEST"})
# the key's first attempt failed at Shopify: the same rows need a key of their own
RETRY_WITH_NEW_KEY = frozenset({"IDEMPOTENCY_PREVIOUS_ATTEMPT_FAILED"})


def idempotency_key(levels: Sequence[LevelWrite], salt: str = "") -> str:
    """The key of one call: a digest of its rows (refs, ids, quantities, compare values)."""
    rows = [
        [w.ref, w.inventory_item_id, w.location_remote_id, w.quantity, w.last_seen] for w in levels
    ]
    digest = hashlib.sha256(json.dumps([rows, salt], separators=(",", ":")).encode())
    return "stockbridge-" + digest.hexdigest()[:48]


def _row(write: LevelWrite) -> dict[str, Any]:
    return {
        "inventoryItemId": write.inventory_item_id,
        "locationId": write.location_remote_id,
        "quantity": write.quantity,
        "changeFromQuantity": write.last_seen,
    }


def _variables(levels: Sequence[LevelWrite], key: str) -> dict[str, Any]:
    return {
        "key": key,
        "input": {
            "name": "available",
            "reason": REASON,
            "referenceDocumentUri": DOCUMENT.format(key=key.removeprefix("stockbridge-")[:24]),
            "quantities": [_row(w) for w in levels],
        },
    }


def _index(error: dict[str, Any]) -> int | None:
    """The row an error names (`["input", "quantities", "3", ...]`), if any."""
    path = error.get("field") or []
    if len(path) >= 3 and path[:2] == ["input", "quantities"] and str(path[2]).isdigit():
        return int(path[2])
    return None


def _failed(write: LevelWrite, error: dict[str, Any]) -> ItemResult:
    code = str(error.get("code") or "")
    message = str(error.get("message") or "Shopify refused the quantity")
    if code in STALE:
        kind = Conflict.__name__
        said = f"Shopify no longer holds {write.last_seen} here (it changed since we last saw it)"
    elif code in GONE:
        kind = NotFound.__name__
        said = GONE_MESSAGES[code]
    else:
        kind = Rejected.__name__
        said = f"Shopify refused the quantity {write.quantity}: {message}"
    return ItemResult(
        ref=write.ref,
        outcome=Outcome.FAILED,
        message=said,
        error_kind=kind,
        request_excerpt=excerpt(_row(write)),
        response_excerpt=excerpt(error),
    )


def set_levels(client: ShopifyClient, levels: Sequence[LevelWrite]) -> Iterator[ItemResult]:
    """One result per level, in batches of 250. Raises (AuthFailed, RateLimited,
    Unavailable...) only when a whole call fails; results already yielded stand."""
    for start in range(0, len(levels), BATCH):
        yield from _set_batch(client, list(levels[start : start + BATCH]))


def _set_batch(client: ShopifyClient, batch: list[LevelWrite]) -> Iterator[ItemResult]:
    salt = ""
    while batch:
        key = idempotency_key(batch, salt)
        data = client.execute("set_inventory_quantities", _variables(batch, key))
        payload = data.get("inventorySetQuantities")
        if not isinstance(payload, dict):
            raise Unavailable("Shopify answered no inventorySetQuantities payload")
        errors = [e for e in payload.get("userErrors") or [] if isinstance(e, dict)]
        if not errors:
            for write in batch:
                yield ItemResult(ref=write.ref, outcome=Outcome.UPDATED, confirmed=write.quantity)
            return
        codes = {str(e.get("code") or "") for e in errors}
        if codes & BUSY:
            raise Unavailable(
                "Shopify is still applying an earlier send of these quantities; will retry",
                excerpt=excerpt(errors),
            )
        if codes & RETRY_WITH_NEW_KEY and not salt:
            salt = "again"
            continue
        by_index: dict[int, dict[str, Any]] = {}
        unplaced = []
        for error in errors:
            index = _index(error)
            if index is not None and 0 <= index < len(batch):
                by_index.setdefault(index, error)
            else:
                unplaced.append(error)
        if unplaced or not by_index:
            # an error of the call itself (reason, name, key): every row fails with it
            for write in batch:
                yield _failed(write, unplaced[0] if unplaced else errors[0])
            return
        for index, error in sorted(by_index.items()):
            yield _failed(batch[index], error)
        batch = [w for i, w in enumerate(batch) if i not in by_index]
        salt = ""


def read_levels_of(client: ShopifyClient, pairs: Sequence[tuple[str, str]]) -> list[RemoteLevel]:
    """The `available` quantity Shopify holds at each (inventory item, location) pair asked
    for; a pair Shopify does not know (item gone, not stocked there) is left out."""
    wanted = set(pairs)
    items = sorted({item for item, _ in pairs})
    found: list[RemoteLevel] = []
    for start in range(0, len(items), READ_BATCH):
        chunk = items[start : start + READ_BATCH]
        data = client.execute("inventory_levels_of_items", {"ids": chunk})
        for node in data.get("nodes") or []:
            if not isinstance(node, dict) or not node.get("id"):
                continue
            for level in (node.get("inventoryLevels") or {}).get("nodes") or []:
                location = str((level.get("location") or {}).get("id") or "")
                if (node["id"], location) not in wanted:
                    continue
                quantities = {
                    q.get("name"): q.get("quantity") for q in level.get("quantities") or []
                }
                available = quantities.get("available")
                if isinstance(available, int):
                    found.append(
                        RemoteLevel(
                            inventory_item_id=node["id"],
                            location_remote_id=location,
                            available=available,
                        )
                    )
    return found
