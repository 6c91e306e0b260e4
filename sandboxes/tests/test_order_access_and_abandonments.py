"""taxSummaryCreate is denied to an app that is no tax calculations app;
abandonmentUpdateActivitiesDeliveryStatuses refuses unknown abandonments and records the
delivery state of known ones."""

from __future__ import annotations

from stockbridge_sandboxes.shopify import SandboxApp
from stockbridge_sandboxes.shopify.clock import FrozenClock

TAX = """mutation { taxSummaryCreate(orderId: "gid://shopify/Order/1") {
  enqueuedOrders { id } userErrors { field message } } }"""
ABANDONMENT = """mutation($id: ID!, $state: AbandonmentDeliveryState!) {
  abandonmentUpdateActivitiesDeliveryStatuses(abandonmentId: $id,
    marketingActivityId: "gid://shopify/MarketingActivity/4", deliveryStatus: $state) {
    abandonment { id emailState emailSentAt } userErrors { field message code } } }"""


def test_tax_summaries_are_denied() -> None:
    app = SandboxApp(clock=FrozenClock())

    answer = app.execute(TAX)

    assert answer["data"] == {"taxSummaryCreate": None}
    assert answer["errors"][0]["message"] == (
        "Access denied for taxSummaryCreate field. Required access: `write_taxes` access scope. "
        "Also: The caller must be a tax calculations app and the relevant feature must be on."
    )
    assert answer["errors"][0]["extensions"]["code"] == "ACCESS_DENIED"
    assert answer["errors"][0]["path"] == ["taxSummaryCreate"]


def test_an_unknown_abandonment_is_not_found() -> None:
    app = SandboxApp(clock=FrozenClock())

    answer = app.execute(ABANDONMENT, {"id": "gid://shopify/Abandonment/3", "state": "SENT"})

    assert answer["data"]["abandonmentUpdateActivitiesDeliveryStatuses"] == {
        "abandonment": None,
        "userErrors": [
            {
                "field": ["abandonmentId"],
                "message": "abandonment_not_found",
                "code": "ABANDONMENT_NOT_FOUND",
            }
        ],
    }


def test_a_known_abandonment_takes_the_delivery_state() -> None:
    clock = FrozenClock()
    app = SandboxApp(clock=clock)
    app.store.put("gid://shopify/Abandonment/3", {"emailState": "NOT_SENT"})

    answer = app.execute(ABANDONMENT, {"id": "gid://shopify/Abandonment/3", "state": "SENT"})

    assert answer["data"]["abandonmentUpdateActivitiesDeliveryStatuses"] == {
        "abandonment": {
            "id": "gid://shopify/Abandonment/3",
            "emailState": "SENT",
            "emailSentAt": clock.iso(),
        },
        "userErrors": [],
    }
