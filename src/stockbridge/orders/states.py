"""The order state machine and the financial status. Pure: plain values in, plain values out.

    draft -> confirmed -> partially_fulfilled -> fulfilled -> closed
    draft | confirmed | partially_fulfilled -> cancelled

Fulfilment moves an order to partially fulfilled or fulfilled depending on what is left to
ship. The financial status is computed from amounts, never set by hand.
"""

from __future__ import annotations

from decimal import Decimal
from enum import StrEnum

from django.db import models

from .errors import IllegalTransition


class OrderStatus(models.TextChoices):
    DRAFT = "draft", "Draft"
    CONFIRMED = "confirmed", "Confirmed"
    PARTIALLY_FULFILLED = "partially_fulfilled", "Partially fulfilled"
    FULFILLED = "fulfilled", "Fulfilled"
    CLOSED = "closed", "Closed"
    CANCELLED = "cancelled", "Cancelled"


class FinancialStatus(models.TextChoices):
    PENDING = "pending", "Pending"
    AUTHORIZED = "authorized", "Authorized"
    PARTIALLY_PAID = "partially_paid", "Partially paid"
    PAID = "paid", "Paid"
    PARTIALLY_REFUNDED = "partially_refunded", "Partially refunded"
    REFUNDED = "refunded", "Refunded"
    VOIDED = "voided", "Voided"


class Action(StrEnum):
    CONFIRM = "confirm"
    FULFIL = "fulfil"
    CANCEL = "cancel"
    CLOSE = "close"
    REFUND = "refund"
    INVOICE = "invoice"
    EDIT_DRAFT = "edit_draft"


S = OrderStatus
ALLOWED: dict[Action, frozenset[str]] = {
    Action.CONFIRM: frozenset({S.DRAFT}),
    Action.FULFIL: frozenset({S.CONFIRMED, S.PARTIALLY_FULFILLED}),
    Action.CANCEL: frozenset({S.DRAFT, S.CONFIRMED, S.PARTIALLY_FULFILLED}),
    Action.CLOSE: frozenset({S.FULFILLED}),
    Action.REFUND: frozenset(
        {S.CONFIRMED, S.PARTIALLY_FULFILLED, S.FULFILLED, S.CLOSED, S.CANCELLED}
    ),
    Action.INVOICE: frozenset({S.CONFIRMED, S.PARTIALLY_FULFILLED, S.FULFILLED, S.CLOSED}),
    Action.EDIT_DRAFT: frozenset({S.DRAFT}),
}
RESULT: dict[Action, OrderStatus] = {
    Action.CONFIRM: S.CONFIRMED,
    Action.CANCEL: S.CANCELLED,
    Action.CLOSE: S.CLOSED,
}


def require(status: str, action: Action, *, order: str = "") -> None:
    """Raise IllegalTransition unless `action` is allowed from `status`."""
    if status not in ALLOWED[action]:
        raise IllegalTransition(order or "order", status, action.value)


def after(status: str, action: Action, *, order: str = "") -> OrderStatus:
    """The status after `action` (confirm, cancel, close) from `status`; IllegalTransition when
    not allowed."""
    require(status, action, order=order)
    return RESULT[action]


def after_shipping(status: str, *, to_ship: int, shipped: int) -> OrderStatus:
    """The status once `shipped` of the `to_ship` units (ordered minus removed) have left.

    Nothing shipped keeps the status; some shipped is partially fulfilled; all shipped is
    fulfilled. A closed or cancelled order keeps its status."""
    current = OrderStatus(status)
    if current in (S.CLOSED, S.CANCELLED, S.DRAFT) or shipped == 0:
        return current
    return S.FULFILLED if shipped >= to_ship else S.PARTIALLY_FULFILLED


def financial_status(
    *,
    total: Decimal,
    authorized: Decimal,
    paid: Decimal,
    refunded: Decimal,
    voided: bool = False,
) -> FinancialStatus:
    """Financial status from amounts: `authorized` is what is authorized and not yet captured,
    `paid` what was captured, `refunded` what was given back, `voided` whether an authorization
    was voided."""
    if refunded > 0:
        return FinancialStatus.REFUNDED if refunded >= paid else FinancialStatus.PARTIALLY_REFUNDED
    if paid > 0 or total == 0:
        return FinancialStatus.PAID if paid >= total else FinancialStatus.PARTIALLY_PAID
    if authorized > 0:
        return FinancialStatus.AUTHORIZED
    return FinancialStatus.VOIDED if voided else FinancialStatus.PENDING
