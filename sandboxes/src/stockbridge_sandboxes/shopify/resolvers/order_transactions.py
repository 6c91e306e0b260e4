"""`orderCapture` and `transactionVoid`: what happens to an order's authorization.

A capture takes (part of) an authorized amount: `amount` is in the authorization's presentment
currency, which `currency` must name whenever the order has two currencies (it may be left out
when it has one). The capture becomes received money and is no longer capturable; the order is
PAID once nothing is outstanding, else PARTIALLY_PAID. Voiding an authorization records a VOID
of zero, releases what it held (it is owed again) and leaves a VOIDED order that received
nothing.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from graphql import GraphQLResolveInfo

from stockbridge_sandboxes.shopify.resolvers.orders import notify_paid, touch_order
from stockbridge_sandboxes.shopify.resolvers.payloads import amount_text, user_error
from stockbridge_sandboxes.shopify.resolvers.registry import Context, computed, mutation
from stockbridge_sandboxes.shopify.store import Obj, Store, is_ref, ref

SIDES = ("shopMoney", "presentmentMoney")


def _amount(bag: Any, side: str) -> Decimal:
    money = (bag or {}).get(side) or (bag or {}).get("shopMoney") or {}
    return Decimal(str(money.get("amount") or 0))


def _currency(bag: Any, side: str) -> str | None:
    money = (bag or {}).get(side) or (bag or {}).get("shopMoney") or {}
    return money.get("currencyCode")


def _bag(like: Any, amounts: dict[str, Decimal]) -> Obj:
    return {
        side: {"amount": amount_text(amounts[side]), "currencyCode": _currency(like, side)}
        for side in SIDES
    }


def _shift(order: Obj, key: str, like: Any, delta: dict[str, Decimal]) -> None:
    """Add `delta` (per side) to the order's money bag `key`, never below zero."""
    base = order.get(key)
    order[key] = _bag(
        like,
        {
            side: max((_amount(base, side) if base else Decimal(0)) + delta[side], Decimal(0))
            for side in SIDES
        },
    )


def order_of(store: Store, transaction_id: str) -> Obj | None:
    """The order holding a transaction."""
    for order in store.all("Order"):
        for entry in order.get("transactions") or []:
            if (entry.get("__ref") if is_ref(entry) else entry.get("id")) == transaction_id:
                return order
    return None


def _captured(store: Store, order: Obj, parent_id: str, side: str) -> Decimal:
    total = Decimal(0)
    for entry in order.get("transactions") or []:
        tx = (store.deref(entry) if is_ref(entry) else entry) or {}
        parent = tx.get("parentTransaction") or {}
        parent_ref = parent.get("__ref") or parent.get("id")
        if (
            tx.get("kind") == "CAPTURE"
            and tx.get("status") == "SUCCESS"
            and parent_ref == parent_id
        ):
            total += _amount(tx.get("amountSet"), side)
    return total


def _new_transaction(ctx: Context, order: Obj, fields: Obj) -> Obj:
    now = ctx.store.now()
    tx = ctx.store.create(
        "OrderTransaction",
        {"status": "SUCCESS", "test": bool(order.get("test")), "createdAt": now, "processedAt": now}
        | fields,
    )
    order["transactions"] = [*(order.get("transactions") or []), ref(tx["id"])]
    return tx


def _capture_error(message: str, field: list[str] | None = None) -> Obj:
    return {"transaction": None, "userErrors": [user_error(field, message)]}


@mutation("orderCapture")
def order_capture(ctx: Context, _s: Any, args: dict[str, Any], _i: GraphQLResolveInfo) -> Any:
    store = ctx.store
    data = args.get("input") or {}
    parent = store.get(data.get("parentTransactionId"), "OrderTransaction")
    order = order_of(store, parent["id"]) if parent else None
    if parent is None or order is None or parent.get("kind") != "AUTHORIZATION":
        return _capture_error("Unable to find parent transaction")
    auth = parent.get("amountSet")
    presentment = _currency(auth, "presentmentMoney")
    two_currencies = presentment != _currency(auth, "shopMoney")
    if (data.get("currency") or (None if two_currencies else presentment)) != presentment:
        return _capture_error(
            f"Currency Currency must match parent transaction {presentment}", ["currency"]
        )
    amount = Decimal(str(data.get("amount") or 0))
    if amount <= 0:
        return _capture_error("Amount must be greater than zero for capture transactions")
    authorized = _amount(auth, "presentmentMoney")
    left = authorized - _captured(store, order, parent["id"], "presentmentMoney")
    if amount > left:
        return _capture_error(
            f"Cannot capture more than the authorized {authorized:.2f} for this payment."
        )
    if data.get("finalCapture"):
        return _capture_error(
            "Setting final capture is not supported for this transaction's payment gateway. "
            "Please remove the parameter or set it to null, then try again."
        )
    rate = _amount(auth, "shopMoney") / authorized if authorized else Decimal(1)
    taken = {"shopMoney": (amount * rate).quantize(Decimal("0.01")), "presentmentMoney": amount}
    tx = _new_transaction(
        ctx,
        order,
        {
            "kind": "CAPTURE",
            "gateway": parent.get("gateway"),
            "amountSet": _bag(auth, taken),
            "parentTransaction": ref(parent["id"]),
        },
    )
    _shift(order, "totalReceivedSet", auth, taken)
    _shift(order, "netPaymentSet", auth, taken)
    _shift(order, "totalCapturableSet", auth, {side: -taken[side] for side in SIDES})
    order["capturable"] = _amount(order["totalCapturableSet"], "shopMoney") > 0
    owed = _amount(order.get("totalOutstandingSet"), "shopMoney")
    before = order.get("displayFinancialStatus")
    order["displayFinancialStatus"] = (
        "PAID" if owed <= 0 and not order["capturable"] else "PARTIALLY_PAID"
    )
    touch_order(ctx, order)
    notify_paid(ctx, order, before)
    return {"transaction": tx, "userErrors": []}


@mutation("transactionVoid")
def transaction_void(ctx: Context, _s: Any, args: dict[str, Any], _i: GraphQLResolveInfo) -> Any:
    store = ctx.store
    parent = store.get(args.get("parentTransactionId"), "OrderTransaction")
    order = order_of(store, parent["id"]) if parent else None
    if parent is None or order is None:
        return {
            "transaction": None,
            "userErrors": [
                user_error(
                    ["parentTransactionId"], "Transaction does not exist", "TRANSACTION_NOT_FOUND"
                )
            ],
        }
    if parent.get("kind") != "AUTHORIZATION" or parent.get("status") != "SUCCESS":
        return {
            "transaction": None,
            "userErrors": [
                user_error(
                    ["parentTransactionId"],
                    "Parent transaction must be a successful authorization",
                    "AUTH_NOT_SUCCESSFUL",
                )
            ],
        }
    auth = parent.get("amountSet")
    held = {side: _amount(order.get("totalCapturableSet") or auth, side) for side in SIDES}
    tx = _new_transaction(
        ctx,
        order,
        {
            "kind": "VOID",
            "gateway": parent.get("gateway"),
            "amountSet": _bag(auth, dict.fromkeys(SIDES, Decimal(0))),
            "parentTransaction": ref(parent["id"]),
        },
    )
    order["totalCapturableSet"] = _bag(auth, dict.fromkeys(SIDES, Decimal(0)))
    order["capturable"] = False
    _shift(order, "totalOutstandingSet", auth, held)
    if _amount(order.get("totalReceivedSet"), "shopMoney") <= 0:
        order["displayFinancialStatus"] = "VOIDED"
    touch_order(ctx, order)
    return {"transaction": tx, "userErrors": []}


@computed("Order", "totalCapturable")
def total_capturable(_ctx: Context, order: Any, _a: dict[str, Any], _i: GraphQLResolveInfo) -> str:
    """The deprecated `Money` twin of `totalCapturableSet`: shop amount, two decimals."""
    if not isinstance(order, dict):
        return "0.00"
    if not order.get("totalCapturableSet") and isinstance(order.get("totalCapturable"), str):
        return str(order["totalCapturable"])  # a recording that showed only this field
    return f"{_amount(order.get('totalCapturableSet'), 'shopMoney'):.2f}"
