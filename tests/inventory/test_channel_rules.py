"""Channel quantity rules: pure functions, no database."""

from __future__ import annotations

from decimal import Decimal

import pytest

from stockbridge.inventory.channel_rules import QuantityRule, channel_quantity, listed_quantity
from stockbridge.platform.errors import FieldError


def test_no_rule_lists_available() -> None:
    assert listed_quantity(12, QuantityRule()) == 12


def test_negative_available_lists_zero() -> None:
    assert listed_quantity(-3, QuantityRule()) == 0


def test_a_buffer_holds_units_back() -> None:
    assert listed_quantity(12, QuantityRule(buffer=2)) == 10
    assert listed_quantity(1, QuantityRule(buffer=2)) == 0


def test_a_percentage_rounds_down() -> None:
    assert listed_quantity(9, QuantityRule(percentage=Decimal(50))) == 4


def test_a_maximum_caps_the_listing() -> None:
    assert listed_quantity(500, QuantityRule(max_listed=100)) == 100


def test_out_of_stock_below_a_threshold() -> None:
    rule = QuantityRule(out_of_stock_below=3)
    assert listed_quantity(2, rule) == 0
    assert listed_quantity(3, rule) == 3


def test_rules_apply_in_order_buffer_percentage_cap_threshold() -> None:
    rule = QuantityRule(buffer=4, percentage=Decimal("75"), max_listed=20, out_of_stock_below=5)
    assert listed_quantity(40, rule) == 20  # (40-4)*0.75 = 27 -> capped at 20
    assert listed_quantity(10, rule) == 0  # (10-4)*0.75 = 4.5 -> 4 < 5
    assert listed_quantity(12, rule) == 6


def test_a_channel_sums_only_its_mapped_locations() -> None:
    available = {1: 5, 2: 7, 3: -2, 4: 100}
    assert channel_quantity(available, [1, 2, 3], QuantityRule(buffer=1)) == 11
    assert channel_quantity(available, [], QuantityRule()) == 0


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [
        ({"buffer": -1}, "buffer"),
        ({"percentage": Decimal(101)}, "percentage"),
        ({"max_listed": -1}, "max_listed"),
        ({"out_of_stock_below": -1}, "out_of_stock_below"),
    ],
)
def test_invalid_rules_name_the_field(kwargs: dict[str, object], field: str) -> None:
    with pytest.raises(FieldError) as caught:
        QuantityRule(**kwargs)  # type: ignore[arg-type]
    assert caught.value.field == field
