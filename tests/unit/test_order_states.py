"""The order state machine and the financial status (`orders/states.py`): plain values in,
plain values out, no database."""

from __future__ import annotations

from decimal import Decimal as D

import pytest

from stockbridge.orders.errors import IllegalTransition
from stockbridge.orders.states import (
    Action,
    FinancialStatus,
    OrderStatus,
    after,
    after_shipping,
    financial_status,
    require,
)

S = OrderStatus

# The whole transition table, written out: which statuses allow each action.
ALLOWED_FROM = {
    Action.CONFIRM: {S.DRAFT},
    Action.FULFIL: {S.CONFIRMED, S.PARTIALLY_FULFILLED},
    Action.CANCEL: {S.DRAFT, S.CONFIRMED, S.PARTIALLY_FULFILLED},
    Action.CLOSE: {S.FULFILLED},
    Action.REFUND: {S.CONFIRMED, S.PARTIALLY_FULFILLED, S.FULFILLED, S.CLOSED, S.CANCELLED},
    Action.INVOICE: {S.CONFIRMED, S.PARTIALLY_FULFILLED, S.FULFILLED, S.CLOSED},
    Action.EDIT_DRAFT: {S.DRAFT},
}
EVERY_PAIR = [(status, action) for action in Action for status in OrderStatus]


@pytest.mark.parametrize(
    ("status", "action"), [(s, a) for s, a in EVERY_PAIR if s in ALLOWED_FROM[a]]
)
def test_an_allowed_action_passes_the_check(status: OrderStatus, action: Action) -> None:
    assert require(status, action) is None


@pytest.mark.parametrize(
    ("status", "action"), [(s, a) for s, a in EVERY_PAIR if s not in ALLOWED_FROM[a]]
)
def test_every_other_action_is_refused_naming_the_status(
    status: OrderStatus, action: Action
) -> None:
    with pytest.raises(IllegalTransition) as error:
        require(status, action)
    assert (error.value.field, error.value.code) == ("status", "illegal_transition")
    doing = (
        "complete it (only a draft can be completed)"
        if action == Action.EDIT_DRAFT
        else f"{action} it"
    )
    assert error.value.reason == f"order is {status}: cannot {doing}"
    assert (error.value.status, error.value.action) == (status, action.value)


def test_a_plain_status_string_is_checked_like_the_enum() -> None:
    require("draft", Action.CONFIRM)
    with pytest.raises(IllegalTransition) as error:
        require("closed", Action.FULFIL, order="SB-000007")
    assert error.value.reason == "SB-000007 is closed: cannot fulfil it"


@pytest.mark.parametrize(
    ("status", "action", "expected"),
    [
        (S.DRAFT, Action.CONFIRM, S.CONFIRMED),
        (S.DRAFT, Action.CANCEL, S.CANCELLED),
        (S.CONFIRMED, Action.CANCEL, S.CANCELLED),
        (S.PARTIALLY_FULFILLED, Action.CANCEL, S.CANCELLED),
        (S.FULFILLED, Action.CLOSE, S.CLOSED),
    ],
)
def test_allowed_transitions_lead_where_the_diagram_says(
    status: OrderStatus, action: Action, expected: OrderStatus
) -> None:
    assert after(status, action) == expected


@pytest.mark.parametrize(
    ("status", "action"),
    [
        (S.CONFIRMED, Action.CONFIRM),
        (S.FULFILLED, Action.CANCEL),
        (S.CLOSED, Action.CANCEL),
        (S.CANCELLED, Action.CANCEL),
        (S.CONFIRMED, Action.CLOSE),
        (S.CANCELLED, Action.CLOSE),
    ],
)
def test_illegal_transitions_raise_a_typed_error_naming_status(
    status: OrderStatus, action: Action
) -> None:
    with pytest.raises(IllegalTransition) as error:
        after(status, action, order="SB-000001")
    assert error.value.field == "status"
    assert error.value.reason == f"SB-000001 is {status}: cannot {action} it"


def test_shipping_some_units_makes_an_order_partially_fulfilled() -> None:
    assert after_shipping(S.CONFIRMED, to_ship=5, shipped=2) == S.PARTIALLY_FULFILLED


def test_shipping_every_unit_makes_an_order_fulfilled() -> None:
    assert after_shipping(S.PARTIALLY_FULFILLED, to_ship=5, shipped=5) == S.FULFILLED


def test_nothing_shipped_keeps_the_status() -> None:
    assert after_shipping(S.CONFIRMED, to_ship=5, shipped=0) == S.CONFIRMED


def test_a_cancelled_order_stays_cancelled() -> None:
    assert after_shipping(S.CANCELLED, to_ship=3, shipped=3) == S.CANCELLED


@pytest.mark.parametrize(
    ("status", "to_ship", "shipped", "expected"),
    [
        (S.CONFIRMED, 5, 4, S.PARTIALLY_FULFILLED),  # one unit short
        (S.CONFIRMED, 5, 5, S.FULFILLED),  # every unit in one shipment
        (S.CONFIRMED, 5, 6, S.FULFILLED),  # more than asked still completes it
        (S.PARTIALLY_FULFILLED, 5, 0, S.PARTIALLY_FULFILLED),
        (S.CLOSED, 3, 3, S.CLOSED),
        (S.DRAFT, 3, 3, S.DRAFT),  # a draft holds no stock to ship
        ("confirmed", 2, 1, S.PARTIALLY_FULFILLED),
    ],
)
def test_the_status_after_shipping(
    status: str, to_ship: int, shipped: int, expected: OrderStatus
) -> None:
    assert after_shipping(status, to_ship=to_ship, shipped=shipped) == expected


@pytest.mark.parametrize(
    ("authorized", "paid", "refunded", "voided", "expected"),
    [
        ("0", "0", "0", False, FinancialStatus.PENDING),
        ("100", "0", "0", False, FinancialStatus.AUTHORIZED),
        ("0", "40", "0", False, FinancialStatus.PARTIALLY_PAID),
        ("0", "100", "0", False, FinancialStatus.PAID),
        ("0", "100", "30", False, FinancialStatus.PARTIALLY_REFUNDED),
        ("0", "100", "100", False, FinancialStatus.REFUNDED),
        ("0", "0", "0", True, FinancialStatus.VOIDED),
    ],
)
def test_financial_status_follows_the_amounts(
    authorized: str, paid: str, refunded: str, voided: bool, expected: FinancialStatus
) -> None:
    status = financial_status(
        total=D("100"), authorized=D(authorized), paid=D(paid), refunded=D(refunded), voided=voided
    )
    assert status == expected


@pytest.mark.parametrize(
    ("total", "authorized", "paid", "refunded", "expected"),
    [
        ("0", "0", "0", "0", FinancialStatus.PAID),  # nothing to pay: a free order is paid
        ("100", "0", "120", "0", FinancialStatus.PAID),  # overpaid is paid
        ("100", "60", "40", "0", FinancialStatus.PARTIALLY_PAID),  # a capture outranks an auth
        ("100", "0", "99.99", "0", FinancialStatus.PARTIALLY_PAID),  # one cent short
        ("100", "0", "100", "99.99", FinancialStatus.PARTIALLY_REFUNDED),
        ("100", "0", "40", "40", FinancialStatus.REFUNDED),  # all that was paid came back
    ],
)
def test_financial_status_at_its_edges(
    total: str, authorized: str, paid: str, refunded: str, expected: FinancialStatus
) -> None:
    status = financial_status(
        total=D(total), authorized=D(authorized), paid=D(paid), refunded=D(refunded)
    )
    assert status == expected
