"""Location fields the sandbox derives from what it stores."""

from __future__ import annotations

from typing import Any

from graphql import GraphQLResolveInfo

from stockbridge_sandboxes.shopify.resolvers.registry import Context, computed
from stockbridge_sandboxes.shopify.store import Obj


@computed("Location", "isFulfillmentService")
def is_fulfillment_service(
    ctx: Context, location: Obj, _a: dict[str, Any], _i: GraphQLResolveInfo
) -> Any:
    """A fulfillment service's own location (fulfillmentServiceCreate makes one and links it);
    every other location is the merchant's."""
    if location.get("isFulfillmentService") is not None:
        return bool(location["isFulfillmentService"])
    return location.get("fulfillmentService") is not None
