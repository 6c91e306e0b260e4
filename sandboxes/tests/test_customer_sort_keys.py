"""Customers sort as Shopify sorts them: NAME on "last, first", LOCATION on the address."""

from __future__ import annotations

import httpx

from sandboxes.tests.conftest import gql

CREATE = """mutation($input: CustomerInput!) { customerCreate(input: $input) {
  customer { id } userErrors { message } } }"""


def _create(http: httpx.Client, **fields: object) -> None:
    body = gql(http, CREATE, {"input": fields}).json()["data"]["customerCreate"]
    assert body["userErrors"] == []


def _names(http: httpx.Client, sort_key: str) -> list[str]:
    query = f"{{ customers(first: 10, sortKey: {sort_key}) {{ nodes {{ displayName }} }} }}"
    nodes = gql(http, query).json()["data"]["customers"]["nodes"]
    return [node["displayName"] for node in nodes]


def test_name_sorts_by_last_then_first_name_with_unnamed_customers_first(
    http: httpx.Client,
) -> None:
    _create(http, firstName="Zed", lastName="Adams")
    _create(http, email="zz@example.com")
    _create(http, firstName="Amy", lastName="Young")
    _create(http, firstName="Bob", lastName="Adams")
    _create(http, email="aa@example.com")

    assert _names(http, "NAME") == [
        "zz@example.com",
        "aa@example.com",
        "Bob Adams",
        "Zed Adams",
        "Amy Young",
    ]


def test_location_sorts_by_country_province_city_with_addressless_customers_last(
    http: httpx.Client,
) -> None:
    _create(http, email="none@example.com")
    _create(
        http,
        email="toronto@example.com",
        addresses=[{"city": "Toronto", "provinceCode": "ON", "countryCode": "CA"}],
    )
    _create(
        http,
        email="ottawa@example.com",
        addresses=[{"city": "Ottawa", "provinceCode": "ON", "countryCode": "CA"}],
    )
    _create(
        http,
        email="calgary@example.com",
        addresses=[{"city": "Calgary", "provinceCode": "AB", "countryCode": "CA"}],
    )

    assert _names(http, "LOCATION") == [
        "calgary@example.com",
        "ottawa@example.com",
        "toronto@example.com",
        "none@example.com",
    ]
