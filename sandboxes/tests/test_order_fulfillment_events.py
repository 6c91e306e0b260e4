"""fulfillmentEventCreate moves a fulfillment's shipment state; fulfillment(id:) reads it with
its events and service; cancelling a cancelled fulfillment changes nothing."""

from __future__ import annotations

from stockbridge_sandboxes.shopify import SandboxApp
from stockbridge_sandboxes.shopify.clock import FrozenClock

CREATE = """mutation($order: OrderCreateOrderInput!) { orderCreate(order: $order) {
  order { id fulfillmentOrders(first: 1) { nodes { id } } } } }"""
FULFIL = """mutation($fo: ID!) { fulfillmentCreate(fulfillment: {
  lineItemsByFulfillmentOrder: [{fulfillmentOrderId: $fo}] }) { fulfillment { id } } }"""
EVENT = """mutation($e: FulfillmentEventInput!) { fulfillmentEventCreate(fulfillmentEvent: $e) {
  fulfillmentEvent { status message happenedAt estimatedDeliveryAt city }
  userErrors { field message } } }"""
READ = """query($id: ID!) { fulfillment(id: $id) { status displayStatus inTransitAt deliveredAt
  estimatedDeliveryAt events(first: 5) { nodes { status happenedAt } }
  service { handle serviceName type location { name } } location { name } } }"""
CANCEL = """mutation($id: ID!) { fulfillmentCancel(id: $id) {
  fulfillment { status displayStatus } userErrors { field message } } }"""


def _fulfilled(app: SandboxApp) -> str:
    line = {
        "title": "Item",
        "quantity": 1,
        "requiresShipping": True,
        "priceSet": {"shopMoney": {"amount": "10.00", "currencyCode": "USD"}},
    }
    order = app.execute(CREATE, {"order": {"lineItems": [line]}})["data"]["orderCreate"]["order"]
    fo = order["fulfillmentOrders"]["nodes"][0]["id"]
    return str(app.execute(FULFIL, {"fo": fo})["data"]["fulfillmentCreate"]["fulfillment"]["id"])


def test_events_move_the_shipment_state_and_read_back_in_order() -> None:
    app = SandboxApp(clock=FrozenClock())
    fulfillment_id = _fulfilled(app)

    created = app.execute(
        EVENT,
        {
            "e": {
                "fulfillmentId": fulfillment_id,
                "status": "IN_TRANSIT",
                "message": "scanned",
                "happenedAt": "2026-05-01T10:00:00Z",
                "estimatedDeliveryAt": "2026-05-03T10:00:00Z",
                "city": "Toronto",
            }
        },
    )["data"]["fulfillmentEventCreate"]
    app.execute(
        EVENT,
        {
            "e": {
                "fulfillmentId": fulfillment_id,
                "status": "DELIVERED",
                "happenedAt": "2026-05-02T10:00:00Z",
            }
        },
    )
    read = app.execute(READ, {"id": fulfillment_id})["data"]["fulfillment"]

    assert created == {
        "fulfillmentEvent": {
            "status": "IN_TRANSIT",
            "message": "scanned",
            "happenedAt": "2026-05-01T10:00:00Z",
            "estimatedDeliveryAt": "2026-05-03T10:00:00Z",
            "city": "Toronto",
        },
        "userErrors": [],
    }
    assert read == {
        "status": "SUCCESS",
        "displayStatus": "DELIVERED",
        "inTransitAt": "2026-05-01T10:00:00Z",
        "deliveredAt": "2026-05-02T10:00:00Z",
        "estimatedDeliveryAt": "2026-05-03T10:00:00Z",
        "events": {
            "nodes": [
                {"status": "IN_TRANSIT", "happenedAt": "2026-05-01T10:00:00Z"},
                {"status": "DELIVERED", "happenedAt": "2026-05-02T10:00:00Z"},
            ]
        },
        "service": {
            "handle": "manual",
            "serviceName": "Manual",
            "type": "MANUAL",
            "location": {"name": "Shop location"},
        },
        "location": {"name": "Shop location"},
    }


def test_an_unknown_fulfillment_gets_no_event() -> None:
    app = SandboxApp(clock=FrozenClock())

    answer = app.execute(
        EVENT, {"e": {"fulfillmentId": "gid://shopify/Fulfillment/9", "status": "IN_TRANSIT"}}
    )["data"]["fulfillmentEventCreate"]

    assert answer == {
        "fulfillmentEvent": None,
        "userErrors": [
            {
                "field": ["fulfillmentEvent", "fulfillmentId"],
                "message": "Fulfillment does not exist.",
            }
        ],
    }


def test_a_cancelled_fulfillment_stays_cancelled_and_accepts_events() -> None:
    app = SandboxApp(clock=FrozenClock())
    fulfillment_id = _fulfilled(app)
    app.execute(CANCEL, {"id": fulfillment_id})

    again = app.execute(CANCEL, {"id": fulfillment_id})["data"]["fulfillmentCancel"]
    event = app.execute(EVENT, {"e": {"fulfillmentId": fulfillment_id, "status": "DELIVERED"}})[
        "data"
    ]["fulfillmentEventCreate"]
    read = app.execute(READ, {"id": fulfillment_id})["data"]["fulfillment"]

    assert again == {
        "fulfillment": {"status": "CANCELLED", "displayStatus": "CANCELED"},
        "userErrors": [],
    }
    assert event["userErrors"] == []
    assert (read["status"], read["displayStatus"]) == ("CANCELLED", "CANCELED")
