"""The shop's origin locations (`locationsAvailableForDeliveryProfilesConnection`) and the
location orderCreate assigns an order's fulfillment order to."""

from __future__ import annotations

from stockbridge_sandboxes.shopify import SandboxApp
from stockbridge_sandboxes.shopify.clock import FrozenClock

ORIGINS = """{ locationsAvailableForDeliveryProfilesConnection(first: 5) {
  nodes { id name isActive isFulfillmentService } } }"""

CREATE = """mutation($order: OrderCreateOrderInput!) { orderCreate(order: $order) {
  order { fulfillmentOrders(first: 5) { nodes { assignedLocation { name location { id } } } } }
  userErrors { field message } } }"""

LINE = {
    "title": "Shippable",
    "quantity": 1,
    "requiresShipping": True,
    "priceSet": {"shopMoney": {"amount": "12.50", "currencyCode": "USD"}},
}


def test_a_shop_without_locations_ships_from_its_default_location() -> None:
    app = SandboxApp(clock=FrozenClock())

    origins = app.execute(ORIGINS)["data"]["locationsAvailableForDeliveryProfilesConnection"]
    created = app.execute(CREATE, {"order": {"lineItems": [LINE]}})["data"]["orderCreate"]

    assert origins["nodes"] == [
        {
            "id": "gid://shopify/Location/1",
            "name": "Shop location",
            "isActive": True,
            "isFulfillmentService": False,
        }
    ]
    assert created["order"]["fulfillmentOrders"]["nodes"] == [
        {
            "assignedLocation": {
                "name": "Shop location",
                "location": {"id": "gid://shopify/Location/1"},
            }
        }
    ]


def test_only_active_locations_are_origins() -> None:
    app = SandboxApp(clock=FrozenClock())
    app.store.put("gid://shopify/Location/5", {"name": "Warehouse", "isActive": True})
    app.store.put("gid://shopify/Location/6", {"name": "Closed store", "isActive": False})

    origins = app.execute(ORIGINS)["data"]["locationsAvailableForDeliveryProfilesConnection"]
    created = app.execute(CREATE, {"order": {"lineItems": [LINE]}})["data"]["orderCreate"]

    assert [n["name"] for n in origins["nodes"]] == ["Warehouse"]
    assert created["order"]["fulfillmentOrders"]["nodes"][0]["assignedLocation"] == {
        "name": "Warehouse",
        "location": {"id": "gid://shopify/Location/5"},
    }
