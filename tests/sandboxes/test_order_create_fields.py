"""orderCreate: what Shopify derives from the input beyond the order math."""

from __future__ import annotations

from stockbridge.sandboxes.shopify import SandboxApp
from stockbridge.sandboxes.shopify.clock import FrozenClock

CREATE = """mutation($order: OrderCreateOrderInput!) { orderCreate(order: $order) {
  order { id email customer { id email displayName } }
  userErrors { field message code } } }"""


def _line(title: str = "Custom item") -> dict[str, object]:
    return {
        "title": title,
        "quantity": 1,
        "priceSet": {"shopMoney": {"amount": "12.00", "currencyCode": "USD"}},
    }


def test_an_order_with_an_email_is_filed_under_that_emails_customer() -> None:
    app = SandboxApp(clock=FrozenClock())

    first = app.execute(CREATE, {"order": {"email": "ada@example.com", "lineItems": [_line()]}})
    second = app.execute(CREATE, {"order": {"email": "ada@example.com", "lineItems": [_line()]}})

    customer = first["data"]["orderCreate"]["order"]["customer"]
    assert customer["email"] == "ada@example.com"
    assert customer["displayName"] == "ada@example.com"
    assert second["data"]["orderCreate"]["order"]["customer"] == customer
    assert len(app.store.all("Customer")) == 1


def test_an_order_without_an_email_or_customer_has_no_customer() -> None:
    app = SandboxApp(clock=FrozenClock())

    answer = app.execute(CREATE, {"order": {"lineItems": [_line()]}})

    assert answer["data"]["orderCreate"]["order"]["customer"] is None
    assert app.store.all("Customer") == []


def test_a_processed_at_in_the_future_is_refused() -> None:
    app = SandboxApp(clock=FrozenClock())

    answer = app.execute(
        CREATE, {"order": {"processedAt": "2099-01-01T00:00:00Z", "lineItems": [_line()]}}
    )

    assert answer["data"]["orderCreate"] == {
        "order": None,
        "userErrors": [
            {
                "field": ["order", "processedAt"],
                "message": "Processed at can't be in the future",
                "code": "PROCESSED_AT_INVALID",
            }
        ],
    }
