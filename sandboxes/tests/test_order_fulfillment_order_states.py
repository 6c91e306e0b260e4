"""fulfillmentOrderSplit (atomic batches), fulfillmentOrderOpen / ReportProgress preconditions,
fulfillmentOrderCancel (closed with a replacement) and fulfillmentOrdersSetFulfillmentDeadline."""

from __future__ import annotations

from stockbridge_sandboxes.shopify import SandboxApp
from stockbridge_sandboxes.shopify.clock import FrozenClock

FO = """id status supportedActions { action } fulfillBy
  lineItems(first: 5) { nodes { id totalQuantity remainingQuantity } }"""
CREATE = f"""mutation($order: OrderCreateOrderInput!) {{ orderCreate(order: $order) {{
  order {{ id fulfillmentOrders(first: 5) {{ nodes {{ {FO} }} }} }} }} }}"""
SPLIT = f"""mutation($splits: [FulfillmentOrderSplitInput!]!) {{
  fulfillmentOrderSplit(fulfillmentOrderSplits: $splits) {{
    fulfillmentOrderSplits {{ fulfillmentOrder {{ {FO} }} remainingFulfillmentOrder {{ {FO} }} }}
    userErrors {{ field message code }} }} }}"""
OPEN = """mutation($id: ID!) { fulfillmentOrderOpen(id: $id) {
  fulfillmentOrder { id } userErrors { field message } } }"""
PROGRESS = """mutation($id: ID!) { fulfillmentOrderReportProgress(id: $id,
  progressReport: {reasonNotes: "picked"}) {
  fulfillmentOrder { status } userErrors { field message } } }"""
CANCEL = f"""mutation($id: ID!) {{ fulfillmentOrderCancel(id: $id) {{
  fulfillmentOrder {{ {FO} }} replacementFulfillmentOrder {{ {FO} }}
  userErrors {{ field message }} }} }}"""
DEADLINE = """mutation($ids: [ID!]!) { fulfillmentOrdersSetFulfillmentDeadline(
  fulfillmentOrderIds: $ids, fulfillmentDeadline: "2026-12-01T00:00:00Z") {
  success userErrors { field message code } } }"""
READ = f"""query($id: ID!) {{ order(id: $id) {{ fulfillmentOrders(first: 5) {{ nodes {{ {FO} }} }} }} }}"""


def _fulfillment_order(app: SandboxApp, qty: int = 2) -> tuple[str, dict[str, object]]:
    line = {
        "title": "Item",
        "quantity": qty,
        "requiresShipping": True,
        "priceSet": {"shopMoney": {"amount": "5.00", "currencyCode": "USD"}},
    }
    order = app.execute(CREATE, {"order": {"lineItems": [line]}})["data"]["orderCreate"]["order"]
    return order["id"], order["fulfillmentOrders"]["nodes"][0]


def test_a_split_keeps_the_named_units_and_moves_the_rest() -> None:
    app = SandboxApp(clock=FrozenClock())
    _, fo = _fulfillment_order(app, qty=3)
    line_id = fo["lineItems"]["nodes"][0]["id"]  # type: ignore[index]

    answer = app.execute(
        SPLIT,
        {
            "splits": [
                {
                    "fulfillmentOrderId": fo["id"],
                    "fulfillmentOrderLineItems": [{"id": line_id, "quantity": 1}],
                }
            ]
        },
    )["data"]["fulfillmentOrderSplit"]

    result = answer["fulfillmentOrderSplits"][0]
    assert answer["userErrors"] == []
    assert [
        (n["totalQuantity"], n["remainingQuantity"])
        for n in result["fulfillmentOrder"]["lineItems"]["nodes"]
    ] == [(1, 1)]
    assert result["remainingFulfillmentOrder"]["status"] == "OPEN"
    assert [
        (n["totalQuantity"], n["remainingQuantity"])
        for n in result["remainingFulfillmentOrder"]["lineItems"]["nodes"]
    ] == [(2, 2)]


def test_one_invalid_split_refuses_the_whole_batch() -> None:
    app = SandboxApp(clock=FrozenClock())
    first_order, first = _fulfillment_order(app)
    _, second = _fulfillment_order(app)

    def split(fo: dict[str, object], qty: int) -> dict[str, object]:
        line = fo["lineItems"]["nodes"][0]["id"]  # type: ignore[index]
        return {
            "fulfillmentOrderId": fo["id"],
            "fulfillmentOrderLineItems": [{"id": line, "quantity": qty}],
        }

    answer = app.execute(SPLIT, {"splits": [split(first, 1), split(second, 3)]})["data"]

    assert answer["fulfillmentOrderSplit"] == {
        "fulfillmentOrderSplits": None,
        "userErrors": [
            {
                "field": None,
                "message": "Invalid fulfillment order line item quantity requested.",
                "code": None,
            }
        ],
    }
    nodes = app.execute(READ, {"id": first_order})["data"]["order"]["fulfillmentOrders"]["nodes"]
    assert [(n["totalQuantity"]) for n in nodes[0]["lineItems"]["nodes"]] == [2]
    assert len(nodes) == 1


def test_open_and_report_progress_check_the_status() -> None:
    app = SandboxApp(clock=FrozenClock())
    _, fo = _fulfillment_order(app)

    opened = app.execute(OPEN, {"id": fo["id"]})["data"]["fulfillmentOrderOpen"]
    progressed = app.execute(PROGRESS, {"id": fo["id"]})["data"]["fulfillmentOrderReportProgress"]
    cancelled = app.execute(CANCEL, {"id": fo["id"]})["data"]["fulfillmentOrderCancel"]

    assert opened == {
        "fulfillmentOrder": None,
        "userErrors": [
            {
                "field": None,
                "message": "Expected fulfillment order status to be valid but it was open.",
            }
        ],
    }
    assert progressed == {"fulfillmentOrder": {"status": "IN_PROGRESS"}, "userErrors": []}
    assert cancelled["userErrors"][0]["message"] == (
        "Cannot cancel fulfillment order that has had progress reported. Mark as unfulfilled first."
    )


def test_cancelling_closes_it_with_a_replacement_and_deadlines_reach_closed_ones() -> None:
    app = SandboxApp(clock=FrozenClock())
    order_id, fo = _fulfillment_order(app)

    cancelled = app.execute(CANCEL, {"id": fo["id"]})["data"]["fulfillmentOrderCancel"]
    deadline = app.execute(DEADLINE, {"ids": [fo["id"]]})["data"]
    unknown = app.execute(DEADLINE, {"ids": ["gid://shopify/FulfillmentOrder/999"]})["data"]

    closed, replacement = cancelled["fulfillmentOrder"], cancelled["replacementFulfillmentOrder"]
    assert (closed["status"], closed["supportedActions"], closed["lineItems"]["nodes"]) == (
        "CLOSED",
        [],
        [],
    )
    assert replacement["status"] == "OPEN"
    assert [n["remainingQuantity"] for n in replacement["lineItems"]["nodes"]] == [2]
    assert deadline["fulfillmentOrdersSetFulfillmentDeadline"] == {
        "success": True,
        "userErrors": [],
    }
    assert unknown["fulfillmentOrdersSetFulfillmentDeadline"] == {
        "success": False,
        "userErrors": [
            {"field": None, "message": "Fulfillment orders could not be found.", "code": None}
        ],
    }
    nodes = app.execute(READ, {"id": order_id})["data"]["order"]["fulfillmentOrders"]["nodes"]
    assert [(n["status"], n["fulfillBy"]) for n in nodes] == [
        ("CLOSED", "2026-12-01T00:00:00Z"),
        ("OPEN", None),
    ]
