"""Carrier services (shipping rate providers): `carrierServiceCreate`, `carrierServiceUpdate`,
`carrierServiceDelete`, `carrierService(id:)` and `carrierServices`.

A service is shown as "<name> (Rates provided by app)". Checks, worded as Shopify words them
(no field path, the mutation's `*_FAILED` code): a name is required and unique among the shop's
carrier services ("<name> is already configured"); the callback URL must use HTTPS and may not
point at Shopify itself (shopify.com, myshopify.com: "invalid host"). An unknown service "could
not be found" (delete names the `id` field).
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

from graphql import GraphQLResolveInfo

from stockbridge_sandboxes.shopify.resolvers.payloads import user_error
from stockbridge_sandboxes.shopify.resolvers.registry import Context, computed, mutation
from stockbridge_sandboxes.shopify.store import Obj

SHOPIFY_HOSTS = ("shopify.com", "myshopify.com")
NOT_FOUND = "The carrier or app could not be found."


def _problems(ctx: Context, data: Obj, own_id: str | None = None) -> list[str]:
    problems = []
    if "name" in data or own_id is None:
        name = str(data.get("name") or "")
        if not name.strip():
            problems.append("Shipping rate provider name can't be blank")
        elif any(
            other.get("name") == name and other["id"] != own_id
            for other in ctx.store.all("DeliveryCarrierService")
        ):
            problems.append(f"{name} is already configured")
    url = data.get("callbackUrl")
    if url is not None:
        parts = urlsplit(str(url))
        host = (parts.hostname or "").lower()
        if parts.scheme != "https":
            problems.append("Shipping rate provider callback url must use HTTPS")
        elif any(host == h or host.endswith("." + h) for h in SHOPIFY_HOSTS):
            problems.append("Shipping rate provider callback url invalid host")
    return problems


@computed("DeliveryCarrierService", "formattedName")
def formatted_name(_c: Context, service: Any, _a: dict[str, Any], _i: GraphQLResolveInfo) -> Any:
    if not isinstance(service, dict):
        return None
    if service.get("formattedName") and "name" not in service:
        return service["formattedName"]  # a recording that showed only the formatted name
    return f"{service.get('name')} (Rates provided by app)" if service.get("name") else None


@mutation("carrierServiceCreate")
def carrier_service_create(
    ctx: Context, _s: Any, args: dict[str, Any], _i: GraphQLResolveInfo
) -> Any:
    data = args.get("input") or {}
    problems = _problems(ctx, data)
    if problems:
        errors = [user_error(None, p, "CARRIER_SERVICE_CREATE_FAILED") for p in problems]
        return {"carrierService": None, "userErrors": errors}
    now = ctx.store.now()
    service = ctx.store.create(
        "DeliveryCarrierService",
        {
            "name": data["name"],
            "callbackUrl": data.get("callbackUrl"),
            "active": bool(data.get("active")),
            "supportsServiceDiscovery": bool(data.get("supportsServiceDiscovery")),
            "createdAt": now,
            "updatedAt": now,
        },
    )
    return {"carrierService": service, "userErrors": []}


@mutation("carrierServiceUpdate")
def carrier_service_update(
    ctx: Context, _s: Any, args: dict[str, Any], _i: GraphQLResolveInfo
) -> Any:
    data = args.get("input") or {}
    service = ctx.store.get(data.get("id"), "DeliveryCarrierService")
    if service is None:
        error = user_error(None, NOT_FOUND, "CARRIER_SERVICE_UPDATE_FAILED")
        return {"carrierService": None, "userErrors": [error]}
    problems = _problems(ctx, data, own_id=service["id"])
    if problems:
        errors = [user_error(None, p, "CARRIER_SERVICE_UPDATE_FAILED") for p in problems]
        return {"carrierService": None, "userErrors": errors}
    for key in ("name", "callbackUrl", "active", "supportsServiceDiscovery"):
        if data.get(key) is not None:
            service[key] = data[key]
    service.pop("formattedName", None)
    service["updatedAt"] = ctx.store.now()
    return {"carrierService": service, "userErrors": []}


@mutation("carrierServiceDelete")
def carrier_service_delete(
    ctx: Context, _s: Any, args: dict[str, Any], _i: GraphQLResolveInfo
) -> Any:
    service = ctx.store.get(args.get("id"), "DeliveryCarrierService")
    if service is None:
        error = user_error(["id"], NOT_FOUND, "CARRIER_SERVICE_DELETE_FAILED")
        return {"deletedId": None, "userErrors": [error]}
    ctx.store.delete(service["id"])
    return {"deletedId": service["id"], "userErrors": []}
