"""The order state machine and the financial status, without a database."""

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
)

S = OrderStatus


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
