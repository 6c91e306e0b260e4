"""`locationsAvailableForDeliveryProfilesConnection`: the shop's origin locations, the active
locations a delivery profile can ship from.

A shop always has a location to ship from: a sandbox that holds none answers with its default
one ("Shop location", as Shopify names a shop's first location), the same one orderCreate
assigns fulfillment orders to.
"""

from __future__ import annotations

from typing import Any

from graphql import GraphQLResolveInfo

from stockbridge_sandboxes.shopify import connections
from stockbridge_sandboxes.shopify.resolvers.registry import Context, query


@query("locationsAvailableForDeliveryProfilesConnection")
def delivery_profile_locations(
    ctx: Context, _src: Any, args: dict[str, Any], _info: GraphQLResolveInfo
) -> Any:
    from stockbridge_sandboxes.shopify.resolvers.products import default_location

    connections.check_window(args)
    default_location(ctx.store)
    items = [
        o
        for o in ctx.store.all("Location")
        if not o.get("__deleted") and o.get("isActive", True) is not False
    ]
    return connections.build(ctx.store, items, args)
