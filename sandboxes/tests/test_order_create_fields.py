"""orderCreate: what Shopify derives from the input beyond the order math."""

from __future__ import annotations

from stockbridge_sandboxes.shopify import SandboxApp
from stockbridge_sandboxes.shopify.clock import FrozenClock
from stockbridge_sandboxes.shopify.store import ref

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


LINE_FIELDS = """mutation($order: OrderCreateOrderInput!) { orderCreate(order: $order) {
  order { lineItems(first: 5) { nodes {
    customAttributes { key value } vendor product { id } variant { id }
    discountAllocations { allocatedAmountSet { shopMoney { amount currencyCode } } } } } }
  userErrors { field message } } }"""


def test_a_custom_line_links_the_product_it_names_and_keeps_its_properties() -> None:
    app = SandboxApp(clock=FrozenClock())
    app.store.put("gid://shopify/Product/42", {"title": "Mug"})
    line = {
        **_line(),
        "vendor": "Hermes Vendor",
        "productId": "gid://shopify/Product/42",
        "properties": [{"name": "engraving", "value": "Ada"}, {"name": "gift", "value": "yes"}],
    }

    answer = app.execute(LINE_FIELDS, {"order": {"lineItems": [line]}})

    assert answer["data"]["orderCreate"]["order"]["lineItems"]["nodes"] == [
        {
            "customAttributes": [
                {"key": "engraving", "value": "Ada"},
                {"key": "gift", "value": "yes"},
            ],
            "vendor": "Hermes Vendor",
            "product": {"id": "gid://shopify/Product/42"},
            "variant": None,
            "discountAllocations": [],
        }
    ]


def test_a_variant_line_links_the_variants_product() -> None:
    app = SandboxApp(clock=FrozenClock())
    app.store.put("gid://shopify/Product/42", {"title": "Mug"})
    app.store.put(
        "gid://shopify/ProductVariant/7",
        {"price": "9.00", "product": ref("gid://shopify/Product/42")},
    )

    answer = app.execute(
        LINE_FIELDS,
        {"order": {"lineItems": [{"variantId": "gid://shopify/ProductVariant/7", "quantity": 1}]}},
    )

    node = answer["data"]["orderCreate"]["order"]["lineItems"]["nodes"][0]
    assert (node["product"], node["variant"]) == (
        {"id": "gid://shopify/Product/42"},
        {"id": "gid://shopify/ProductVariant/7"},
    )
