"""fulfillmentServiceCreate / Update / Delete and fulfillmentService(id:): a service with a
location of its own, Shopify's name and callback URL checks."""

from __future__ import annotations

from stockbridge_sandboxes.shopify import SandboxApp
from stockbridge_sandboxes.shopify.clock import FrozenClock

SERVICE = """id handle serviceName callbackUrl trackingSupport inventoryManagement
  requiresShippingMethod type location { id name isFulfillmentService fulfillsOnlineOrders
  shipsInventory }"""
CREATE = f"""mutation($name: String!, $url: URL) {{ fulfillmentServiceCreate(name: $name,
  callbackUrl: $url, trackingSupport: true) {{ fulfillmentService {{ {SERVICE} }}
  userErrors {{ field message }} }} }}"""
UPDATE = f"""mutation($id: ID!, $name: String, $url: URL) {{ fulfillmentServiceUpdate(id: $id,
  name: $name, callbackUrl: $url) {{ fulfillmentService {{ {SERVICE} }}
  userErrors {{ field message }} }} }}"""
DELETE = """mutation($id: ID!) { fulfillmentServiceDelete(id: $id, inventoryAction: DELETE) {
  deletedId userErrors { field message } } }"""
READ = f"""query($id: ID!, $loc: ID) {{ fulfillmentService(id: $id) {{ {SERVICE} }}
  location(id: $loc) {{ id name }} }}"""


def test_a_service_gets_a_location_of_its_own_and_renames_it() -> None:
    app = SandboxApp(clock=FrozenClock())

    created = app.execute(CREATE, {"name": "Hermes FS", "url": "https://mock.shop/callback"})
    service = created["data"]["fulfillmentServiceCreate"]["fulfillmentService"]
    updated = app.execute(UPDATE, {"id": service["id"], "name": "Hermes FS Two"})
    read = app.execute(READ, {"id": service["id"], "loc": service["location"]["id"]})["data"]

    assert service["id"].endswith("?id=true")
    assert {k: v for k, v in service.items() if k not in ("id", "location")} == {
        "handle": "hermes-fs",
        "serviceName": "Hermes FS",
        "callbackUrl": "https://mock.shop/callback",
        "trackingSupport": True,
        "inventoryManagement": False,
        "requiresShippingMethod": True,
        "type": "THIRD_PARTY",
    }
    assert {k: v for k, v in service["location"].items() if k != "id"} == {
        "name": "Hermes FS",
        "isFulfillmentService": True,
        "fulfillsOnlineOrders": True,
        "shipsInventory": False,
    }
    assert updated["data"]["fulfillmentServiceUpdate"]["userErrors"] == []
    assert read["fulfillmentService"]["serviceName"] == "Hermes FS Two"
    assert read["fulfillmentService"]["handle"] == "hermes-fs"
    assert read["location"]["name"] == "Hermes FS Two"


def test_deleting_a_service_deletes_its_location() -> None:
    app = SandboxApp(clock=FrozenClock())
    service = app.execute(CREATE, {"name": "Gone"})["data"]["fulfillmentServiceCreate"][
        "fulfillmentService"
    ]

    deleted = app.execute(DELETE, {"id": service["id"]})["data"]["fulfillmentServiceDelete"]
    read = app.execute(READ, {"id": service["id"], "loc": service["location"]["id"]})["data"]
    again = app.execute(DELETE, {"id": service["id"]})["data"]["fulfillmentServiceDelete"]

    assert deleted == {"deletedId": service["id"].split("?")[0], "userErrors": []}
    assert read == {"fulfillmentService": None, "location": None}
    assert again == {
        "deletedId": None,
        "userErrors": [{"field": ["id"], "message": "Fulfillment service could not be found."}],
    }


def test_names_and_callback_urls_are_checked() -> None:
    app = SandboxApp(clock=FrozenClock())

    blank = app.execute(CREATE, {"name": "", "url": "https://example.com/cb"})
    spaced = app.execute(CREATE, {"name": " Padded "})
    ok = app.execute(CREATE, {"name": "Fine"})["data"]["fulfillmentServiceCreate"]
    ftp = app.execute(UPDATE, {"id": ok["fulfillmentService"]["id"], "url": "ftp://mock.shop/cb"})

    assert blank["data"]["fulfillmentServiceCreate"]["userErrors"] == [
        {"field": ["name"], "message": "Name can't be blank"},
        {"field": ["callbackUrl"], "message": "Callback url is not allowed"},
    ]
    assert spaced["data"]["fulfillmentServiceCreate"]["userErrors"] == [
        {"field": ["name"], "message": "Name cannot begin with a whitespace character"},
        {"field": ["name"], "message": "Name cannot end with a whitespace character"},
    ]
    assert ftp["data"]["fulfillmentServiceUpdate"]["userErrors"] == [
        {"field": ["callbackUrl"], "message": "Callback url protocol ftp:// is not supported"}
    ]


def test_a_service_name_is_unique() -> None:
    app = SandboxApp(clock=FrozenClock())
    app.execute(CREATE, {"name": "Twice"})

    again = app.execute(CREATE, {"name": "Twice"})["data"]["fulfillmentServiceCreate"]

    assert again == {
        "fulfillmentService": None,
        "userErrors": [{"field": ["name"], "message": "Name has already been taken"}],
    }
