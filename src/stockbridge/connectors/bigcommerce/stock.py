"""Stock: absolute adjustments per variant and location (`PUT /v3/inventory/adjustments/
absolute`, up to 2,000 items a call, all or nothing), and levels read from
`GET /v3/inventory/items`. BigCommerce has no compare-and-set: `last_seen` is not sent.

A refused batch (422: one item names something the store does not know) is sent again item by
item, so a failed item never sinks the others."""

from __future__ import annotations

from collections.abc import Iterator, Sequence

from stockbridge.channels.errors import ChannelError, Rejected
from stockbridge.channels.port import ItemResult, LevelWrite, Outcome, RemoteLevel

from .client import BigCommerceClient

BATCH = 2000


def _body(levels: Sequence[LevelWrite]) -> dict[str, object]:
    return {
        "reason": "Stockbridge stock sync",
        "items": [
            {
                "location_id": int(level.location_remote_id),
                "variant_id": int(level.inventory_item_id),
                "quantity": level.quantity,
            }
            for level in levels
        ],
    }


def set_levels(client: BigCommerceClient, levels: Sequence[LevelWrite]) -> Iterator[ItemResult]:
    if not levels:
        return
    try:
        client.call("PUT", "/inventory/adjustments/absolute", body=_body(levels))
    except Rejected:
        if len(levels) == 1:
            level = levels[0]
            yield _failed(level, "NotFound", "the variant or location does not exist in the store")
            return
        for level in levels:  # find the item(s) the store refused
            yield from set_levels(client, [level])
        return
    for level in levels:
        yield ItemResult(ref=level.ref, outcome=Outcome.UPDATED, confirmed=level.quantity)


def _failed(level: LevelWrite, kind: str, message: str) -> ItemResult:
    return ItemResult(ref=level.ref, outcome=Outcome.FAILED, error_kind=kind, message=message)


def _levels(rows: list[dict[str, object]]) -> Iterator[RemoteLevel]:
    for row in rows:
        identity = row["identity"]
        assert isinstance(identity, dict)
        for place in row.get("locations", []):  # type: ignore[attr-defined]
            yield RemoteLevel(
                inventory_item_id=str(identity["variant_id"]),
                location_remote_id=str(place["location_id"]),
                available=int(place["available_to_sell"]),
                variant_remote_id=str(identity["variant_id"]),
                sku=str(identity.get("sku") or ""),
            )


def read_levels(client: BigCommerceClient) -> Iterator[RemoteLevel]:
    yield from _levels(list(client.pages("/inventory/items")))


def read_levels_of(
    client: BigCommerceClient, pairs: Sequence[tuple[str, str]]
) -> list[RemoteLevel]:
    wanted = set(pairs)
    variants = sorted({item for item, _ in pairs if item.isdigit()}, key=int)
    if not variants:
        return []
    rows = list(client.pages("/inventory/items", {"variant_id:in": ",".join(variants)}))
    return [
        level
        for level in _levels(rows)
        if (level.inventory_item_id, level.location_remote_id) in wanted
    ]


__all__ = ["BATCH", "ChannelError", "read_levels", "read_levels_of", "set_levels"]
