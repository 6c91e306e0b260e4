"""What Shopify sends a customer: `customerSendAccountInviteEmail` (the invite's e-mail
checks, then the customer is INVITED), `customerGenerateAccountActivationUrl` and
`customerPaymentMethodSendUpdateEmail`."""

from __future__ import annotations

import re
import secrets
from typing import Any

from graphql import GraphQLResolveInfo

from stockbridge_sandboxes.shopify.gid import gid_number
from stockbridge_sandboxes.shopify.resolvers.payloads import user_error
from stockbridge_sandboxes.shopify.resolvers.reads import shop
from stockbridge_sandboxes.shopify.resolvers.registry import Context, mutation
from stockbridge_sandboxes.shopify.store import Obj

EMAIL_RE = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
HTML_RE = re.compile(r"<[^>]*>")
SEND_FAILED = "Error sending account invite to customer."


def _problems(ctx: Context, email: Obj, info: GraphQLResolveInfo) -> list[Obj]:
    out = []
    if email.get("subject") is not None and not str(email["subject"]).strip():
        out.append(user_error(["email", "subject"], "Subject can't be blank", "INVALID"))
    if email.get("to") and not EMAIL_RE.match(str(email["to"])):
        out.append(user_error(["email", "to"], "To is invalid", "INVALID"))
    if email.get("from") and not EMAIL_RE.match(str(email["from"])):
        out.append(user_error(["email", "from"], "From Sender is invalid", "INVALID"))
    # Bcc goes only to the shop's own staff address.
    staff = str((shop(ctx, None, {}, info) or {}).get("email") or "").lower()
    refused = [a for a in email.get("bcc") or [] if str(a).lower() != staff]
    if refused:
        message = "Bcc " + " and ".join(f"{a} is not a valid bcc address" for a in refused)
        out.append(user_error(["email", "bcc"], message, "INVALID"))
    if out:
        return out
    subject, note = str(email.get("subject") or ""), str(email.get("customMessage") or "")
    if len(subject) > 1000 or len(note) > 5000 or HTML_RE.search(note):
        return [user_error(["customerId"], SEND_FAILED, "INVALID")]  # Shopify's send fails
    return []


@mutation("customerSendAccountInviteEmail")
def send_invite(ctx: Context, _s: Any, args: dict[str, Any], info: GraphQLResolveInfo) -> Any:
    customer = ctx.store.get(args.get("customerId"), "Customer")
    if customer is None or customer.get("__deleted"):
        error = user_error(["customerId"], "Customer can't be found", "INVALID")
        return {"customer": None, "userErrors": [error]}
    problems = _problems(ctx, args.get("email") or {}, info)
    if problems:
        return {"customer": None, "userErrors": problems}
    if customer.get("state") != "ENABLED":
        customer["state"] = "INVITED"
    customer["updatedAt"] = ctx.store.now()
    return {"customer": customer, "userErrors": []}


@mutation("customerGenerateAccountActivationUrl")
def activation_url(ctx: Context, _s: Any, args: dict[str, Any], _i: GraphQLResolveInfo) -> Any:
    customer = ctx.store.get(args.get("customerId"), "Customer")
    if customer is None or customer.get("__deleted"):
        error = user_error(["customerId"], "The customer can't be found.")
        return {"accountActivationUrl": None, "userErrors": [error]}
    number, token = gid_number(customer["id"]), secrets.token_hex(16)
    url = f"https://{ctx.store.shop_domain}/account/activate/{number}/{token}"
    return {"accountActivationUrl": url, "userErrors": []}


@mutation("customerPaymentMethodSendUpdateEmail")
def payment_method_email(
    ctx: Context, _s: Any, args: dict[str, Any], _i: GraphQLResolveInfo
) -> Any:
    method = ctx.store.get(args.get("customerPaymentMethodId"), "CustomerPaymentMethod")
    customer = ctx.store.deref(method.get("customer")) if method is not None else None
    if method is None or not isinstance(customer, dict):
        error = user_error(["customerPaymentMethodId"], "Customer payment method does not exist")
        return {"customer": None, "userErrors": [error]}
    return {"customer": customer, "userErrors": []}
