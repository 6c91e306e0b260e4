"""fulfillmentOrderHold / fulfillmentOrderReleaseHold: whole and partial holds, selective
release."""

from __future__ import annotations

from typing import Any

from stockbridge_sandboxes.shopify import SandboxApp
from stockbridge_sandboxes.shopify.clock import FrozenClock

FO = """id status supportedActions { action } fulfillmentHolds { handle reason displayReason
  heldByRequestingApp } lineItems(first: 5) { nodes { totalQuantity remainingQuantity
  lineItem { title fulfillableQuantity } } }"""
CREATE = """mutation($order: OrderCreateOrderInput!) { orderCreate(order: $order) {
  order { id fulfillmentOrders(first: 1) { nodes { id lineItems(first: 5) { nodes { id } } } } }
  } }"""
HOLD = f"""mutation($id: ID!, $hold: FulfillmentOrderHoldInput!) {{
  fulfillmentOrderHold(id: $id, fulfillmentHold: $hold) {{
    fulfillmentHold {{ id handle displayReason }} fulfillmentOrder {{ {FO} }}
    remainingFulfillmentOrder {{ {FO} }} userErrors {{ field message code }} }} }}"""
RELEASE = f"""mutation($id: ID!, $holds: [ID!]) {{
  fulfillmentOrderReleaseHold(id: $id, holdIds: $holds) {{
    fulfillmentOrder {{ {FO} }} userErrors {{ field message }} }} }}"""
ORDER = """query($id: ID!) { order(id: $id) { displayFulfillmentStatus } }"""


def _order(app: SandboxApp) -> tuple[str, str, list[str]]:
    def line(title: str, qty: int) -> dict[str, Any]:
        return {
            "title": title,
            "quantity": qty,
            "requiresShipping": True,
            "priceSet": {"shopMoney": {"amount": "5.00", "currencyCode": "USD"}},
        }

    order = app.execute(CREATE, {"order": {"lineItems": [line("A", 2), line("B", 3)]}})["data"][
        "orderCreate"
    ]["order"]
    fo = order["fulfillmentOrders"]["nodes"][0]
    return order["id"], fo["id"], [n["id"] for n in fo["lineItems"]["nodes"]]


def test_a_partial_hold_splits_off_the_units_not_held() -> None:
    app = SandboxApp(clock=FrozenClock())
    order_id, fo_id, (line_a, line_b) = _order(app)

    answer = app.execute(
        HOLD,
        {
            "id": fo_id,
            "hold": {
                "reason": "OTHER",
                "handle": "h1",
                "fulfillmentOrderLineItems": [
                    {"id": line_a, "quantity": 2},
                    {"id": line_b, "quantity": 1},
                ],
            },
        },
    )["data"]["fulfillmentOrderHold"]

    assert answer["userErrors"] == []
    held, rest = answer["fulfillmentOrder"], answer["remainingFulfillmentOrder"]
    assert held["status"] == "ON_HOLD"
    assert [a["action"] for a in held["supportedActions"]] == ["RELEASE_HOLD", "HOLD", "MOVE"]
    assert held["fulfillmentHolds"] == [
        {"handle": "h1", "reason": "OTHER", "displayReason": "Other", "heldByRequestingApp": True}
    ]
    assert held["lineItems"]["nodes"] == [
        {
            "totalQuantity": 2,
            "remainingQuantity": 2,
            "lineItem": {"title": "A", "fulfillableQuantity": 0},
        },
        {
            "totalQuantity": 1,
            "remainingQuantity": 1,
            "lineItem": {"title": "B", "fulfillableQuantity": 2},
        },
    ]
    assert rest["status"] == "OPEN"
    assert rest["lineItems"]["nodes"] == [
        {
            "totalQuantity": 2,
            "remainingQuantity": 2,
            "lineItem": {"title": "B", "fulfillableQuantity": 2},
        }
    ]
    assert app.execute(ORDER, {"id": order_id})["data"]["order"] == {
        "displayFulfillmentStatus": "ON_HOLD"
    }


def test_releasing_one_of_two_holds_keeps_the_order_held() -> None:
    app = SandboxApp(clock=FrozenClock())
    order_id, fo_id, _ = _order(app)
    first = app.execute(
        HOLD, {"id": fo_id, "hold": {"reason": "AWAITING_RETURN_ITEMS", "handle": "first"}}
    )["data"]["fulfillmentOrderHold"]
    app.execute(HOLD, {"id": fo_id, "hold": {"reason": "OTHER", "handle": "second"}})

    partly = app.execute(RELEASE, {"id": fo_id, "holds": [first["fulfillmentHold"]["id"]]})
    fully = app.execute(RELEASE, {"id": fo_id})

    assert first["fulfillmentHold"]["displayReason"] == "Exchange items awaiting return delivery"
    still = partly["data"]["fulfillmentOrderReleaseHold"]["fulfillmentOrder"]
    assert (still["status"], [h["handle"] for h in still["fulfillmentHolds"]]) == (
        "ON_HOLD",
        ["second"],
    )
    opened = fully["data"]["fulfillmentOrderReleaseHold"]["fulfillmentOrder"]
    assert opened["status"] == "OPEN"
    assert opened["fulfillmentHolds"] == []
    assert [n["lineItem"]["fulfillableQuantity"] for n in opened["lineItems"]["nodes"]] == [2, 3]
    assert app.execute(ORDER, {"id": order_id})["data"]["order"] == {
        "displayFulfillmentStatus": "UNFULFILLED"
    }


def test_a_hold_needs_a_known_order_and_a_fresh_handle() -> None:
    app = SandboxApp(clock=FrozenClock())
    _, fo_id, _ = _order(app)
    app.execute(HOLD, {"id": fo_id, "hold": {"reason": "OTHER", "handle": "same"}})

    unknown = app.execute(
        HOLD, {"id": "gid://shopify/FulfillmentOrder/999", "hold": {"reason": "OTHER"}}
    )["data"]["fulfillmentOrderHold"]
    taken = app.execute(HOLD, {"id": fo_id, "hold": {"reason": "OTHER", "handle": "same"}})["data"][
        "fulfillmentOrderHold"
    ]

    assert unknown["userErrors"][0]["code"] == "FULFILLMENT_ORDER_NOT_FOUND"
    assert taken["userErrors"][0]["code"] == "DUPLICATE_FULFILLMENT_HOLD_HANDLE"
