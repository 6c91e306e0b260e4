"""Channel quantity rules (`inventory/channel_rules.py`): what quantity a channel is shown.
Plain values in, plain values out, no database."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

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


@pytest.mark.parametrize(
    ("kwargs", "field", "reason"),
    [
        ({"buffer": -1}, "buffer", "must be >= 0"),
        ({"percentage": Decimal("-0.01")}, "percentage", "must be between 0 and 100"),
        ({"percentage": Decimal("100.01")}, "percentage", "must be between 0 and 100"),
        ({"percentage": Decimal("Infinity")}, "percentage", "must be between 0 and 100"),
        ({"max_listed": -1}, "max_listed", "must be >= 0"),
        ({"out_of_stock_below": -1}, "out_of_stock_below", "must be >= 0"),
    ],
)
def test_an_invalid_rule_says_why(kwargs: dict[str, object], field: str, reason: str) -> None:
    with pytest.raises(FieldError) as caught:
        QuantityRule(**kwargs)  # type: ignore[arg-type]
    assert (caught.value.field, caught.value.reason, caught.value.code) == (
        field,
        reason,
        "invalid",
    )


@pytest.mark.parametrize(
    "kwargs",
    [
        {"buffer": 0},
        {"percentage": Decimal(0)},
        {"percentage": Decimal(100)},
        {"max_listed": 0},
        {"out_of_stock_below": 0},
    ],
)
def test_the_limits_themselves_are_valid(kwargs: dict[str, object]) -> None:
    rule = QuantityRule(**kwargs)  # type: ignore[arg-type]
    assert {name: getattr(rule, name) for name in kwargs} == kwargs


@pytest.mark.parametrize(
    ("available", "rule", "listed"),
    [
        (0, QuantityRule(), 0),
        (12, QuantityRule(buffer=12), 0),  # the buffer takes everything
        (12, QuantityRule(buffer=11), 1),
        (10, QuantityRule(percentage=Decimal(0)), 0),  # a paused channel
        (10, QuantityRule(percentage=Decimal("33.33")), 3),  # 3.333 -> 3
        (7, QuantityRule(percentage=Decimal("99.99")), 6),  # 6.9993 -> 6, never rounded up
        (1, QuantityRule(percentage=Decimal(50)), 0),  # half a unit is no unit
        (50, QuantityRule(percentage=50), 25),  # an int percentage works like a Decimal
        (10, QuantityRule(max_listed=0), 0),
        (10, QuantityRule(max_listed=10), 10),
        (4, QuantityRule(out_of_stock_below=5), 0),
        (5, QuantityRule(out_of_stock_below=5), 5),
        (1_000_000_000, QuantityRule(), 1_000_000_000),
    ],
)
def test_listed_quantity_at_its_edges(available: int, rule: QuantityRule, listed: int) -> None:
    assert listed_quantity(available, rule) == listed


def test_the_threshold_looks_at_the_capped_quantity() -> None:
    # (100 - 0) capped at 3 is 3, below the threshold of 5: the channel shows 0, not 3.
    assert listed_quantity(100, QuantityRule(max_listed=3, out_of_stock_below=5)) == 0


def test_a_buffer_is_taken_before_the_percentage() -> None:
    # (10 - 2) * 50 % = 4; the other order would give 10 * 50 % - 2 = 3.
    assert listed_quantity(10, QuantityRule(buffer=2, percentage=Decimal(50))) == 4


def test_a_location_mapped_twice_counts_once() -> None:
    assert channel_quantity({1: 5, 2: 7}, [1, 1, 2, 2], QuantityRule()) == 12


def test_a_mapped_location_without_stock_counts_zero() -> None:
    assert channel_quantity({1: 5}, [1, 99], QuantityRule()) == 5


def test_an_oversold_location_does_not_eat_another_locations_stock() -> None:
    # Location 2 is 8 under (backorders): the channel still sees location 1's 5 units.
    assert channel_quantity({1: 5, 2: -8}, [1, 2], QuantityRule()) == 5


def test_the_rule_applies_to_the_sum_not_to_each_location() -> None:
    # A buffer of 3 on 2 + 2 leaves 1; taken per location it would leave 0.
    assert channel_quantity({1: 2, 2: 2}, (1, 2), QuantityRule(buffer=3)) == 1
    # 50 % of 3 + 3 is 3; per location it would be 1 + 1.
    assert channel_quantity({1: 3, 2: 3}, {1, 2}, QuantityRule(percentage=Decimal(50))) == 3


@pytest.mark.parametrize("percentage", [Decimal("NaN"), "NaN", "abc", Decimal("Infinity"), 50.5])
def test_a_percentage_that_is_not_a_finite_decimal_is_refused(percentage: Any) -> None:
    with pytest.raises(FieldError) as error:
        QuantityRule(percentage=percentage)
    assert (error.value.field, error.value.reason) == ("percentage", "must be between 0 and 100")


@pytest.mark.parametrize("field", ["buffer", "max_listed", "out_of_stock_below"])
@pytest.mark.parametrize("value", [1.5, True, "3"])
def test_a_count_that_is_not_a_whole_number_is_refused(field: str, value: Any) -> None:
    with pytest.raises(FieldError) as error:
        QuantityRule(**{field: value})
    assert (error.value.field, error.value.reason) == (field, "must be a whole number")
