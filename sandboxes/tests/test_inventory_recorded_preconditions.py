"""What a recording shows of the store before an inventory scenario (parity preconditions)."""

from __future__ import annotations

from pathlib import Path

from stockbridge_sandboxes.shopify.parity.hydrate import Hydrator
from stockbridge_sandboxes.shopify.parity.preconditions import hydrate
from stockbridge_sandboxes.shopify.parity.replay import Replay
from stockbridge_sandboxes.shopify.store import Store

ITEM = "gid://shopify/InventoryItem/5"
FIRST = "gid://shopify/InventoryLevel/100?inventory_item_id=5"
SECOND = "gid://shopify/InventoryLevel/200?inventory_item_id=5"


def test_a_recordings_summary_of_its_locations_is_a_precondition(tmp_path: Path) -> None:
    location = {"id": "gid://shopify/Location/55", "name": "My Custom Location", "isActive": True}
    capture = {
        "locations": {"secondary": location},
        "request": {"input": {"id": "gid://shopify/Product/404", "title": "Ghost"}},
        "mutation": {"response": {"data": {"inventoryActivate": {"userErrors": []}}}},
    }
    spec = {"comparison": {"targets": [{"capturePath": "$.mutation.response.data"}]}}
    replay = Replay(tmp_path, spec, capture, "2026-04")
    hydrate(replay, {"InventoryActivate"})

    stored = replay.app.store.get("gid://shopify/Location/55") or {}
    assert (stored.get("name"), stored.get("isActive")) == ("My Custom Location", True)
    assert replay.app.store.get("gid://shopify/Product/404") is None


def _item_read(levels: list[tuple[str, bool]]) -> dict[str, object]:
    nodes = [{"id": gid, "isActive": active} for gid, active in levels]
    return {"inventoryItem": {"id": ITEM, "inventoryLevels": {"nodes": nodes}}}


def test_a_recorded_list_showing_every_known_entry_gives_shopifys_order() -> None:
    store = Store()
    hydrator = Hydrator(store)
    hydrator.json({"inventoryLevel": {"id": SECOND, "item": {"id": ITEM}}})
    hydrator.json(_item_read([(FIRST, True), (SECOND, True)]))

    assert [e["__ref"] for e in (store.get(ITEM) or {})["inventoryLevels"]] == [FIRST, SECOND]


def test_a_partial_recorded_list_follows_what_was_already_seen() -> None:
    store = Store()
    hydrator = Hydrator(store)
    hydrator.json(_item_read([(SECOND, True)]))
    hydrator.json(_item_read([(FIRST, True)]))

    assert [e["__ref"] for e in (store.get(ITEM) or {})["inventoryLevels"]] == [SECOND, FIRST]


def test_upstream_calls_listed_after_one_of_the_scenarios_own_only_fill_gaps(
    tmp_path: Path,
) -> None:
    query = "query Hydrate($id: ID!) { inventoryItem(id: $id) { id inventoryLevels(first: 5) "
    query += "{ nodes { id isActive } } } }"
    before = _item_read([(FIRST, True), (SECOND, True)])
    after = _item_read([(FIRST, True), (SECOND, False)])
    capture = {
        "mutation": {"response": {"data": {"inventoryDeactivate": {"userErrors": []}}}},
        "upstreamCalls": [
            {"operationName": "Hydrate", "query": query, "response": {"data": before}},
            {"operationName": "Own", "query": query, "response": {"data": after}},
            {"operationName": "Hydrate", "query": query, "response": {"data": after}},
        ],
    }
    spec = {"comparison": {"targets": [{"capturePath": "$.mutation.response.data"}]}}
    replay = Replay(tmp_path, spec, capture, "2026-04")
    hydrate(replay, {"Own"})

    assert (replay.app.store.get(SECOND) or {})["isActive"] is True


def test_an_upstream_call_answering_what_a_later_section_recorded_only_fills_gaps(
    tmp_path: Path,
) -> None:
    query = "query Read($id: ID!) { inventoryItem(id: $id) { id inventoryLevels(first: 5) "
    query += "{ nodes { id isActive } } } }"
    before = _item_read([(FIRST, True), (SECOND, True)])
    after = _item_read([(FIRST, True), (SECOND, False)])
    capture = {
        "setup": {"data": before},
        "mutation": {"response": {"data": {"inventoryDeactivate": {"userErrors": []}}}},
        "downstreamRead": {"data": after},
        "upstreamCalls": [{"operationName": "Read", "query": query, "response": {"data": after}}],
    }
    spec = {"comparison": {"targets": [{"capturePath": "$.mutation.response.data"}]}}
    replay = Replay(tmp_path, spec, capture, "2026-04")
    hydrate(replay, {"Deactivate"})

    assert (replay.app.store.get(SECOND) or {})["isActive"] is True
