"""orderCancel closes the order lines its fulfillment orders point at, even those the sandbox
knows only through a fulfillment order (a recording that showed no `lineItems` list)."""

from __future__ import annotations

from stockbridge_sandboxes.shopify import SandboxApp
from stockbridge_sandboxes.shopify.clock import FrozenClock
from stockbridge_sandboxes.shopify.store import ref

CANCEL = """mutation($id: ID!) { orderCancel(orderId: $id, reason: CUSTOMER, restock: false,
  refund: false) { orderCancelUserErrors { message } } }"""


def test_cancel_zeroes_lines_known_through_fulfillment_orders() -> None:
    app = SandboxApp(clock=FrozenClock())
    store = app.store
    line = store.put("gid://shopify/LineItem/5", {"quantity": 2, "fulfillableQuantity": 2})
    fo_line = store.put(
        "gid://shopify/FulfillmentOrderLineItem/6",
        {"totalQuantity": 2, "remainingQuantity": 2, "lineItem": ref(line["id"])},
    )
    fo = store.put(
        "gid://shopify/FulfillmentOrder/7", {"status": "OPEN", "lineItems": [ref(fo_line["id"])]}
    )
    store.put("gid://shopify/Order/8", {"name": "#1001", "fulfillmentOrders": [ref(fo["id"])]})

    answer = app.execute(CANCEL, {"id": "gid://shopify/Order/8"}, version="2026-04")

    assert answer["data"]["orderCancel"]["orderCancelUserErrors"] == []
    assert (fo["status"], fo_line["remainingQuantity"], fo_line["totalQuantity"]) == (
        "CLOSED",
        0,
        0,
    )
    assert line["fulfillableQuantity"] == 0
