"""`orderCustomerSet`, `orderCustomerRemove` and `orderInvoiceSend`: an order's buyer.

Setting files the order under another existing customer (it then shows in that customer's
orders; the customer's order summary is not recomputed). Removing the customer leaves the
order without one (cancelled orders too); B2B orders, bought for a company, keep theirs
("Action not permitted on B2B Orders"). Sending an invoice changes nothing the API shows:
the sandbox sends no email, it answers the order.
"""

from __future__ import annotations

from typing import Any

from graphql import GraphQLResolveInfo

from stockbridge_sandboxes.shopify.resolvers.orders import find_order, touch_order
from stockbridge_sandboxes.shopify.resolvers.payloads import user_error
from stockbridge_sandboxes.shopify.resolvers.registry import Context, mutation
from stockbridge_sandboxes.shopify.store import ref


@mutation("orderCustomerSet")
def order_customer_set(ctx: Context, _s: Any, args: dict[str, Any], _i: GraphQLResolveInfo) -> Any:
    order = find_order(ctx, args.get("orderId"))
    if order is None:
        error = user_error(["orderId"], "Order does not exist", "NOT_FOUND")
        return {"order": None, "userErrors": [error]}
    customer = ctx.store.get(args.get("customerId"), "Customer")
    if customer is None or customer.get("__deleted"):
        error = user_error(["customerId"], "Customer does not exist", "NOT_FOUND")
        return {"order": None, "userErrors": [error]}
    order["customer"] = ref(customer["id"])
    touch_order(ctx, order)
    return {"order": order, "userErrors": []}


@mutation("orderCustomerRemove")
def order_customer_remove(
    ctx: Context, _s: Any, args: dict[str, Any], _i: GraphQLResolveInfo
) -> Any:
    order = find_order(ctx, args.get("orderId"))
    if order is None:
        return {
            "order": None,
            "userErrors": [user_error(["orderId"], "Order does not exist", "NOT_FOUND")],
        }
    if order.get("purchasingEntity") or order.get("company"):
        return {
            "order": None,
            "userErrors": [
                user_error(["orderId"], "Action not permitted on B2B Orders", "INVALID")
            ],
        }
    order["customer"] = None
    touch_order(ctx, order)
    return {"order": order, "userErrors": []}


@mutation("orderInvoiceSend")
def order_invoice_send(ctx: Context, _s: Any, args: dict[str, Any], _i: GraphQLResolveInfo) -> Any:
    order = find_order(ctx, args.get("id"))
    if order is None:
        return {"order": None, "userErrors": [user_error(["id"], "Order does not exist")]}
    return {"order": order, "userErrors": []}
