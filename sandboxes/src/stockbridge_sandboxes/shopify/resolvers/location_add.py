"""`locationAdd`: a new active location with its address.

A blank name is refused (`BLANK`, "Name can't be blank"); the location fulfils online orders
unless told not to, and stocks nothing until items are activated or stocked there.
"""

from __future__ import annotations

from typing import Any

from graphql import GraphQLResolveInfo

from stockbridge_sandboxes.shopify.gid import gid_number
from stockbridge_sandboxes.shopify.resolvers.metafields import set_metafields
from stockbridge_sandboxes.shopify.resolvers.payloads import user_error
from stockbridge_sandboxes.shopify.resolvers.registry import Context, mutation
from stockbridge_sandboxes.shopify.store import Obj, Store


def merchant_location(store: Store, name: str) -> Obj:
    """A new active location of the merchant's own (not a fulfillment service's)."""
    now = store.now()
    return {
        "name": name,
        "isActive": True,
        "isFulfillmentService": False,
        "activatable": True,
        "deactivatable": True,
        "deletable": False,
        "fulfillsOnlineOrders": True,
        "shipsInventory": True,
        "createdAt": now,
        "updatedAt": now,
        "inventoryLevels": [],
    }


@mutation("locationAdd")
def location_add(ctx: Context, _s: Any, args: dict[str, Any], _i: GraphQLResolveInfo) -> Any:
    store = ctx.store
    data = args.get("input") or {}
    name = str(data.get("name") or "").strip()
    if not name:
        return {
            "location": None,
            "userErrors": [user_error(["input", "name"], "Name can't be blank", "BLANK")],
        }
    location = store.create(
        "Location",
        merchant_location(store, name)
        | {
            "fulfillsOnlineOrders": data.get("fulfillsOnlineOrders", True) is not False,
            "address": dict(data.get("address") or {}),
        },
    )
    location["legacyResourceId"] = gid_number(location["id"])
    set_metafields(store, location, data.get("metafields"))
    return {"location": location, "userErrors": []}
