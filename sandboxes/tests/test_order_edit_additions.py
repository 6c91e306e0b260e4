"""orderEditAddVariant stages a new line priced at the variant's price; committing it makes
an order line in a new open fulfillment order and commits the variant's stock."""

from __future__ import annotations

from typing import Any

from stockbridge_sandboxes.shopify import SandboxApp
from stockbridge_sandboxes.shopify.clock import FrozenClock
from stockbridge_sandboxes.shopify.resolvers.inventory import level_for, quantity
from stockbridge_sandboxes.shopify.resolvers.products import default_location
from stockbridge_sandboxes.shopify.seed import seed_sample

BAG = "{ shopMoney { amount currencyCode } }"
CREATE = """mutation($order: OrderCreateOrderInput!) { orderCreate(order: $order) {
  order { id } userErrors { field message } } }"""
BEGIN = """mutation($id: ID!) { orderEditBegin(id: $id) { calculatedOrder { id } } }"""
ADD = f"""mutation($id: ID!, $variant: ID!, $qty: Int!) {{
  orderEditAddVariant(id: $id, variantId: $variant, quantity: $qty) {{
  calculatedOrder {{ subtotalLineItemsQuantity totalPriceSet {BAG}
    lineItems(first: 5) {{ nodes {{ title }} }} addedLineItems(first: 5) {{ nodes {{ title }} }} }}
  calculatedLineItem {{ title quantity sku variant {{ id }} originalUnitPriceSet {BAG} }}
  userErrors {{ field message }} }} }}"""
COMMIT = """mutation($id: ID!) { orderEditCommit(id: $id) { successMessages
  userErrors { field message } } }"""
READ = f"""query($id: ID!) {{ order(id: $id) {{ currentSubtotalLineItemsQuantity
  currentTotalPriceSet {BAG}
  lineItems(first: 5) {{ nodes {{ title quantity currentQuantity }} }}
  events(first: 5) {{ nodes {{ ... on BasicEvent {{ action }} }} }}
  fulfillmentOrders(first: 5) {{ nodes {{ status lineItems(first: 5) {{ nodes {{
    totalQuantity remainingQuantity lineItem {{ title }} }} }} }} }} }} }}"""


def _setup(app: SandboxApp) -> tuple[str, dict[str, Any]]:
    variant = app.store.get(seed_sample(app.store)[0]["variants"][0]["__ref"])
    assert variant is not None
    order = {
        "currency": "CAD",
        "financialStatus": "PAID",
        "lineItems": [
            {
                "title": "Mug",
                "quantity": 1,
                "priceSet": {"shopMoney": {"amount": "10.00", "currencyCode": "CAD"}},
            }
        ],
    }
    answer = app.execute(CREATE, {"order": order}, version="2026-04")
    order_id = answer["data"]["orderCreate"]["order"]["id"]
    return order_id, variant


def _add(app: SandboxApp, calc_id: str, variant_id: str, qty: int) -> dict[str, Any]:
    answer = app.execute(ADD, {"id": calc_id, "variant": variant_id, "qty": qty}, version="2026-04")
    return dict(answer["data"]["orderEditAddVariant"])


def test_add_variant_checks_the_quantity_and_the_variant() -> None:
    app = SandboxApp(clock=FrozenClock())
    order_id, variant = _setup(app)
    calc_id = app.execute(BEGIN, {"id": order_id})["data"]["orderEditBegin"]["calculatedOrder"][
        "id"
    ]

    assert _add(app, calc_id, variant["id"], 0)["userErrors"] == [
        {"field": ["quantity"], "message": "must be greater than 0"}
    ]
    assert _add(app, calc_id, variant["id"], -2)["userErrors"] == [
        {"field": ["quantity"], "message": "must be greater than 0"},
        {"field": ["quantity"], "message": "must be greater than or equal to 0"},
    ]
    assert _add(app, calc_id, "gid://shopify/ProductVariant/404", 1)["userErrors"] == [
        {"field": ["variantId"], "message": "The variant does not exist in the shop."}
    ]
    assert _add(app, "gid://shopify/CalculatedOrder/404", variant["id"], 1)["userErrors"] == [
        {"field": ["id"], "message": "The calculated order does not exist."}
    ]


def test_an_added_variant_is_staged_then_committed_to_the_order_and_its_stock() -> None:
    app = SandboxApp(clock=FrozenClock())
    order_id, variant = _setup(app)
    product = app.store.deref(variant["product"])
    level = level_for(
        app.store, app.store.deref(variant["inventoryItem"]), default_location(app.store)["id"]
    )
    stock = (quantity(level, "available"), quantity(level, "committed"))
    calc_id = app.execute(BEGIN, {"id": order_id})["data"]["orderEditBegin"]["calculatedOrder"][
        "id"
    ]
    price = f"{float(variant['price']):.1f}"

    added = _add(app, calc_id, variant["id"], 2)

    assert added["userErrors"] == []
    assert added["calculatedLineItem"] == {
        "title": product["title"],
        "quantity": 2,
        "sku": variant["sku"],
        "variant": {"id": variant["id"]},
        "originalUnitPriceSet": {"shopMoney": {"amount": price, "currencyCode": "CAD"}},
    }
    calc = added["calculatedOrder"]
    assert calc["lineItems"]["nodes"] == [{"title": "Mug"}]
    assert calc["addedLineItems"]["nodes"] == [{"title": product["title"]}]
    assert calc["subtotalLineItemsQuantity"] == 3
    total = f"{10 + 2 * float(variant['price']):.1f}"
    assert calc["totalPriceSet"] == {"shopMoney": {"amount": total, "currencyCode": "CAD"}}

    committed = app.execute(COMMIT, {"id": calc_id})["data"]["orderEditCommit"]

    assert committed == {"successMessages": ["Order updated"], "userErrors": []}
    order = app.execute(READ, {"id": order_id})["data"]["order"]
    assert order["currentSubtotalLineItemsQuantity"] == 3
    assert order["currentTotalPriceSet"] == {"shopMoney": {"amount": total, "currencyCode": "CAD"}}
    assert order["lineItems"]["nodes"] == [
        {"title": "Mug", "quantity": 1, "currentQuantity": 1},
        {"title": product["title"], "quantity": 2, "currentQuantity": 2},
    ]
    assert order["events"]["nodes"] == [{"action": "edited"}]
    assert [fo["lineItems"]["nodes"] for fo in order["fulfillmentOrders"]["nodes"]] == [
        [{"totalQuantity": 1, "remainingQuantity": 1, "lineItem": {"title": "Mug"}}],
        [{"totalQuantity": 2, "remainingQuantity": 2, "lineItem": {"title": product["title"]}}],
    ]
    assert (quantity(level, "available"), quantity(level, "committed")) == (
        stock[0] - 2,
        stock[1] + 2,
    )
