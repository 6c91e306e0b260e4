"""`customerSet` upserts by identifier; e-mail and phone are normalized and checked as on
create and update."""

from __future__ import annotations

from typing import Any

import httpx

from sandboxes.tests.conftest import gql

SET = """mutation($input: CustomerSetInput!, $identifier: CustomerSetIdentifiers) {
  customerSet(input: $input, identifier: $identifier) {
    customer { id email phone displayName locale tags }
    userErrors { field message code } } }"""
CREATE = """mutation($input: CustomerInput!) { customerCreate(input: $input) {
  customer { email phone tags } userErrors { field message } } }"""


def _set(http: httpx.Client, data: dict[str, Any], identifier: Any = None) -> Any:
    variables = {"input": data, "identifier": identifier}
    return gql(http, SET, variables).json()["data"]["customerSet"]


def test_without_identifier_it_creates(http: httpx.Client) -> None:
    body = _set(http, {"email": "ada@example.com", "firstName": "Ada", "tags": ["b", "a"]})

    assert body["userErrors"] == []
    assert {k: v for k, v in body["customer"].items() if k != "id"} == {
        "email": "ada@example.com",
        "phone": None,
        "displayName": "Ada",
        "locale": "en",
        "tags": ["a", "b"],
    }


def test_an_email_identifier_updates_the_customer_it_names_or_creates_one(
    http: httpx.Client,
) -> None:
    made = _set(http, {"email": "ada@example.com"}, {"email": "ada@example.com"})["customer"]
    again = _set(
        http, {"email": "ada@example.com", "lastName": "Lovelace"}, {"email": "ada@example.com"}
    )["customer"]

    assert (again["id"], again["displayName"]) == (made["id"], "Lovelace")


def test_identifier_checks(http: httpx.Client) -> None:
    made = _set(http, {"email": "ada@example.com"})["customer"]

    assert _set(http, {"id": made["id"], "firstName": "X"}, {"id": made["id"]})["userErrors"] == [
        {
            "field": ["input"],
            "message": "The id field is not allowed if identifier is provided.",
            "code": "ID_NOT_ALLOWED",
        }
    ]
    assert _set(http, {"firstName": "X"}, {"id": "gid://shopify/Customer/1"})["userErrors"] == [
        {
            "field": ["input"],
            "message": "Resource matching the identifier was not found.",
            "code": "NOT_FOUND",
        }
    ]
    assert _set(http, {"firstName": "X"}, {"email": "ada@example.com"})["userErrors"] == [
        {
            "field": ["input"],
            "message": "The input field corresponding to the identifier is required.",
            "code": "MISSING_FIELD_REQUIRED",
        }
    ]
    assert _set(http, {"email": "b@example.com"}, {"email": "ada@example.com"})["userErrors"] == [
        {
            "field": ["input"],
            "message": "The identifier value does not match the value of the corresponding "
            "field in the input.",
            "code": "INPUT_MISMATCH",
        }
    ]


def test_field_checks_name_the_input(http: httpx.Client) -> None:
    _set(http, {"email": "ada@example.com", "phone": "+16135550100"})

    body = _set(http, {"email": " ADA@example.com ", "phone": "+1 (613) 555-0100"})

    assert body == {
        "customer": None,
        "userErrors": [
            {
                "field": ["input", "email"],
                "message": "Email has already been taken",
                "code": "TAKEN",
            },
            {
                "field": ["input", "phone"],
                "message": "Phone has already been taken",
                "code": "TAKEN",
            },
        ],
    }


def test_create_normalizes_email_and_phone_and_counts_split_tags(http: httpx.Client) -> None:
    made = gql(
        http,
        CREATE,
        {"input": {"email": "a da@example.com", "phone": "+1 (613) 450-5293", "tags": ["x, y"]}},
    ).json()["data"]["customerCreate"]
    too_many = gql(
        http,
        CREATE,
        {"input": {"email": "b@example.com", "tags": [",".join(f"t{n}" for n in range(251))]}},
    ).json()["data"]["customerCreate"]
    invalid = gql(http, CREATE, {"input": {"phone": "+1234abcd"}}).json()["data"]

    assert made == {
        "customer": {"email": "ada@example.com", "phone": "+16134505293", "tags": ["x", "y"]},
        "userErrors": [],
    }
    assert too_many["userErrors"] == [
        {"field": ["tags"], "message": "Tags cannot be more than 250"}
    ]
    assert invalid["customerCreate"]["userErrors"] == [
        {"field": ["phone"], "message": "Phone is invalid"}
    ]


DEFINE = """mutation($d: MetafieldDefinitionInput!) { metafieldDefinitionCreate(definition: $d) {
  createdDefinition { id } userErrors { message } } }"""
SET_CUSTOM = """mutation($input: CustomerSetInput!, $identifier: CustomerSetIdentifiers) {
  customerSet(input: $input, identifier: $identifier) {
    customer { id lastName metafield(namespace: "ext", key: "ref") { type value } }
    userErrors { message } } }"""


def test_a_custom_id_names_a_customer_through_an_id_metafield(http: httpx.Client) -> None:
    definition = {
        "ownerType": "CUSTOMER",
        "namespace": "ext",
        "key": "ref",
        "name": "Ref",
        "type": "id",
    }
    assert (
        gql(http, DEFINE, {"d": definition}).json()["data"]["metafieldDefinitionCreate"][
            "userErrors"
        ]
        == []
    )
    identifier = {"customId": {"namespace": "ext", "key": "ref", "value": "r-1"}}

    made = gql(http, SET_CUSTOM, {"input": {"lastName": "One"}, "identifier": identifier}).json()
    again = gql(http, SET_CUSTOM, {"input": {"lastName": "Two"}, "identifier": identifier}).json()
    missing = gql(
        http,
        SET_CUSTOM,
        {
            "input": {"lastName": "X"},
            "identifier": {"customId": {"namespace": "ext", "key": "nope", "value": "1"}},
        },
    ).json()

    first, second = (
        made["data"]["customerSet"]["customer"],
        again["data"]["customerSet"]["customer"],
    )
    assert first["metafield"] == {"type": "id", "value": "r-1"}
    assert (second["id"], second["lastName"]) == (first["id"], "Two")
    assert missing["data"] == {"customerSet": None}
    assert missing["errors"][0]["message"] == (
        "Metafield definition of type 'id' is required when using custom ids."
    )
