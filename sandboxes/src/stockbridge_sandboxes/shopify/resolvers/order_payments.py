"""`orderMarkAsPaid` and `orderCreateManualPayment`: payments recorded by the merchant.

The order gets a successful manual SALE transaction for its whole outstanding amount (both the
shop and the presentment side, as the order carries them), owes nothing more, counts the
amount as received and becomes PAID. An order with nothing outstanding "cannot be marked as
paid" (the order comes back unchanged with the error).
"""

from __future__ import annotations

from datetime import UTC, datetime
from decimal import Decimal
from typing import Any

from graphql import GraphQLError, GraphQLResolveInfo

from stockbridge_sandboxes.shopify.resolvers.orders import find_order, notify_paid, touch_order
from stockbridge_sandboxes.shopify.resolvers.payloads import (
    amount_of,
    amount_text,
    currency_of,
    money,
    user_error,
)
from stockbridge_sandboxes.shopify.resolvers.registry import Context, mutation
from stockbridge_sandboxes.shopify.store import Obj, Store, is_ref, ref


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


def _utc_text(value: Any) -> str:
    """A DateTime input as Shopify answers it: UTC, to the second."""
    moment = value if isinstance(value, datetime) else datetime.fromisoformat(str(value))
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def _minus(bag: Obj, paid: Obj) -> Obj:
    """`bag` less `paid`, side by side."""
    out: Obj = {}
    for side in ("shopMoney", "presentmentMoney"):
        have = _side(bag, side) or _side(bag, "shopMoney") or {}
        less = _side(paid, side) or _side(paid, "shopMoney") or {}
        amount = Decimal(str(have.get("amount") or 0)) - Decimal(str(less.get("amount") or 0))
        out[side] = {
            "amount": amount_text(max(amount, Decimal(0))),
            "currencyCode": have.get("currencyCode"),
        }
    return out


def record_payment(
    ctx: Context, order: Obj, paid: Obj, gateway: str, processed_at: str | None = None
) -> None:
    """A successful SALE of `paid` (a money bag): received, no longer outstanding."""
    store = ctx.store
    due = outstanding_bag(store, order)
    now = store.now()
    when = _utc_text(processed_at) if processed_at else now
    tx = store.create(
        "OrderTransaction",
        {
            "kind": "SALE",
            "status": "SUCCESS",
            "gateway": gateway,
            "amountSet": paid,
            "test": bool(order.get("test")),
            "createdAt": now,
            "processedAt": when,
        },
    )
    transactions = [t for t in order.get("transactions") or [] if is_ref(t) or isinstance(t, dict)]
    order["transactions"] = [*transactions, ref(tx["id"])]
    gateways = list(order.get("paymentGatewayNames") or [])
    if gateway not in gateways:
        gateways.append(gateway)
    order["paymentGatewayNames"] = gateways
    order["totalReceivedSet"] = _add(store, order, "totalReceivedSet", paid)
    order["netPaymentSet"] = _add(store, order, "netPaymentSet", paid)
    order["totalOutstandingSet"] = _minus(due, paid)
    left = amount_of(order["totalOutstandingSet"])
    before = order.get("displayFinancialStatus")
    order["displayFinancialStatus"] = "PAID" if left <= 0 else "PARTIALLY_PAID"
    touch_order(ctx, order)
    notify_paid(ctx, order, before)


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
    record_payment(ctx, order, due, "manual")
    return {"order": order, "userErrors": []}


MANUAL_PAYMENT_ACCESS = (
    "`write_orders` access scope. Also: The user must have mark_orders_as_paid permission. "
    "The API client must be installed on a Shopify Plus store to use the amount field."
)


def _shopify_plus(ctx: Context, info: GraphQLResolveInfo) -> bool:
    from stockbridge_sandboxes.shopify.resolvers.reads import shop
    from stockbridge_sandboxes.shopify.resolvers.shop_plan import shopify_plus

    plan = (shop(ctx, None, {}, info) or {}).get("plan") or {}
    return bool(shopify_plus(ctx, plan, {}, info))


def _manual_error(field: list[str] | None, message: str, code: str) -> Obj:
    return {"order": None, "userErrors": [user_error(field, message, code)]}


@mutation("orderCreateManualPayment")
def order_create_manual_payment(
    ctx: Context, _s: Any, args: dict[str, Any], info: GraphQLResolveInfo
) -> Any:
    """A manual payment of the order's balance; an `amount` (part of it, in the order's
    presentment currency) only on Shopify Plus, else the whole field is denied."""
    store = ctx.store
    amount = args.get("amount")
    if amount is not None and not _shopify_plus(ctx, info):
        raise GraphQLError(
            "Access denied for orderCreateManualPayment field. Required access: "
            + MANUAL_PAYMENT_ACCESS,
            extensions={
                "code": "ACCESS_DENIED",
                "documentation": "https://shopify.dev/api/usage/access-scopes",
                "requiredAccess": MANUAL_PAYMENT_ACCESS,
            },
        )
    order = find_order(ctx, args.get("id"))
    if order is None:
        return _manual_error(["id"], "Order is not found.", "ORDER_NOT_FOUND")
    processed = _utc_text(args["processedAt"]) if args.get("processedAt") else None
    if processed is not None and processed > store.now()[:19] + "Z":
        return _manual_error(
            ["processedAt"], "Processed at can't be in the future", "PROCESSED_AT_INVALID"
        )
    due = outstanding_bag(store, order)
    paid = due
    if amount is not None:
        value = Decimal(str(amount.get("amount") or 0))
        presentment = _side(due, "presentmentMoney") or _side(due, "shopMoney") or {}
        if amount.get("currencyCode") != presentment.get("currencyCode"):
            return _manual_error(
                ["amount"],
                "The currency of the amount doesn't match the presentment currency of the order.",
                "CURRENCY_MISMATCH",
            )
        owed = Decimal(str(presentment.get("amount") or 0))
        if value > owed:
            return _manual_error(
                ["amount"], "Amount exceeds the remaining balance.", "AMOUNT_EXCEEDS_BALANCE"
            )
        shop_owed = amount_of(due)
        paid = {
            "shopMoney": {
                "amount": amount_text(shop_owed * value / owed if owed else value),
                "currencyCode": (_side(due, "shopMoney") or {}).get("currencyCode"),
            },
            "presentmentMoney": {
                "amount": amount_text(value),
                "currencyCode": presentment.get("currencyCode"),
            },
        }
    if amount_of(paid) <= 0:
        return _manual_error(["amount"], "Amount must be positive.", "AMOUNT_NOT_POSITIVE")
    record_payment(ctx, order, paid, args.get("paymentMethodName") or "manual", processed)
    return {"order": order, "userErrors": []}
