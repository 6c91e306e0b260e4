"""A customer's tax exemptions (add, remove, replace) and `customerDelete`."""

from __future__ import annotations

import httpx

from sandboxes.tests.conftest import gql
from stockbridge_sandboxes.shopify import SandboxApp

CREATE = """mutation($input: CustomerInput!) { customerCreate(input: $input) {
  customer { id } } }"""
DELETE = """mutation($id: ID!) { customerDelete(input: {id: $id}) {
  deletedCustomerId shop { id } userErrors { field message } } }"""
READ = "query($id: ID!) { customer(id: $id) { id } }"


def _exempt(http: httpx.Client, how: str, gid: str, exemptions: list[str]) -> object:
    query = f"""mutation($id: ID!, $e: [TaxExemption!]!) {{
      customer{how}TaxExemptions(customerId: $id, taxExemptions: $e) {{
        customer {{ taxExemptions }} userErrors {{ field message }} }} }}"""
    return gql(http, query, {"id": gid, "e": exemptions}).json()["data"][
        f"customer{how}TaxExemptions"
    ]


def test_exemptions_are_added_removed_and_replaced_once_each(http: httpx.Client) -> None:
    gid = gql(http, CREATE, {"input": {"email": "a@example.com"}}).json()["data"]["customerCreate"][
        "customer"
    ]["id"]
    bc, ca = "CA_BC_RESELLER_EXEMPTION", "US_CA_RESELLER_EXEMPTION"

    added = _exempt(http, "Add", gid, [bc, ca, bc])
    removed = _exempt(http, "Remove", gid, [ca])
    replaced = _exempt(http, "Replace", gid, [ca, ca])
    unknown = _exempt(http, "Add", "gid://shopify/Customer/1", [bc])

    assert added == {"customer": {"taxExemptions": [bc, ca]}, "userErrors": []}
    assert removed == {"customer": {"taxExemptions": [bc]}, "userErrors": []}
    assert replaced == {"customer": {"taxExemptions": [ca]}, "userErrors": []}
    assert unknown == {
        "customer": None,
        "userErrors": [{"field": ["customerId"], "message": "Customer does not exist."}],
    }


def test_a_customer_without_orders_is_deleted(http: httpx.Client) -> None:
    gid = gql(http, CREATE, {"input": {"email": "a@example.com"}}).json()["data"]["customerCreate"][
        "customer"
    ]["id"]

    body = gql(http, DELETE, {"id": gid}).json()["data"]["customerDelete"]
    again = gql(http, DELETE, {"id": gid}).json()["data"]["customerDelete"]

    assert (body["deletedCustomerId"], body["userErrors"]) == (gid, [])
    assert again["userErrors"] == [{"field": ["id"], "message": "Customer can't be found"}]
    assert gql(http, READ, {"id": gid}).json()["data"] == {"customer": None}


def test_a_customer_with_orders_is_kept(http: httpx.Client, sandbox: SandboxApp) -> None:
    gid = gql(http, CREATE, {"input": {"email": "a@example.com"}}).json()["data"]["customerCreate"][
        "customer"
    ]["id"]
    sandbox.store.create("Order", {"name": "#1001", "customer": {"__ref": gid}})

    body = gql(http, DELETE, {"id": gid}).json()["data"]["customerDelete"]
    orders = gql(
        http,
        "query($id: ID!) { customer(id: $id) { orders(first: 5) { nodes { name } } } }",
        {"id": gid},
    ).json()

    assert body["userErrors"] == [
        {
            "field": ["id"],
            "message": "Customer can\u2019t be deleted because they have associated orders",
        }
    ]
    assert orders["data"]["customer"]["orders"]["nodes"] == [{"name": "#1001"}]
