"""The order state machine and the financial status as pure policy, exhaustively: every
action from every status, and the status that follows shipping and money. No database."""

from __future__ import annotations

from decimal import Decimal as D

import pytest

from stockbridge.orders.errors import IllegalTransition
from stockbridge.orders.states import (
    Action,
    FinancialStatus,
    OrderStatus,
    after_shipping,
    financial_status,
    require,
)

S = OrderStatus
ALLOWED = {
    Action.CONFIRM: {S.DRAFT},
    Action.FULFIL: {S.CONFIRMED, S.PARTIALLY_FULFILLED},
    Action.CANCEL: {S.DRAFT, S.CONFIRMED, S.PARTIALLY_FULFILLED},
    Action.CLOSE: {S.FULFILLED},
    Action.REFUND: {S.CONFIRMED, S.PARTIALLY_FULFILLED, S.FULFILLED, S.CLOSED, S.CANCELLED},
    Action.INVOICE: {S.CONFIRMED, S.PARTIALLY_FULFILLED, S.FULFILLED, S.CLOSED},
    Action.EDIT_DRAFT: {S.DRAFT},
}


# How a refusal says each action (`edit_draft` is not a word a person uses).
DOING = {action: f"{action.value} it" for action in Action} | {
    Action.EDIT_DRAFT: "complete it (only a draft can be completed)"
}


@pytest.mark.parametrize("action", list(Action))
@pytest.mark.parametrize("status", list(OrderStatus))
def test_every_action_from_every_status(action: Action, status: OrderStatus) -> None:
    if status in ALLOWED[action]:
        require(status, action, order="SB-000007")
    else:
        with pytest.raises(IllegalTransition) as error:
            require(status, action, order="SB-000007")
        assert (error.value.field, error.value.code, error.value.reason) == (
            "status",
            "illegal_transition",
            f"SB-000007 is {status.value}: cannot {DOING[action]}",
        )


@pytest.mark.parametrize(
    ("status", "to_ship", "shipped", "expected"),
    [
        (S.CONFIRMED, 5, 0, S.CONFIRMED),
        (S.CONFIRMED, 5, 1, S.PARTIALLY_FULFILLED),
        (S.PARTIALLY_FULFILLED, 5, 5, S.FULFILLED),
        (S.CONFIRMED, 0, 3, S.FULFILLED),  # every unit left was removed by refunds
        (S.CANCELLED, 5, 5, S.CANCELLED),
        (S.CLOSED, 5, 5, S.CLOSED),
        (S.DRAFT, 5, 5, S.DRAFT),
    ],
)
def test_the_status_after_shipping(
    status: OrderStatus, to_ship: int, shipped: int, expected: OrderStatus
) -> None:
    assert after_shipping(status, to_ship=to_ship, shipped=shipped) == expected


F = FinancialStatus


@pytest.mark.parametrize(
    ("total", "authorized", "paid", "refunded", "voided", "expected"),
    [
        ("10", "0", "0", "0", False, F.PENDING),
        ("10", "0", "0", "0", True, F.VOIDED),
        ("10", "10", "0", "0", False, F.AUTHORIZED),
        ("10", "0", "4", "0", False, F.PARTIALLY_PAID),
        ("10", "6", "4", "0", False, F.PARTIALLY_PAID),
        ("10", "0", "10", "0", False, F.PAID),
        ("0", "0", "0", "0", False, F.PAID),
        ("10", "0", "10", "3", False, F.PARTIALLY_REFUNDED),
        ("10", "0", "10", "10", False, F.REFUNDED),
        ("9999999999.9999", "0", "9999999999.9999", "0.0001", False, F.PARTIALLY_REFUNDED),
    ],
)
def test_the_financial_status_follows_the_amounts(
    total: str, authorized: str, paid: str, refunded: str, voided: bool, expected: F
) -> None:
    assert (
        financial_status(
            total=D(total),
            authorized=D(authorized),
            paid=D(paid),
            refunded=D(refunded),
            voided=voided,
        )
        == expected
    )
