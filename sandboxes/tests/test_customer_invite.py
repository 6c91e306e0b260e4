"""`customerSendAccountInviteEmail`: e-mail checks, then the customer is invited."""

from __future__ import annotations

from typing import Any

import httpx

from sandboxes.tests.conftest import gql

CREATE = (
    """mutation($input: CustomerInput!) { customerCreate(input: $input) { customer { id } } }"""
)
INVITE = """mutation($id: ID!, $email: EmailInput) { customerSendAccountInviteEmail(customerId: $id, email: $email) {
  customer { state } userErrors { field message code } } }"""


def _invite(http: httpx.Client, gid: str, email: dict[str, Any] | None) -> Any:
    return gql(http, INVITE, {"id": gid, "email": email}).json()["data"][
        "customerSendAccountInviteEmail"
    ]


def test_invite_checks_and_success(http: httpx.Client) -> None:
    gid = gql(http, CREATE, {"input": {"email": "a@example.com"}}).json()["data"]["customerCreate"][
        "customer"
    ]["id"]

    blank = _invite(http, gid, {"subject": ""})
    bcc = _invite(http, gid, {"subject": "Hi", "bcc": ["bad", "ok@example.com"]})
    html = _invite(http, gid, {"subject": "Hi", "customMessage": "<b>hi</b>"})
    sent = _invite(http, gid, {"subject": "Hi"})

    assert blank["userErrors"] == [
        {"field": ["email", "subject"], "message": "Subject can't be blank", "code": "INVALID"}
    ]
    assert bcc["userErrors"] == [
        {
            "field": ["email", "bcc"],
            "message": "Bcc bad is not a valid bcc address and ok@example.com is not a valid bcc address",
            "code": "INVALID",
        }
    ]
    assert html["userErrors"] == [
        {
            "field": ["customerId"],
            "message": "Error sending account invite to customer.",
            "code": "INVALID",
        }
    ]
    assert sent == {"customer": {"state": "INVITED"}, "userErrors": []}


def test_activation_url_and_payment_method_email(http: httpx.Client) -> None:
    gid = gql(http, CREATE, {"input": {"email": "a@example.com"}}).json()["data"]["customerCreate"][
        "customer"
    ]["id"]
    query = """mutation($c: ID!, $m: ID!) {
      customerGenerateAccountActivationUrl(customerId: $c) { accountActivationUrl userErrors { field message } }
      customerPaymentMethodSendUpdateEmail(customerPaymentMethodId: $m) { customer { id } userErrors { field message } } }"""

    known = gql(http, query, {"c": gid, "m": "gid://shopify/CustomerPaymentMethod/1"}).json()[
        "data"
    ]
    unknown = gql(
        http, query, {"c": "gid://shopify/Customer/1", "m": "gid://shopify/CustomerPaymentMethod/1"}
    ).json()["data"]

    url = known["customerGenerateAccountActivationUrl"]["accountActivationUrl"]
    assert url.startswith(
        f"https://stockbridge-sandbox.myshopify.com/account/activate/{gid.rsplit('/', 1)[1]}/"
    )
    assert unknown["customerGenerateAccountActivationUrl"] == {
        "accountActivationUrl": None,
        "userErrors": [{"field": ["customerId"], "message": "The customer can't be found."}],
    }
    assert known["customerPaymentMethodSendUpdateEmail"] == {
        "customer": None,
        "userErrors": [
            {
                "field": ["customerPaymentMethodId"],
                "message": "Customer payment method does not exist",
            }
        ],
    }
