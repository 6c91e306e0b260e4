"""`customerSet`: create or update a customer named by an identifier (id, e-mail, phone or
custom id), with Shopify's identifier checks and the field checks of create and update."""

from __future__ import annotations

from typing import Any

from graphql import GraphQLError, GraphQLResolveInfo

from stockbridge_sandboxes.shopify.resolvers import customers
from stockbridge_sandboxes.shopify.resolvers.metafield_capabilities import capabilities_for
from stockbridge_sandboxes.shopify.resolvers.metafield_definitions import (
    definition_type,
    find_definition,
)
from stockbridge_sandboxes.shopify.resolvers.metafields import set_metafields
from stockbridge_sandboxes.shopify.resolvers.payloads import user_error
from stockbridge_sandboxes.shopify.resolvers.registry import Context, mutation
from stockbridge_sandboxes.shopify.resolvers.webhooks import app_namespace
from stockbridge_sandboxes.shopify.store import Obj
from stockbridge_sandboxes.shopify.webhook_bodies import customer_body

NOT_FOUND = "Resource matching the identifier was not found."


def _refuse(message: str, code: str, field: list[str] | None = None) -> Obj:
    return {"customer": None, "userErrors": [user_error(field or ["input"], message, code)]}


def custom_id_usable(ctx: Context, custom: Obj) -> bool:
    """A custom id needs a customer metafield definition of type `id` with unique values."""
    namespace = app_namespace(ctx, custom.get("namespace") or "$app")
    key = str(custom.get("key"))
    definition = find_definition(ctx.store, "CUSTOMER", namespace, key)
    if definition is None or definition_type(ctx.store, "CUSTOMER", namespace, key) != "id":
        return False
    capabilities = definition.get("capabilities")
    if not isinstance(capabilities, dict):
        capabilities = capabilities_for("id", None)
    return bool((capabilities.get("uniqueValues") or {}).get("enabled"))


def _by_identifier(ctx: Context, identifier: Obj, data: Obj) -> tuple[Obj | None, Obj | None]:
    """(the customer the identifier names or None, a refusal or None)."""
    store = ctx.store
    custom = identifier.get("customId")
    if custom:
        if not custom_id_usable(ctx, custom):
            raise GraphQLError(
                "Metafield definition of type 'id' is required when using custom ids.",
                extensions={"code": "NOT_FOUND"},
            )
        return customers.find_customer(ctx, {"customId": custom}), None
    if identifier.get("id"):
        found = store.get(identifier["id"], "Customer")
        if found is None or found.get("__deleted"):
            return None, _refuse(NOT_FOUND, "NOT_FOUND")
        return found, None
    for key, lookup in (("email", "emailAddress"), ("phone", "phoneNumber")):
        if identifier.get(key) is None:
            continue
        if data.get(key) is None:
            return None, _refuse(
                "The input field corresponding to the identifier is required.",
                "MISSING_FIELD_REQUIRED",
            )
        normal = customers.normal_email if key == "email" else customers.normal_phone
        if str(normal(data[key])).lower() != str(normal(identifier[key])).lower():
            return None, _refuse(
                "The identifier value does not match the value of the corresponding field "
                "in the input.",
                "INPUT_MISMATCH",
            )
        return customers.find_customer(ctx, {lookup: normal(identifier[key])}), None
    return None, None


@mutation("customerSet")
def customer_set(ctx: Context, _s: Any, args: dict[str, Any], _i: GraphQLResolveInfo) -> Any:
    data = dict(args.get("input") or {})
    identifier = args.get("identifier") or {}
    if identifier and data.get("id"):
        return _refuse("The id field is not allowed if identifier is provided.", "ID_NOT_ALLOWED")
    customer, refusal = _by_identifier(ctx, identifier, data)
    if refusal is not None:
        return refusal
    data.pop("id", None)
    if "taxExempt" in data and data["taxExempt"] is None:
        return _refuse(
            "Tax exempt is of unexpected type NilClass", "INVALID", ["input", "taxExempt"]
        )
    if data.get("addresses") is None:
        data.pop("addresses", None)
    own = customer["id"] if customer is not None else None
    errors = customers.validate(ctx.store, data, own, ("input",))
    identity = ("email", "phone", "firstName", "lastName")
    after = {k: data.get(k, (customer or {}).get(k)) for k in identity}
    if not any(after.values()):
        errors.append(
            user_error(["input"], "A name, phone number, or email address must be present", "BLANK")
        )
    if errors:
        return {"customer": None, "userErrors": errors}
    created = customer is None
    if customer is None:
        customer = customers.new_customer(ctx.store)
    customers.apply(ctx.store, customer, data)
    custom = identifier.get("customId")
    if custom:  # the customer carries the custom id it was named by
        namespace = app_namespace(ctx, custom.get("namespace") or "$app")
        row = {"namespace": namespace, "key": custom["key"], "type": "id", "value": custom["value"]}
        set_metafields(ctx.store, customer, [row])
    topic = "customers/create" if created else "customers/update"
    ctx.emit(topic, customer_body(ctx.store, customer))
    return {"customer": customer, "userErrors": []}
