"""`customerByIdentifier`, and customer addresses as Shopify keeps them on create and update."""

from __future__ import annotations

from typing import Any

import httpx

from sandboxes.tests.conftest import gql

CREATE = """mutation($input: CustomerInput!) { customerCreate(input: $input) {
  customer { id addressesV2(first: 5) { nodes { id } } } userErrors { field message } } }"""
UPDATE = """mutation($input: CustomerInput!) { customerUpdate(input: $input) {
  customer { id } userErrors { field message } } }"""
ADDRESSES = """query($id: ID!) { customer(id: $id) {
  defaultAddress { name city formattedArea }
  addressesV2(first: 5) { nodes { name address1 city province formattedArea } } } }"""
BY = """query($identifier: CustomerIdentifierInput!) {
  customerByIdentifier(identifier: $identifier) { email } }"""
HOME = {
    "firstName": "Ada",
    "lastName": "Lovelace",
    "address1": "1 Main St",
    "city": "Toronto",
    "provinceCode": "ON",
    "countryCode": "CA",
}


def _create(http: httpx.Client, **fields: Any) -> dict[str, Any]:
    body = gql(http, CREATE, {"input": fields}).json()["data"]["customerCreate"]
    assert body["userErrors"] == []
    return body["customer"]


def test_customers_are_found_by_id_email_or_phone(http: httpx.Client) -> None:
    made = _create(http, email="Ada@Example.com", phone="+14155550100")

    found = [
        gql(http, BY, {"identifier": identifier}).json()["data"]["customerByIdentifier"]
        for identifier in (
            {"id": made["id"]},
            {"emailAddress": "ada@example.com"},
            {"phoneNumber": "+1 415 555 0100"},
            {"emailAddress": "nobody@example.com"},
        )
    ]

    assert found == [{"email": "Ada@Example.com"}] * 3 + [None]


def test_addresses_read_as_a_connection_with_names(http: httpx.Client) -> None:
    made = _create(http, email="a@example.com", addresses=[HOME, {**HOME, "city": "Ottawa"}])

    read = gql(http, ADDRESSES, {"id": made["id"]}).json()["data"]["customer"]

    assert read["defaultAddress"] == {
        "name": "Ada Lovelace",
        "city": "Toronto",
        "formattedArea": "Toronto ON, Canada",
    }
    assert [n["city"] for n in read["addressesV2"]["nodes"]] == ["Toronto", "Ottawa"]


def test_an_update_by_address_id_keeps_the_fields_it_does_not_give(http: httpx.Client) -> None:
    made = _create(http, email="a@example.com", addresses=[HOME, {**HOME, "city": "Ottawa"}])
    second = made["addressesV2"]["nodes"][1]["id"]

    body = gql(
        http,
        UPDATE,
        {"input": {"id": made["id"], "addresses": [{"id": second, "address1": "9 New Rd"}]}},
    ).json()["data"]["customerUpdate"]
    read = gql(http, ADDRESSES, {"id": made["id"]}).json()["data"]["customer"]

    assert body["userErrors"] == []
    assert read["addressesV2"]["nodes"] == [
        {
            "name": "Ada Lovelace",
            "address1": "9 New Rd",
            "city": "Ottawa",
            "province": "Ontario",
            "formattedArea": "Ottawa ON, Canada",
        }
    ]


def test_an_unknown_address_id_is_refused_and_changes_nothing(http: httpx.Client) -> None:
    made = _create(http, email="a@example.com", addresses=[HOME])
    unknown = {"id": "gid://shopify/MailingAddress/999", "address1": "x"}

    body = gql(http, UPDATE, {"input": {"id": made["id"], "addresses": [unknown]}}).json()
    read = gql(http, ADDRESSES, {"id": made["id"]}).json()["data"]["customer"]

    assert body["data"]["customerUpdate"] == {
        "customer": None,
        "userErrors": [
            {"field": ["addresses", "0", "id"], "message": "Customer address does not exist"}
        ],
    }
    assert [n["address1"] for n in read["addressesV2"]["nodes"]] == ["1 Main St"]


def test_repeated_address_rows_make_one_address(http: httpx.Client) -> None:
    made = _create(http, email="a@example.com", addresses=[HOME, HOME])

    assert len(made["addressesV2"]["nodes"]) == 1


def test_customers_count_ignores_free_text(http: httpx.Client) -> None:
    _create(http, email="a@example.com")
    _create(http, email="b@example.com")

    body = gql(http, '{ customersCount(query: "a@example.com") { count } }').json()

    assert body["data"]["customersCount"] == {"count": 2}
