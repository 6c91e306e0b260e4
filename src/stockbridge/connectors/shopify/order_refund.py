"""Hub refunds as Shopify refunds (`refundCreate` with `@idempotent`), and cancellations
(`orderCancel`).

A refund's lines name the order's line items (matched by variant, else SKU, spread over the
order's lines of that variant) with the restock type per line (`NO_RESTOCK`, `CANCEL`,
`RETURN`) and, for a restock, the location the units go back to. Money goes back to the
order's payments (successful sales and captures, oldest first, each at most what it took),
or as one manual refund when Shopify shows none. The idempotency key is the hub refund's own,
the same for every attempt: Shopify makes the refund once and answers a repeat with it. Its
note carries the hub's mark (`orders.hub_refunds`): read back, it is not a second refund.
"""

from __future__ import annotations

from collections import Counter
from decimal import Decimal
from typing import Any

from stockbridge.channels.errors import Rejected
from stockbridge.channels.port_fulfilment import CANCEL_REASONS, CancelWrite, RefundWrite

from . import order_state
from .client import ShopifyClient
from .order_state import OrderState, key_of
from .orders import hub_refunds

RESTOCK_TYPES = {"no_restock": "NO_RESTOCK", "cancel": "CANCEL", "return": "RETURN"}
ZERO = Decimal("0")


def _refund_lines(write: RefundWrite, state: OrderState) -> list[dict[str, Any]]:
    used: Counter[str] = Counter()
    rows: list[dict[str, Any]] = []
    for index, refunded in enumerate(write.lines):
        key = key_of(refunded.line, state.lines)
        left = refunded.line.quantity
        for line in state.lines:
            if left == 0:
                break
            free = line.quantity - used[line.id]
            if line.key != key or free <= 0:
                continue
            take = min(left, free)
            used[line.id] += take
            left -= take
            row: dict[str, Any] = {
                "lineItemId": line.id,
                "quantity": take,
                "restockType": RESTOCK_TYPES[refunded.restock.value],
            }
            if refunded.restock.value != "no_restock" and refunded.location_remote_id:
                row["locationId"] = refunded.location_remote_id
            rows.append(row)
        if left:
            raise Rejected(
                f"lines[{index}]",
                f"the order in Shopify has no line for {left} more units of "
                f"{refunded.line.sku or refunded.line.remote_variant_id}",
            )
    return rows


def _transactions(write: RefundWrite, state: OrderState) -> list[dict[str, Any]]:
    if write.amount <= 0:
        return []
    if not state.payments:
        return [
            {
                "orderId": write.order_id,
                "kind": "REFUND",
                "gateway": "manual",
                "amount": str(write.amount),
            }
        ]
    left, rows = write.amount, []
    for payment in state.payments:
        if left <= 0:
            break
        take = min(left, payment.amount)
        left -= take
        rows.append(
            {
                "orderId": write.order_id,
                "kind": "REFUND",
                "gateway": payment.gateway,
                "parentId": payment.id,
                "amount": str(take),
            }
        )
    if left > 0:
        raise Rejected(
            "amount",
            f"{write.amount} {write.currency} is more than the order's payments in Shopify hold",
        )
    return rows


def create(client: ShopifyClient, write: RefundWrite) -> str:
    state = order_state.read(client, write.order_id)
    data: dict[str, Any] = {
        "orderId": write.order_id,
        "notify": write.notify_customer,
        "refundLineItems": _refund_lines(write, state),
        "transactions": _transactions(write, state),
        "currency": write.currency,
    }
    data["note"] = hub_refunds.marked(write.note, write.key)
    if write.shipping_amount > ZERO:
        data["shipping"] = {"amount": str(write.shipping_amount)}
    payload = client.execute("refund_create", {"input": data, "key": write.key}).get("refundCreate")
    order_state.user_errors(payload)
    refund = (payload or {}).get("refund") or {}
    if not refund.get("id"):
        raise Rejected("refund", "Shopify made no refund and said nothing")
    return str(refund["id"])


def cancel(client: ShopifyClient, write: CancelWrite) -> None:
    """Cancel the order; one Shopify already shows cancelled is left as it is (so a retry
    after a lost answer, or an order cancelled in Shopify first, is no error)."""
    if write.reason not in CANCEL_REASONS:
        raise Rejected("reason", f"must be one of {', '.join(CANCEL_REASONS)}")
    state = order_state.read(client, write.order_id)
    if state.cancelled:
        return
    payload = client.execute(
        "order_cancel",
        {
            "id": write.order_id,
            "reason": write.reason.upper(),
            "restock": write.restock,
            "refund": write.refund,
            "notify": write.notify_customer,
            "note": write.staff_note or None,
        },
        once=True,
    ).get("orderCancel")
    order_state.user_errors(payload, "orderCancelUserErrors")
