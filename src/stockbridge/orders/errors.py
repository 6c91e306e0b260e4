"""Typed order errors; each names the field and the reason."""

from __future__ import annotations

from decimal import Decimal

from stockbridge.platform.errors import FieldError, NotFound

# Actions whose name is not a verb a person would use (`states.Action`).
_DOING = {"edit_draft": "complete it (only a draft can be completed)"}


class IllegalTransition(FieldError):
    """The order's status does not allow this action (e.g. fulfil a cancelled order)."""

    code = "illegal_transition"

    def __init__(self, order: str, status: str, action: str) -> None:
        doing = _DOING.get(action, f"{action} it")
        super().__init__("status", f"{order} is {status}: cannot {doing}")
        self.status = status
        self.action = action


class OrderNotFound(NotFound):
    def __init__(self, order_id: object, field: str = "order_id") -> None:
        super().__init__(field, f"no order {order_id}")


class LineNotFound(NotFound):
    def __init__(self, field: str, line_id: object) -> None:
        super().__init__(field, f"no line {line_id} on this order")


class InvoiceNotFound(NotFound):
    def __init__(self, invoice_id: object) -> None:
        super().__init__("invoice_id", f"no invoice {invoice_id}")


class PaymentNotFound(NotFound):
    def __init__(self, payment_id: object) -> None:
        super().__init__("payment_id", f"no payment {payment_id}")


class TotalsMismatch(FieldError):
    """A stated total differs from the one computed from lines, discounts, taxes and shipping."""

    code = "totals_mismatch"

    def __init__(self, field: str, *, stated: Decimal, computed: Decimal) -> None:
        super().__init__(
            field, f"stated {stated} but lines, taxes and shipping add up to {computed}"
        )
        self.stated = stated
        self.computed = computed


class TooMany(FieldError):
    """More units than the order allows for this operation (ship, refund, invoice)."""

    code = "too_many"

    def __init__(self, field: str, *, requested: int, allowed: int, what: str) -> None:
        super().__init__(field, f"only {allowed} {what}, {requested} requested")
        self.requested = requested
        self.allowed = allowed


class AmountTooLarge(FieldError):
    """A money amount above what the order allows (refund more than paid, overpay)."""

    code = "amount_too_large"

    def __init__(self, field: str, *, requested: Decimal, allowed: Decimal, what: str) -> None:
        super().__init__(field, f"only {allowed} {what}, {requested} requested")
        self.requested = requested
        self.allowed = allowed
