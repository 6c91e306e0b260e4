"""`orderCustomerRemove` and `orderInvoiceSend`: an order's buyer.

Removing the customer leaves the order without one (cancelled orders too); B2B orders, bought
for a company, keep theirs ("Action not permitted on B2B Orders"). Sending an invoice changes
nothing the API shows: the sandbox sends no email, it answers the order.
"""

from __future__ import annotations

from typing import Any

from graphql import GraphQLResolveInfo

from stockbridge.sandboxes.shopify.resolvers.orders import find_order, touch_order
from stockbridge.sandboxes.shopify.resolvers.payloads import user_error
from stockbridge.sandboxes.shopify.resolvers.registry import Context, mutation


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
