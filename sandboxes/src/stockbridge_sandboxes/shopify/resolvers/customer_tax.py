"""A customer's tax exemptions: add, remove and replace (duplicates given once)."""

from __future__ import annotations

from typing import Any

from graphql import GraphQLResolveInfo

from stockbridge_sandboxes.shopify.resolvers.payloads import user_error
from stockbridge_sandboxes.shopify.resolvers.registry import Context, mutation
from stockbridge_sandboxes.shopify.store import Obj


def _change(ctx: Context, args: dict[str, Any], how: str) -> Obj:
    customer = ctx.store.get(args.get("customerId"), "Customer")
    if customer is None or customer.get("__deleted"):
        return {
            "customer": None,
            "userErrors": [user_error(["customerId"], "Customer does not exist.")],
        }
    given = list(dict.fromkeys(args.get("taxExemptions") or []))
    current = list(customer.get("taxExemptions") or [])
    if how == "add":
        current += [e for e in given if e not in current]
    elif how == "remove":
        current = [e for e in current if e not in given]
    else:
        current = given
    customer["taxExemptions"] = current
    customer["updatedAt"] = ctx.store.now()
    return {"customer": customer, "userErrors": []}


@mutation("customerAddTaxExemptions")
def add(ctx: Context, _s: Any, args: dict[str, Any], _i: GraphQLResolveInfo) -> Any:
    return _change(ctx, args, "add")


@mutation("customerRemoveTaxExemptions")
def remove(ctx: Context, _s: Any, args: dict[str, Any], _i: GraphQLResolveInfo) -> Any:
    return _change(ctx, args, "remove")


@mutation("customerReplaceTaxExemptions")
def replace(ctx: Context, _s: Any, args: dict[str, Any], _i: GraphQLResolveInfo) -> Any:
    return _change(ctx, args, "replace")
