"""`customerAddressCreate/Update/Delete` and `customerUpdateDefaultAddress`, with Shopify's
address checks and normalization."""

from __future__ import annotations

from typing import Any

import httpx

from sandboxes.tests.conftest import gql

CUSTOMER = """mutation($input: CustomerInput!) { customerCreate(input: $input) {
  customer { id } userErrors { field message } } }"""
ADDRESS = "id name firstName address1 city province phone formattedArea"
CREATE = f"""mutation($c: ID!, $a: MailingAddressInput!, $d: Boolean) {{
  customerAddressCreate(customerId: $c, address: $a, setAsDefault: $d) {{
    address {{ {ADDRESS} }} userErrors {{ field message }} }} }}"""
UPDATE = f"""mutation($c: ID!, $id: ID!, $a: MailingAddressInput!) {{
  customerAddressUpdate(customerId: $c, addressId: $id, address: $a) {{
    address {{ {ADDRESS} }} userErrors {{ field message }} }} }}"""
DELETE = """mutation($c: ID!, $id: ID!) { customerAddressDelete(customerId: $c, addressId: $id) {
  deletedAddressId userErrors { field message } } }"""
DEFAULT = """mutation($c: ID!, $id: ID!) { customerUpdateDefaultAddress(customerId: $c, addressId: $id) {
  customer { defaultAddress { city } } userErrors { field message } } }"""
OTTAWA = {"address1": " 1 Main St ", "city": "Ottawa", "countryCode": "CA", "provinceCode": "ON"}


def _customer(http: httpx.Client) -> str:
    body = gql(http, CUSTOMER, {"input": {"firstName": "Ada", "lastName": "Lovelace"}}).json()
    return body["data"]["customerCreate"]["customer"]["id"]


def _create(http: httpx.Client, customer: str, address: dict[str, Any]) -> Any:
    variables = {"c": customer, "a": address}
    return gql(http, CREATE, variables).json()["data"]["customerAddressCreate"]


def test_an_address_is_trimmed_named_and_normalized(http: httpx.Client) -> None:
    customer = _customer(http)

    body = _create(http, customer, {**OTTAWA, "phone": "613-450-4538"})

    assert body["userErrors"] == []
    assert {k: v for k, v in body["address"].items() if k != "id"} == {
        "name": "Ada Lovelace",
        "firstName": "Ada",
        "address1": "1 Main St",
        "city": "Ottawa",
        "province": "Ontario",
        "phone": "+16134504538",
        "formattedArea": "Ottawa ON, Canada",
    }


def test_address_checks(http: httpx.Client) -> None:
    customer = _create_customer_with_address(http)

    assert _create(http, customer, {"city": "<b>x</b>"})["userErrors"] == [
        {"field": ["address", "city"], "message": "City cannot contain HTML tags"}
    ]
    assert _create(http, customer, {"zip": "K1A https://x"})["userErrors"] == [
        {"field": ["address", "zip"], "message": "Zip cannot contain URL"}
    ]
    assert _create(http, customer, {"countryCode": "US", "provinceCode": "ON"})["userErrors"] == [
        {"field": ["address", "province"], "message": "Province is invalid"}
    ]
    assert _create(http, customer, OTTAWA)["userErrors"] == [
        {"field": ["address"], "message": "Address already exists"}
    ]


def _create_customer_with_address(http: httpx.Client) -> str:
    customer = _customer(http)
    _create(http, customer, OTTAWA)
    return customer


def test_update_delete_and_default(http: httpx.Client) -> None:
    customer = _customer(http)
    first = _create(http, customer, OTTAWA)["address"]["id"]
    second = _create(http, customer, {**OTTAWA, "city": "Toronto"})["address"]["id"]

    mismatch = gql(http, UPDATE, {"c": customer, "id": first, "a": {"id": second}}).json()
    updated = gql(http, UPDATE, {"c": customer, "id": second, "a": {"city": "Kingston"}}).json()
    defaulted = gql(http, DEFAULT, {"c": customer, "id": second}).json()
    deleted = gql(http, DELETE, {"c": customer, "id": second}).json()
    after = gql(http, DEFAULT, {"c": customer, "id": second}).json()

    assert mismatch["data"]["customerAddressUpdate"]["userErrors"] == [
        {
            "field": ["addressId"],
            "message": "The id of the address does not match the id in the input",
        }
    ]
    assert updated["data"]["customerAddressUpdate"]["address"]["city"] == "Kingston"
    assert defaulted["data"]["customerUpdateDefaultAddress"]["customer"] == {
        "defaultAddress": {"city": "Kingston"}
    }
    assert deleted["data"]["customerAddressDelete"] == {
        "deletedAddressId": second,
        "userErrors": [],
    }
    assert after["data"]["customerUpdateDefaultAddress"] == {
        "customer": {"defaultAddress": {"city": "Ottawa"}},
        "userErrors": [{"field": ["addressId"], "message": "Address does not exist"}],
    }


def test_a_blank_address_on_customer_create_is_refused(http: httpx.Client) -> None:
    body = gql(
        http, CUSTOMER, {"input": {"email": "a@example.com", "addresses": [{"address1": " "}]}}
    ).json()["data"]["customerCreate"]

    assert body == {
        "customer": None,
        "userErrors": [
            {"field": ["addresses", "0"], "message": "Customer address cannot be blank."}
        ],
    }
