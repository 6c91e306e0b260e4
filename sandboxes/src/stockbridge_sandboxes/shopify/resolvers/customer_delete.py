"""`customerDelete`, and a customer's orders (`Customer.orders`), which block it."""

from __future__ import annotations

from typing import Any

from graphql import GraphQLResolveInfo

from stockbridge_sandboxes.shopify.resolvers.payloads import user_error
from stockbridge_sandboxes.shopify.resolvers.reads import shop
from stockbridge_sandboxes.shopify.resolvers.registry import Context, computed, mutation
from stockbridge_sandboxes.shopify.store import Obj, Store, is_ref
from stockbridge_sandboxes.shopify.webhook_bodies import customer_body


def orders_of(store: Store, customer: Obj) -> list[Obj]:
    """The orders a recording listed under the customer, and every order naming it."""
    out = [store.deref(o) for o in customer.get("orders") or [] if is_ref(o)]
    out = [o for o in out if isinstance(o, dict)]
    seen = {o["id"] for o in out}
    out.extend(
        o
        for o in store.all("Order")
        if o["id"] not in seen
        and not o.get("__deleted")
        and (o.get("customer") or {}).get("__ref") == customer["id"]
    )
    return out


def has_orders(store: Store, customer: Obj) -> bool:
    """Orders name the customer (the sandbox's own, or a recording's `canDelete: false`)."""
    if customer.get("canDelete") is False or str(customer.get("numberOfOrders") or "0") != "0":
        return True
    return bool(orders_of(store, customer))


@computed("Customer", "orders")
def customer_orders(ctx: Context, src: Obj, _a: dict[str, Any], _i: GraphQLResolveInfo) -> Any:
    return orders_of(ctx.store, src)


@mutation("customerDelete")
def customer_delete(ctx: Context, _s: Any, args: dict[str, Any], _i: GraphQLResolveInfo) -> Any:
    gid = (args.get("input") or {}).get("id")
    customer = ctx.store.get(gid, "Customer")
    if customer is None or customer.get("__deleted"):
        error = user_error(["id"], "Customer can't be found")
        return {"deletedCustomerId": None, "userErrors": [error]}
    if has_orders(ctx.store, customer):
        error = user_error(
            ["id"], "Customer can\u2019t be deleted because they have associated orders"
        )
        return {"deletedCustomerId": None, "userErrors": [error]}
    ctx.store.delete(customer["id"])
    ctx.emit("customers/delete", customer_body(ctx.store, customer))
    return {"deletedCustomerId": customer["id"], "userErrors": []}


@computed("CustomerDeletePayload", "shop")
def payload_shop(ctx: Context, _src: Any, args: dict[str, Any], info: GraphQLResolveInfo) -> Any:
    return shop(ctx, None, args, info)
