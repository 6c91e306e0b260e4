"""What every order use case starts from: the order locked for the transaction, and the
financial status refreshed from its amounts."""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal

from stockbridge.platform.bounds import check_text
from stockbridge.platform.errors import FieldError

from .. import rows
from ..errors import OrderNotFound
from ..models import Order, OrderLine, Payment, PaymentStatus
from ..states import financial_status


def lock_order(order_id: int, *, only: Sequence[str] = ()) -> Order:
    """The order, row-locked until the transaction ends (PostgreSQL; SQLite serialises
    writers). `only`: read just these fields (the others load on access). Raises
    OrderNotFound."""
    locked = Order.objects.select_for_update().filter(pk=order_id)
    order = next(iter(locked.only(*only) if only else locked), None)
    if order is None:
        raise OrderNotFound(order_id)
    return order


def lock_order_with_lines(
    order_id: int, *, order_fields: Sequence[str], line_fields: Sequence[str]
) -> tuple[Order, list[OrderLine]]:
    """The order, row-locked as by `lock_order`, and its lines by position, read in one
    query (only the fields named; the others load on access). Raises OrderNotFound."""
    order, lines = rows.lock_order_with_lines(order_id, order_fields, line_fields)
    if order is None:
        raise OrderNotFound(order_id)
    return order, lines


def refresh_financial_status(order: Order) -> None:
    """Recompute `financial_status` from the order's amounts (not saved)."""
    paid = Decimal(order.amount_paid)
    authorized = Decimal(order.amount_authorized)
    refunded = Decimal(order.amount_refunded)
    voided = (
        paid == 0
        and authorized == 0
        and refunded == 0
        and Payment.objects.filter(order=order, status=PaymentStatus.VOIDED).exists()
    )
    order.financial_status = financial_status(
        total=Decimal(order.total),
        authorized=authorized,
        paid=paid,
        refunded=refunded,
        voided=voided,
    )


CHANNEL_MAX = 64


def check_source(channel: str, external_id: str) -> None:
    """A channel record's source: both given (a channel's record, kept once) or both empty
    (made in the hub). Raises FieldError naming `channel` or `external_id`."""
    check_text("channel", channel, limit=CHANNEL_MAX)
    check_text("external_id", external_id)
    if bool(channel) != bool(external_id):
        raise FieldError(
            "external_id" if channel else "channel", "channel and external_id go together"
        )
