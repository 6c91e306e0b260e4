"""Fulfillment services: `fulfillmentServiceCreate`, `fulfillmentServiceUpdate`,
`fulfillmentServiceDelete` and `fulfillmentService(id:)`.

A service is THIRD_PARTY, gets a handle from its name and a location of its own (named after
it, a fulfillment-service location that fulfils online orders and ships no inventory of the
shop's). Shopify's ids for services carry a `?id=true` suffix; a deleted one is answered
without it. Renaming renames the location; deleting deletes it too, unless the inventory
action is KEEP (the location then stays, as one of the merchant's).

Checks, worded as Shopify words them: a name is required, unique among the shop's
services and may not begin or end with whitespace; a callback URL must be http(s) ("Callback
url protocol ftp:// is not supported"), and a host reserved for documentation or local use
(RFC 2606/6761: example.com/.net/.org and `.example`, `.test`, `.invalid`, `.localhost`)
cannot receive callbacks ("Callback url is not allowed").
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

from graphql import GraphQLResolveInfo

from stockbridge_sandboxes.shopify.gid import gid_number, make_gid
from stockbridge_sandboxes.shopify.resolvers.payloads import slug, unique_handle, user_error
from stockbridge_sandboxes.shopify.resolvers.registry import Context, mutation, query
from stockbridge_sandboxes.shopify.store import Obj, ref

RESERVED_HOSTS = ("example.com", "example.net", "example.org")
RESERVED_SUFFIXES = (".example", ".test", ".invalid", ".localhost")
FLAGS = ("trackingSupport", "inventoryManagement", "requiresShippingMethod")


def _name_errors(name: Any) -> list[Obj]:
    text = str(name or "")
    if not text.strip():
        return [user_error(["name"], "Name can't be blank")]
    errors = []
    if text[0].isspace():
        errors.append(user_error(["name"], "Name cannot begin with a whitespace character"))
    if text[-1].isspace():
        errors.append(user_error(["name"], "Name cannot end with a whitespace character"))
    return errors


def _callback_errors(url: Any) -> list[Obj]:
    if not url:
        return []
    parts = urlsplit(str(url))
    if parts.scheme not in ("http", "https"):
        message = f"Callback url protocol {parts.scheme}:// is not supported"
        return [user_error(["callbackUrl"], message)]
    host = (parts.hostname or "").lower()
    reserved = any(host == h or host.endswith("." + h) for h in RESERVED_HOSTS) or any(
        host.endswith(suffix) or host == suffix[1:] for suffix in RESERVED_SUFFIXES
    )
    if reserved:
        return [user_error(["callbackUrl"], "Callback url is not allowed")]
    return []


def _find(ctx: Context, gid: Any) -> Obj | None:
    """A service by its id, with or without Shopify's `?id=true` suffix."""
    if not isinstance(gid, str):
        return None
    base = gid.split("?", 1)[0]
    return ctx.store.get(f"{base}?id=true", "FulfillmentService") or ctx.store.get(
        base, "FulfillmentService"
    )


@query("fulfillmentService")
def fulfillment_service_read(
    ctx: Context, _s: Any, args: dict[str, Any], _i: GraphQLResolveInfo
) -> Any:
    return _find(ctx, args.get("id"))


@mutation("fulfillmentServiceCreate")
def fulfillment_service_create(
    ctx: Context, _s: Any, args: dict[str, Any], _i: GraphQLResolveInfo
) -> Any:
    store = ctx.store
    errors = _name_errors(args.get("name")) + _callback_errors(args.get("callbackUrl"))
    name = str(args.get("name") or "")
    if not errors and any(
        other.get("serviceName") == name for other in store.all("FulfillmentService")
    ):
        errors.append(user_error(["name"], "Name has already been taken"))
    if errors:
        return {"fulfillmentService": None, "userErrors": errors}
    now = store.now()
    location = store.create(
        "Location",
        {
            "name": name,
            "isActive": True,
            "isFulfillmentService": True,
            "fulfillsOnlineOrders": True,
            "shipsInventory": False,
            "createdAt": now,
            "updatedAt": now,
        },
    )
    number = gid_number(store.new_gid("FulfillmentService"))
    service = store.put(
        make_gid("FulfillmentService", number) + "?id=true",
        {
            "handle": unique_handle(store, "FulfillmentService", slug(name)),
            "serviceName": name,
            "callbackUrl": args.get("callbackUrl"),
            "type": "THIRD_PARTY",
            "location": ref(location["id"]),
        }
        | {flag: bool(args.get(flag)) for flag in FLAGS},
    )
    location["fulfillmentService"] = ref(service["id"])
    return {"fulfillmentService": service, "userErrors": []}


@mutation("fulfillmentServiceUpdate")
def fulfillment_service_update(
    ctx: Context, _s: Any, args: dict[str, Any], _i: GraphQLResolveInfo
) -> Any:
    service = _find(ctx, args.get("id"))
    if service is None:
        error = user_error(["id"], "Fulfillment service could not be found.")
        return {"fulfillmentService": None, "userErrors": [error]}
    errors = _name_errors(args["name"]) if "name" in args else []
    errors += _callback_errors(args.get("callbackUrl"))
    if errors:
        return {"fulfillmentService": None, "userErrors": errors}
    if args.get("name"):
        service["serviceName"] = args["name"]
        location = ctx.store.deref(service.get("location"))
        if isinstance(location, dict):
            location["name"] = args["name"]
    if "callbackUrl" in args:
        service["callbackUrl"] = args["callbackUrl"]
    for flag in FLAGS:
        if args.get(flag) is not None:
            service[flag] = bool(args[flag])
    return {"fulfillmentService": service, "userErrors": []}


@mutation("fulfillmentServiceDelete")
def fulfillment_service_delete(
    ctx: Context, _s: Any, args: dict[str, Any], _i: GraphQLResolveInfo
) -> Any:
    service = _find(ctx, args.get("id"))
    if service is None:
        error = user_error(["id"], "Fulfillment service could not be found.")
        return {"deletedId": None, "userErrors": [error]}
    location = ctx.store.deref(service.get("location"))
    if isinstance(location, dict):
        if args.get("inventoryAction") == "KEEP":  # the location stays, as the merchant's
            location["isFulfillmentService"] = False
            location.pop("fulfillmentService", None)
        else:
            ctx.store.delete(location["id"])
    ctx.store.delete(service["id"])
    return {"deletedId": service["id"].split("?", 1)[0], "userErrors": []}
