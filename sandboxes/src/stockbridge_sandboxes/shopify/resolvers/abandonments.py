"""`abandonmentUpdateActivitiesDeliveryStatuses`: record how a marketing activity's email
about an abandonment was delivered. An abandonment the shop does not have is refused with
Shopify's raw message, `abandonment_not_found`; a known one takes the delivery state as its
email state (sent now, or when `deliveredAt` says)."""

from __future__ import annotations

from typing import Any

from graphql import GraphQLResolveInfo

from stockbridge_sandboxes.shopify.resolvers.payloads import user_error
from stockbridge_sandboxes.shopify.resolvers.registry import Context, mutation


@mutation("abandonmentUpdateActivitiesDeliveryStatuses")
def abandonment_delivery_statuses(
    ctx: Context, _s: Any, args: dict[str, Any], _i: GraphQLResolveInfo
) -> Any:
    abandonment = ctx.store.get(args.get("abandonmentId"), "Abandonment")
    if abandonment is None:
        return {
            "abandonment": None,
            "userErrors": [
                user_error(["abandonmentId"], "abandonment_not_found", "ABANDONMENT_NOT_FOUND")
            ],
        }
    state = args.get("deliveryStatus")
    abandonment["emailState"] = state
    if state == "SENT":
        abandonment["emailSentAt"] = args.get("deliveredAt") or ctx.store.now()
    return {"abandonment": abandonment, "userErrors": []}
