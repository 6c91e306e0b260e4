"""`inventory_levels/update` whenever a level's `available` changes: a shopper order, a
restock (refund with RETURN/CANCEL, cancel with restock) or an inventory mutation. One
body per changed level per request, holding the level as it is after the request."""

from __future__ import annotations

from typing import Any

import httpx

from sandboxes.tests.webhook_scenario import SUBSCRIBE, Delivered
from stockbridge_sandboxes.shopify import SandboxApp
from stockbridge_sandboxes.shopify.clock import FrozenClock
from stockbridge_sandboxes.shopify.seed import seed_sample

REFUND = """mutation($input: RefundInput!) { refundCreate(input: $input) @idempotent(key: "%s") {
  userErrors { field message } } }"""
ADJUST = """mutation($input: InventoryAdjustQuantitiesInput!) {
  inventoryAdjustQuantities(input: $input) @idempotent(key: "adjust-1") {
    userErrors { field message } } }"""


def _shop() -> tuple[SandboxApp, httpx.Client, Delivered]:
    delivered = Delivered()
    app = SandboxApp(clock=FrozenClock(), token="shpat_levels", webhook_transport=delivered)
    seed_sample(app.store)
    app.execute(
        SUBSCRIBE, {"topic": "INVENTORY_LEVELS_UPDATE", "uri": "https://hooks.example/levels"}
    )
    http = httpx.Client(transport=httpx.WSGITransport(app=app), base_url="http://sandbox.test")
    return app, http, delivered


def _jacket(app: SandboxApp) -> dict[str, Any]:
    return next(v for v in app.store.all("ProductVariant") if v.get("sku") == "SB-001-1")


def _levels(app: SandboxApp, http: httpx.Client, delivered: Delivered) -> list[tuple[int, int]]:
    """(location id, available) of each inventory_levels/update delivered, then forget them."""
    http.post("/__sandbox/tick")
    out = [(b["location_id"], b["available"]) for b in delivered.of("inventory_levels/update")]
    delivered.bodies.clear()
    return out


def _order(http: httpx.Client, variant: str, *quantities: int) -> str:
    lines = [{"variantId": variant, "quantity": q} for q in quantities]
    return str(http.post("/__sandbox/orders", json={"lineItems": lines}).json()["id"])


def test_a_shopper_order_sends_the_level_it_took_units_from() -> None:
    app, http, delivered = _shop()
    jacket = _jacket(app)
    item = app.store.deref(jacket["inventoryItem"])

    _order(http, jacket["id"], 2, 1)  # two lines of one variant: one event, the final value
    http.post("/__sandbox/tick")

    [body] = delivered.of("inventory_levels/update")
    level = app.store.get(body["admin_graphql_api_id"])
    assert body == {
        "inventory_item_id": int(item["id"].rsplit("/", 1)[1]),
        "location_id": 1,
        "available": 7,
        "updated_at": "2026-05-28T20:26:40Z",
        "admin_graphql_api_id": level["id"],
    }


def test_seeding_a_catalog_sends_nothing() -> None:
    app, http, delivered = _shop()
    http.post("/__sandbox/seed", json={"products": 2})

    assert _levels(app, http, delivered) == []


def test_a_cancel_with_restock_puts_units_back_and_says_so_and_without_it_says_nothing() -> None:
    app, http, delivered = _shop()
    jacket = _jacket(app)["id"]
    restocked = _order(http, jacket, 3).rsplit("/", 1)[1]
    kept = _order(http, jacket, 2).rsplit("/", 1)[1]
    assert _levels(app, http, delivered) == [(1, 7), (1, 5)]

    http.post(f"/__sandbox/orders/{restocked}/cancel", json={"restock": True})
    after_restock = _levels(app, http, delivered)
    http.post(f"/__sandbox/orders/{kept}/cancel", json={"restock": False})

    assert after_restock == [(1, 8)]
    assert _levels(app, http, delivered) == []


def test_a_refund_restocks_only_with_a_restocking_type() -> None:
    app, http, delivered = _shop()
    order_id = _order(http, _jacket(app)["id"], 2)
    line = app.store.get(order_id)["lineItems"][0]["__ref"]
    _levels(app, http, delivered)

    def refund(key: str, restock: str) -> None:
        rows = [{"lineItemId": line, "quantity": 1, "restockType": restock}]
        answer = app.execute(
            REFUND % key, {"input": {"orderId": order_id, "refundLineItems": rows}}
        )
        assert answer["data"]["refundCreate"]["userErrors"] == []

    refund("no-restock", "NO_RESTOCK")
    quiet = _levels(app, http, delivered)
    refund("cancel-one", "CANCEL")

    assert quiet == []
    assert _levels(app, http, delivered) == [(1, 9)]


def test_an_inventory_adjustment_sends_each_level_it_changed() -> None:
    app, http, delivered = _shop()
    item = app.store.deref(_jacket(app)["inventoryItem"])["id"]
    changes = [
        {
            "inventoryItemId": item,
            "locationId": "gid://shopify/Location/1",
            "delta": 4,
            "changeFromQuantity": 10,
        },
        {
            "inventoryItemId": item,
            "locationId": "gid://shopify/Location/2",
            "delta": -1,
            "changeFromQuantity": 5,
        },
    ]
    answer = app.execute(
        ADJUST, {"input": {"reason": "correction", "name": "available", "changes": changes}}
    )

    assert answer["data"]["inventoryAdjustQuantities"]["userErrors"] == []
    assert _levels(app, http, delivered) == [(1, 14), (2, 4)]
