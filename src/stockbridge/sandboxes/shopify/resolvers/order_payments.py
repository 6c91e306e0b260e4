"""`orderMarkAsPaid`: record the payment of an order's outstanding amount.

The order gets a successful manual SALE transaction for its whole outstanding amount (both the
shop and the presentment side, as the order carries them), owes nothing more, counts the
amount as received and becomes PAID. An order with nothing outstanding "cannot be marked as
paid" (the order comes back unchanged with the error).
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from graphql import GraphQLResolveInfo

from stockbridge.sandboxes.shopify.resolvers.orders import find_order, touch_order
from stockbridge.sandboxes.shopify.resolvers.payloads import (
    amount_of,
    amount_text,
    currency_of,
    money,
    user_error,
)
from stockbridge.sandboxes.shopify.resolvers.registry import Context, mutation
from stockbridge.sandboxes.shopify.store import Obj, Store, is_ref, ref


def _side(bag: Any, side: str) -> Obj | None:
    value = (bag or {}).get(side) if isinstance(bag, dict) else None
    return value if isinstance(value, dict) and value.get("amount") is not None else None


def _add(store: Store, order: Obj, key: str, extra: Obj) -> Obj:
    """The order's money bag `key` plus `extra`, side by side (a missing bag counts 0)."""
    base = order.get(key) or money(0, currency_of(store, order, extra))
    out: Obj = {}
    for side in ("shopMoney", "presentmentMoney"):
        add = _side(extra, side) or _side(extra, "shopMoney") or {}
        have = _side(base, side) or {}
        amount = Decimal(str(have.get("amount") or 0)) + Decimal(str(add.get("amount") or 0))
        out[side] = {
            "amount": amount_text(amount),
            "currencyCode": have.get("currencyCode") or add.get("currencyCode"),
        }
    return out


def outstanding_bag(store: Store, order: Obj) -> Obj:
    """What the order still owes: its recorded outstanding set, else its total less what was
    received."""
    if isinstance(order.get("totalOutstandingSet"), dict):
        return dict(order["totalOutstandingSet"])
    currency = currency_of(store, order, order.get("totalPriceSet"))
    total = amount_of(order.get("currentTotalPriceSet") or order.get("totalPriceSet"))
    received = amount_of(order.get("totalReceivedSet"))
    return money(max(total - received, Decimal(0)), currency)


def _zeroed(bag: Obj) -> Obj:
    return {
        side: {"amount": "0.0", "currencyCode": value.get("currencyCode")}
        for side, value in bag.items()
        if isinstance(value, dict)
    }


@mutation("orderMarkAsPaid")
def order_mark_as_paid(ctx: Context, _s: Any, args: dict[str, Any], _i: GraphQLResolveInfo) -> Any:
    store = ctx.store
    order = find_order(ctx, (args.get("input") or {}).get("id"))
    if order is None:
        return {"order": None, "userErrors": [user_error(["id"], "Order does not exist")]}
    due = outstanding_bag(store, order)
    if amount_of(due) <= 0 or order.get("cancelledAt"):
        return {
            "order": order,
            "userErrors": [user_error(["id"], "Order cannot be marked as paid.")],
        }
    now = store.now()
    tx = store.create(
        "OrderTransaction",
        {
            "kind": "SALE",
            "status": "SUCCESS",
            "gateway": "manual",
            "amountSet": due,
            "test": bool(order.get("test")),
            "createdAt": now,
            "processedAt": now,
        },
    )
    transactions = [t for t in order.get("transactions") or [] if is_ref(t) or isinstance(t, dict)]
    order["transactions"] = [*transactions, ref(tx["id"])]
    gateways = list(order.get("paymentGatewayNames") or [])
    if "manual" not in gateways:
        gateways.append("manual")
    order["paymentGatewayNames"] = gateways
    order["totalReceivedSet"] = _add(store, order, "totalReceivedSet", due)
    order["netPaymentSet"] = _add(store, order, "netPaymentSet", due)
    order["totalOutstandingSet"] = _zeroed(due)
    order["displayFinancialStatus"] = "PAID"
    touch_order(ctx, order)
    return {"order": order, "userErrors": []}
