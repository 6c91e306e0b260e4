"""Fulfillment requests: submit (whole or partial), accept / reject, cancellation requests,
closing as INCOMPLETE; merchant requests kept on the fulfillment order."""

from __future__ import annotations

from typing import Any

from stockbridge_sandboxes.shopify import SandboxApp
from stockbridge_sandboxes.shopify.clock import FrozenClock

CREATE = """mutation($order: OrderCreateOrderInput!) { orderCreate(order: $order) {
  order { fulfillmentOrders(first: 1) { nodes { id lineItems(first: 1) { nodes { id } } } } } } }"""
SUBMIT = """mutation($id: ID!, $lines: [FulfillmentOrderLineItemInput!]) {
  fulfillmentOrderSubmitFulfillmentRequest(id: $id, message: "please", notifyCustomer: false,
    fulfillmentOrderLineItems: $lines) {
    originalFulfillmentOrder { status requestStatus
      merchantRequests(first: 5) { nodes { kind message requestOptions responseData } }
      lineItems(first: 5) { nodes { remainingQuantity } } }
    submittedFulfillmentOrder { requestStatus }
    unsubmittedFulfillmentOrder { status requestStatus lineItems(first: 5) {
      nodes { remainingQuantity } } }
    userErrors { field message } } }"""
STEP = """mutation($id: ID!) {{ {root}(id: $id, message: "m") {{
  fulfillmentOrder {{ status requestStatus merchantRequests(first: 5) {{ nodes {{ kind }} }}
    lineItems(first: 5) {{ nodes {{ totalQuantity remainingQuantity }} }} }}
  userErrors {{ field message }} }} }}"""


def _fulfillment_order(app: SandboxApp) -> tuple[str, str]:
    line = {
        "title": "Item",
        "quantity": 3,
        "requiresShipping": True,
        "priceSet": {"shopMoney": {"amount": "5.00", "currencyCode": "USD"}},
    }
    order = app.execute(CREATE, {"order": {"lineItems": [line]}})["data"]["orderCreate"]["order"]
    fo = order["fulfillmentOrders"]["nodes"][0]
    return fo["id"], fo["lineItems"]["nodes"][0]["id"]


def _step(app: SandboxApp, root: str, fo_id: str) -> Any:
    return app.execute(STEP.format(root=root), {"id": fo_id})["data"][root]


def test_a_partial_request_splits_off_the_unsubmitted_units() -> None:
    app = SandboxApp(clock=FrozenClock())
    fo_id, line_id = _fulfillment_order(app)

    answer = app.execute(SUBMIT, {"id": fo_id, "lines": [{"id": line_id, "quantity": 1}]})["data"][
        "fulfillmentOrderSubmitFulfillmentRequest"
    ]

    assert answer["userErrors"] == []
    assert answer["originalFulfillmentOrder"] == {
        "status": "OPEN",
        "requestStatus": "SUBMITTED",
        "merchantRequests": {
            "nodes": [
                {
                    "kind": "FULFILLMENT_REQUEST",
                    "message": "please",
                    "requestOptions": {"notify_customer": False},
                    "responseData": None,
                }
            ]
        },
        "lineItems": {"nodes": [{"remainingQuantity": 1}]},
    }
    assert answer["submittedFulfillmentOrder"] == {"requestStatus": "SUBMITTED"}
    assert answer["unsubmittedFulfillmentOrder"] == {
        "status": "OPEN",
        "requestStatus": "UNSUBMITTED",
        "lineItems": {"nodes": [{"remainingQuantity": 2}]},
    }


def test_accept_cancel_and_close_follow_the_request_states() -> None:
    app = SandboxApp(clock=FrozenClock())
    fo_id, _ = _fulfillment_order(app)
    app.execute(SUBMIT, {"id": fo_id, "lines": None})

    accepted = _step(app, "fulfillmentOrderAcceptFulfillmentRequest", fo_id)
    asked = _step(app, "fulfillmentOrderSubmitCancellationRequest", fo_id)
    cancelled = _step(app, "fulfillmentOrderAcceptCancellationRequest", fo_id)
    late = _step(app, "fulfillmentOrderClose", fo_id)

    assert accepted["fulfillmentOrder"]["requestStatus"] == "ACCEPTED"
    assert accepted["fulfillmentOrder"]["status"] == "IN_PROGRESS"
    assert [n["kind"] for n in asked["fulfillmentOrder"]["merchantRequests"]["nodes"]] == [
        "FULFILLMENT_REQUEST",
        "CANCELLATION_REQUEST",
    ]
    assert cancelled["fulfillmentOrder"]["status"] == "CLOSED"
    assert cancelled["fulfillmentOrder"]["requestStatus"] == "CANCELLATION_ACCEPTED"
    assert cancelled["fulfillmentOrder"]["lineItems"]["nodes"] == [
        {"totalQuantity": 0, "remainingQuantity": 0}
    ]
    assert late["fulfillmentOrder"] is None


def test_rejections_and_closing_an_accepted_request() -> None:
    app = SandboxApp(clock=FrozenClock())
    rejected_id, _ = _fulfillment_order(app)
    closed_id, _ = _fulfillment_order(app)
    app.execute(SUBMIT, {"id": rejected_id, "lines": None})
    app.execute(SUBMIT, {"id": closed_id, "lines": None})
    _step(app, "fulfillmentOrderAcceptFulfillmentRequest", closed_id)

    rejected = _step(app, "fulfillmentOrderRejectFulfillmentRequest", rejected_id)
    closed = _step(app, "fulfillmentOrderClose", closed_id)
    not_submitted = _step(app, "fulfillmentOrderAcceptFulfillmentRequest", rejected_id)

    assert rejected["fulfillmentOrder"]["status"] == "OPEN"
    assert rejected["fulfillmentOrder"]["requestStatus"] == "REJECTED"
    assert closed["fulfillmentOrder"]["status"] == "INCOMPLETE"
    assert closed["fulfillmentOrder"]["requestStatus"] == "CLOSED"
    assert not_submitted["userErrors"] == [
        {"field": ["id"], "message": "Cannot accept a fulfillment request that was not submitted."}
    ]
