"""A shop that a connector would watch: every subscribed topic fires once or more.

`run_scenario` subscribes an HTTPS receiver to each topic a connector subscribes to, then
does what makes each one fire (an order through the Admin API and one through checkout,
payment, fulfilment, a refund with restock, a cancel with restock, product and customer
writes, an inventory adjustment, a bulk export, the app's uninstall) and returns what was
delivered, in order, as (topic, parsed body). Deliveries go through a transport that records
them instead of sending them over HTTP.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

import httpx

from stockbridge_sandboxes.shopify import SandboxApp
from stockbridge_sandboxes.shopify.clock import FrozenClock
from stockbridge_sandboxes.shopify.seed import seed_sample

TOPICS = (
    "ORDERS_CREATE",
    "ORDERS_UPDATED",
    "ORDERS_CANCELLED",
    "ORDERS_FULFILLED",
    "ORDERS_PAID",
    "REFUNDS_CREATE",
    "FULFILLMENTS_CREATE",
    "CUSTOMERS_CREATE",
    "CUSTOMERS_UPDATE",
    "PRODUCTS_CREATE",
    "PRODUCTS_UPDATE",
    "PRODUCTS_DELETE",
    "INVENTORY_LEVELS_UPDATE",
    "APP_UNINSTALLED",
    "BULK_OPERATIONS_FINISH",
)
SUBSCRIBE = """mutation($topic: WebhookSubscriptionTopic!, $uri: String!) {
  webhookSubscriptionCreate(topic: $topic, webhookSubscription: {uri: $uri}) {
    userErrors { field message } } }"""
ORDER_CREATE = """mutation($order: OrderCreateOrderInput!, $options: OrderCreateOptionsInput) {
  orderCreate(order: $order, options: $options) { order { id } userErrors { message } } }"""


def bag(shop: str, presented: str) -> dict[str, Any]:
    return {
        "shopMoney": {"amount": shop, "currencyCode": "CAD"},
        "presentmentMoney": {"amount": presented, "currencyCode": "EUR"},
    }


ADDRESS = {
    "firstName": "Ada",
    "lastName": "Lovelace",
    "address1": "1 Main St",
    "city": "Ottawa",
    "provinceCode": "ON",
    "countryCode": "CA",
    "zip": "K1A 0B1",
}


def admin_order(variant_id: str) -> dict[str, Any]:
    """2 x 54.00 CAD (36.00 EUR), HST on the line and on 10.00 shipping, 8.00 off, paid."""
    return {
        "currency": "CAD",
        "presentmentCurrency": "EUR",
        "email": "ada@example.com",
        "customer": {
            "toUpsert": {"email": "ada@example.com", "firstName": "Ada", "lastName": "Lovelace"}
        },
        "billingAddress": ADDRESS,
        "shippingAddress": ADDRESS,
        "lineItems": [
            {
                "variantId": variant_id,
                "quantity": 2,
                "priceSet": bag("54.00", "36.00"),
                "taxLines": [{"title": "HST", "rate": 0.13, "priceSet": bag("14.04", "9.36")}],
            }
        ],
        "shippingLines": [
            {
                "title": "Standard",
                "code": "STD",
                "source": "shopify",
                "priceSet": bag("10.00", "6.67"),
                "taxLines": [{"title": "HST", "rate": 0.13, "priceSet": bag("1.30", "0.87")}],
            }
        ],
        "discountCode": {
            "itemFixedDiscountCode": {"code": "SPRING", "amountSet": bag("8.00", "5.33")}
        },
        "transactions": [
            {
                "kind": "SALE",
                "status": "SUCCESS",
                "gateway": "manual",
                "amountSet": bag("125.34", "83.56"),
            }
        ],
    }


@dataclass
class Delivered:
    bodies: list[tuple[str, dict[str, Any]]] = field(default_factory=list)

    def __call__(self, url: str, headers: dict[str, str], body: bytes) -> int:
        self.bodies.append((headers["X-Shopify-Topic"], json.loads(body)))
        return 200

    def of(self, topic: str) -> list[dict[str, Any]]:
        return [body for name, body in self.bodies if name == topic]


def new_shop(delivered: Delivered) -> tuple[SandboxApp, httpx.Client, FrozenClock]:
    """A CAD shop with the sample catalog, every connector topic subscribed."""
    clock = FrozenClock()
    app = SandboxApp(clock=clock, token="shpat_scenario", webhook_transport=delivered)
    app.store.put(
        "gid://shopify/Shop/1",
        {"name": "Maple Goods", "email": "owner@maple.example", "currencyCode": "CAD"},
    )
    seed_sample(app.store)
    for topic in TOPICS:
        answer = app.execute(SUBSCRIBE, {"topic": topic, "uri": "https://hooks.example/shopify"})
        assert answer["data"]["webhookSubscriptionCreate"]["userErrors"] == []
    http = httpx.Client(transport=httpx.WSGITransport(app=app), base_url="http://sandbox.test")
    return app, http, clock


def run_scenario() -> tuple[SandboxApp, Delivered]:
    delivered = Delivered()
    app, http, clock = new_shop(delivered)
    jacket = app.store.all("ProductVariant")[0]["id"]
    mug = next(v for v in app.store.all("ProductVariant") if v.get("sku") == "SB-004")["id"]
    options = {"inventoryBehaviour": "DECREMENT_OBEYING_POLICY"}
    made = app.execute(ORDER_CREATE, {"order": admin_order(jacket), "options": options})
    admin_id = made["data"]["orderCreate"]["order"]["id"]
    shopper = http.post(
        "/__sandbox/orders",
        json={"lineItems": [{"variantId": mug, "quantity": 3}], "email": "grace@example.com"},
    ).json()
    number = admin_id.rsplit("/", 1)[1]
    http.post(f"/__sandbox/orders/{number}/fulfil", json={"number": "1Z999", "company": "UPS"})
    http.post(f"/__sandbox/orders/{number}/refund", json={"restockType": "RETURN"})
    http.post(f"/__sandbox/orders/{shopper['id'].rsplit('/', 1)[1]}/cancel", json={})
    created = app.execute(
        'mutation { productCreate(product: {title: "Tide Flask", vendor: "Quay & Co"}) '
        "{ product { id } } }"
    )["data"]["productCreate"]["product"]["id"]
    app.execute(
        'mutation($id: ID!) { productUpdate(product: {id: $id, tags: ["sale", "summer"]}) '
        "{ product { id } } }",
        {"id": created},
    )
    app.execute(
        "mutation($id: ID!) { productDelete(input: {id: $id}) { deletedProductId } }",
        {"id": created},
    )
    customer = app.execute(
        'mutation { customerCreate(input: {email: "alan@example.com", firstName: "Alan", '
        'lastName: "Turing"}) { customer { id } } }'
    )["data"]["customerCreate"]["customer"]["id"]
    app.execute(
        'mutation($id: ID!) { customerUpdate(input: {id: $id, note: "VIP"}) { customer { id } } }',
        {"id": customer},
    )
    app.execute(
        'mutation { bulkOperationRunQuery(query: "{ products { edges { node { id } } } }") '
        "{ bulkOperation { id } } }"
    )
    clock.advance(2)
    http.post("/__sandbox/tick")
    http.post("/__sandbox/tokens/revoke", json={"token": "shpat_scenario"})
    http.post("/__sandbox/tick")
    return app, delivered
