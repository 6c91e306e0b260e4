"""Carrier services (shipping rate providers): lifecycle, listing by active/id, Shopify's
name and callback URL checks, and URL variables without a scheme."""

from __future__ import annotations

from typing import Any

from stockbridge_sandboxes.shopify import SandboxApp
from stockbridge_sandboxes.shopify.clock import FrozenClock

SERVICE = "id name formattedName callbackUrl active supportsServiceDiscovery"
CREATE = f"""mutation($input: DeliveryCarrierServiceCreateInput!) {{
  carrierServiceCreate(input: $input) {{ carrierService {{ {SERVICE} }}
  userErrors {{ field message code }} }} }}"""
UPDATE = f"""mutation($input: DeliveryCarrierServiceUpdateInput!) {{
  carrierServiceUpdate(input: $input) {{ carrierService {{ {SERVICE} }}
  userErrors {{ field message code }} }} }}"""
DELETE = """mutation($id: ID!) { carrierServiceDelete(id: $id) {
  deletedId userErrors { field message code } } }"""
READ = f"""query($id: ID!, $q: String) {{ carrierService(id: $id) {{ {SERVICE} }}
  carrierServices(first: 5, query: $q, sortKey: ID, reverse: true) {{ nodes {{ name }} }} }}"""


def _input(name: str, **extra: Any) -> dict[str, Any]:
    return {
        "name": name,
        "callbackUrl": "https://mock.shop/rates",
        "supportsServiceDiscovery": True,
        "active": False,
        **extra,
    }


def test_a_carrier_service_is_created_updated_listed_and_deleted() -> None:
    app = SandboxApp(clock=FrozenClock())

    created = app.execute(CREATE, {"input": _input("Hermes")})["data"]["carrierServiceCreate"]
    app.execute(CREATE, {"input": _input("Other")})
    service = created["carrierService"]
    updated = app.execute(
        UPDATE, {"input": {"id": service["id"], "name": "Hermes 2", "active": True}}
    )
    read = app.execute(READ, {"id": service["id"], "q": "active:true"})["data"]
    listed = app.execute(READ, {"id": service["id"], "q": None})["data"]["carrierServices"]
    deleted = app.execute(DELETE, {"id": service["id"]})["data"]["carrierServiceDelete"]

    assert {k: v for k, v in service.items() if k != "id"} == {
        "name": "Hermes",
        "formattedName": "Hermes (Rates provided by app)",
        "callbackUrl": "https://mock.shop/rates",
        "active": False,
        "supportsServiceDiscovery": True,
    }
    assert updated["data"]["carrierServiceUpdate"]["carrierService"]["formattedName"] == (
        "Hermes 2 (Rates provided by app)"
    )
    assert read["carrierServices"]["nodes"] == [{"name": "Hermes 2"}]
    assert listed["nodes"] == [{"name": "Other"}, {"name": "Hermes 2"}]
    assert deleted == {"deletedId": service["id"], "userErrors": []}
    assert app.execute(READ, {"id": service["id"]})["data"]["carrierService"] is None


def test_names_and_callback_urls_are_checked() -> None:
    app = SandboxApp(clock=FrozenClock())
    app.execute(CREATE, {"input": _input("Taken")})

    def errors(**extra: Any) -> Any:
        answer = app.execute(CREATE, {"input": {**_input("Fresh"), **extra}})
        return answer["data"]["carrierServiceCreate"]["userErrors"]

    failed = "CARRIER_SERVICE_CREATE_FAILED"
    assert errors(name="") == [
        {"field": None, "message": "Shipping rate provider name can't be blank", "code": failed}
    ]
    assert errors(name="Taken") == [
        {"field": None, "message": "Taken is already configured", "code": failed}
    ]
    assert errors(callbackUrl="http://mock.shop/rates") == [
        {
            "field": None,
            "message": "Shipping rate provider callback url must use HTTPS",
            "code": failed,
        }
    ]
    assert errors(callbackUrl="https://shopify.com/rates") == [
        {
            "field": None,
            "message": "Shipping rate provider callback url invalid host",
            "code": failed,
        }
    ]


def test_unknown_services_are_not_found() -> None:
    app = SandboxApp(clock=FrozenClock())
    unknown = "gid://shopify/DeliveryCarrierService/999"

    updated = app.execute(UPDATE, {"input": {"id": unknown, "name": "Nope"}})["data"]
    deleted = app.execute(DELETE, {"id": unknown})["data"]

    assert updated["carrierServiceUpdate"]["userErrors"] == [
        {
            "field": None,
            "message": "The carrier or app could not be found.",
            "code": "CARRIER_SERVICE_UPDATE_FAILED",
        }
    ]
    assert deleted["carrierServiceDelete"]["userErrors"] == [
        {
            "field": ["id"],
            "message": "The carrier or app could not be found.",
            "code": "CARRIER_SERVICE_DELETE_FAILED",
        }
    ]


def test_a_url_variable_without_a_scheme_is_an_invalid_variable() -> None:
    app = SandboxApp(clock=FrozenClock())

    answer = app.execute(CREATE, {"input": _input("Bad", callbackUrl="not-a-url")})

    assert answer["errors"][0]["message"] == (
        "Variable $input of type DeliveryCarrierServiceCreateInput! was provided invalid value "
        "for callbackUrl (Invalid url 'not-a-url', missing scheme)"
    )
    assert answer["errors"][0]["extensions"]["problems"] == [
        {
            "path": ["callbackUrl"],
            "explanation": "Invalid url 'not-a-url', missing scheme",
            "message": "Invalid url 'not-a-url', missing scheme",
        }
    ]
