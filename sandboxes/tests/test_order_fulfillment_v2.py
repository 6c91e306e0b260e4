"""The deprecated fulfillmentCreateV2 / fulfillmentTrackingInfoUpdateV2 behave as their
successors; an order known only through its fulfillment orders gets its fulfillment status
from their lines; validation error paths name aliased fields by their alias."""

from __future__ import annotations

from stockbridge_sandboxes.shopify import SandboxApp
from stockbridge_sandboxes.shopify.clock import FrozenClock
from stockbridge_sandboxes.shopify.store import ref

CREATE_V2 = """mutation($fo: ID!) { fulfillmentCreateV2(fulfillment: {
  lineItemsByFulfillmentOrder: [{fulfillmentOrderId: $fo}],
  trackingInfo: {numbers: ["A1", "A2"], company: "UPS"} }) {
  fulfillment { id status trackingInfo { number company } order { displayFulfillmentStatus } }
  userErrors { field message } } }"""
TRACK_V2 = """mutation($id: ID!) { fulfillmentTrackingInfoUpdateV2(fulfillmentId: $id,
  trackingInfoInput: {number: "B1", company: "DHL"}) {
  fulfillment { trackingInfo { number company } } userErrors { field message } } }"""


def _order_known_through_its_fulfillment_order(app: SandboxApp) -> str:
    store = app.store
    store.put("gid://shopify/LineItem/5", {"quantity": 2, "fulfillableQuantity": 2})
    store.put(
        "gid://shopify/FulfillmentOrderLineItem/6",
        {"totalQuantity": 2, "remainingQuantity": 2, "lineItem": ref("gid://shopify/LineItem/5")},
    )
    store.put(
        "gid://shopify/FulfillmentOrder/7",
        {
            "status": "OPEN",
            "lineItems": [ref("gid://shopify/FulfillmentOrderLineItem/6")],
            "order": ref("gid://shopify/Order/8"),
        },
    )
    store.put(
        "gid://shopify/Order/8",
        {"name": "#1001", "fulfillmentOrders": [ref("gid://shopify/FulfillmentOrder/7")]},
    )
    return "gid://shopify/FulfillmentOrder/7"


def test_the_v2_mutations_fulfil_and_update_tracking() -> None:
    app = SandboxApp(clock=FrozenClock())
    fo = _order_known_through_its_fulfillment_order(app)

    created = app.execute(CREATE_V2, {"fo": fo})["data"]["fulfillmentCreateV2"]
    fulfillment = created["fulfillment"]
    tracked = app.execute(TRACK_V2, {"id": fulfillment["id"]})["data"]

    assert created["userErrors"] == []
    assert fulfillment["status"] == "SUCCESS"
    assert fulfillment["trackingInfo"] == [
        {"number": "A1", "company": "UPS"},
        {"number": "A2", "company": "UPS"},
    ]
    assert fulfillment["order"] == {"displayFulfillmentStatus": "FULFILLED"}
    assert tracked["fulfillmentTrackingInfoUpdateV2"] == {
        "fulfillment": {"trackingInfo": [{"number": "B1", "company": "DHL"}]},
        "userErrors": [],
    }


def test_an_undefined_field_under_an_alias_is_reported_at_the_alias() -> None:
    app = SandboxApp(clock=FrozenClock())

    answer = app.execute(
        """mutation Probe { cancel: fulfillmentCancel(id: "gid://shopify/Fulfillment/1") {
          userErrors { code } } }"""
    )

    assert answer["errors"][0]["path"] == ["mutation Probe", "cancel", "userErrors", "code"]
    assert answer["errors"][0]["extensions"]["code"] == "undefinedField"
