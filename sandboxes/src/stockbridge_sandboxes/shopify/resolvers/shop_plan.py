"""The shop's plan as `ShopPlan` answers it, from the sandbox's rate-limit plan tier.

The tiers are Shopify's rate-limit plans (API-NOTES §2.3: Standard, Advanced, Plus,
Enterprise). The sandbox's default shop is a partner development store (Standard limits,
`publicDisplayName` "Development", one of the documented values); Advanced is "Advanced";
Plus and Enterprise (Commerce Components, sold on Plus) are "Plus" with `shopifyPlus`.
A plan a recording showed (a hydrated shop) stands.
"""

from __future__ import annotations

from typing import Any

from graphql import GraphQLResolveInfo

from stockbridge_sandboxes.shopify.resolvers.registry import Context, computed
from stockbridge_sandboxes.shopify.store import Obj

# tier -> (publicDisplayName, partnerDevelopment, shopifyPlus)
PLAN_FIELDS = {
    "standard": ("Development", True, False),
    "advanced": ("Advanced", False, False),
    "plus": ("Plus", False, True),
    "enterprise": ("Plus", False, True),
}


def _answer(ctx: Context, plan: Obj, field_name: str, index: int) -> Any:
    if isinstance(plan, dict) and plan.get(field_name) is not None:
        return plan[field_name]
    return PLAN_FIELDS.get(ctx.plan, PLAN_FIELDS["standard"])[index]


@computed("ShopPlan", "publicDisplayName")
def public_display_name(ctx: Context, plan: Obj, _a: dict[str, Any], _i: GraphQLResolveInfo) -> Any:
    return _answer(ctx, plan, "publicDisplayName", 0)


@computed("ShopPlan", "partnerDevelopment")
def partner_development(ctx: Context, plan: Obj, _a: dict[str, Any], _i: GraphQLResolveInfo) -> Any:
    return _answer(ctx, plan, "partnerDevelopment", 1)


@computed("ShopPlan", "shopifyPlus")
def shopify_plus(ctx: Context, plan: Obj, _a: dict[str, Any], _i: GraphQLResolveInfo) -> Any:
    return _answer(ctx, plan, "shopifyPlus", 2)
