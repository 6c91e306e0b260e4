"""Order money as pure policy: currency places from ISO 4217, every input bounded, figures
that would overflow the money column refused naming the line. No database."""

from __future__ import annotations

from decimal import Decimal as D

import pytest

from stockbridge.orders import totals
from stockbridge.orders.totals import LineInput, ShippingInput, Tax
from stockbridge.platform.errors import FieldError


def _refusal(call: object) -> tuple[str, str]:
    with pytest.raises(FieldError) as error:
        call()  # type: ignore[operator]
    return error.value.field, error.value.reason


@pytest.mark.parametrize(
    ("currency", "smallest"),
    [("USD", D("0.01")), ("JPY", D("1")), ("KWD", D("0.001")), ("CLF", D("0.0001"))],
)
def test_the_smallest_amount_follows_iso_4217(currency: str, smallest: D) -> None:
    assert totals.exponent(currency) == smallest
    assert totals.money(D("1.23456"), currency) == D("1.23456").quantize(smallest)


def test_rounding_is_half_up_to_the_currency() -> None:
    assert (totals.money(D("0.005"), "USD"), totals.money(D("0.5"), "JPY")) == (D("0.01"), D("1"))


def test_the_largest_line_that_fits_is_computed_exactly() -> None:
    figures = totals.compute([LineInput(1_000_000, D("9999.99"))], [], "USD")
    assert (figures.subtotal, figures.total) == (D("9999990000.00"), D("9999990000.00"))


@pytest.mark.parametrize(
    ("quantity", "reason"),
    [
        (0, "must be at least 1"),
        (-3, "must be at least 1"),
        (1_000_001, "must be at most 1 000 000"),
        (10**12, "must be at most 1 000 000"),
        (True, "must be a whole number"),
    ],
)
def test_quantities_outside_the_bounds_are_refused(quantity: int, reason: str) -> None:
    assert _refusal(lambda: totals.compute([LineInput(quantity, D("1"))], [], "USD")) == (
        "lines[0].quantity",
        reason,
    )


def test_a_line_whose_subtotal_overflows_is_refused_naming_its_quantity() -> None:
    assert _refusal(lambda: totals.compute([LineInput(1_000_000, D("10000"))], [], "USD")) == (
        "lines[0].quantity",
        "1000000 x 10000 (the line subtotal) comes to 10000000000.00, more than the largest "
        "amount 9999999999.9999",
    )


def test_a_tax_that_takes_a_line_over_the_largest_amount_is_refused() -> None:
    line = LineInput(1_000_000, D("9999.99"), taxes=(Tax("VAT", D("0.2")),))
    assert _refusal(lambda: totals.compute([line], [], "USD")) == (
        "lines[0].quantity",
        "the line total comes to 11999988000.00, more than the largest amount 9999999999.9999",
    )


def test_shipping_that_tips_the_order_over_is_named() -> None:
    lines = [LineInput(1_000_000, D("9999.99"))]
    shipping = [ShippingInput(D("9999999.99"))]
    assert _refusal(lambda: totals.compute(lines, shipping, "USD")) == (
        "shipping_lines[0].price",
        "the order subtotal with this line comes to 10009989999.99, more than the largest "
        "amount 9999999999.9999",
    )


@pytest.mark.parametrize(
    ("rate", "reason"),
    [
        (D("5"), "must be a fraction between 0 and 1 (0.2 is 20 %)"),
        (D("-0.1"), "must be a fraction between 0 and 1 (0.2 is 20 %)"),
        (D("0.1234567"), "has more than 6 decimal places"),
        (D("NaN"), "must be a finite number"),
    ],
)
def test_tax_rates_are_fractions_between_0_and_1(rate: D, reason: str) -> None:
    line = LineInput(1, D("10"), taxes=(Tax("VAT", rate),))
    assert _refusal(lambda: totals.compute([line], [], "EUR")) == ("lines[0].taxes[0].rate", reason)


def test_a_rate_of_exactly_1_is_100_percent() -> None:
    figures = totals.compute([LineInput(1, D("10"), taxes=(Tax("All", D("1")),))], [], "EUR")
    assert figures.total == D("20.00")


def test_stated_amounts_with_more_places_than_the_currency_are_refused() -> None:
    tax = LineInput(1, D("10"), taxes=(Tax("GST", amount=D("0.015")),))
    assert _refusal(lambda: totals.compute([tax], [], "AUD")) == (
        "lines[0].taxes[0].amount",
        "has more than 2 decimal places (AUD uses 2)",
    )
    assert _refusal(lambda: totals.compute([], [ShippingInput(D("4.5"))], "JPY")) == (
        "shipping_lines[0].price",
        "has more than 0 decimal places (JPY uses 0)",
    )
    assert _refusal(
        lambda: totals.settle_total(
            computed=D("10.00"), stated=D("10.001"), policy="reject", currency="USD"
        )
    ) == ("total", "has more than 2 decimal places (USD uses 2)")


def test_a_unit_price_may_carry_more_places_than_the_currency_up_to_the_column() -> None:
    figures = totals.compute([LineInput(8, D("0.125"))], [], "USD")
    assert figures.total == D("1.00")
    assert _refusal(lambda: totals.compute([LineInput(1, D("0.00001"))], [], "USD")) == (
        "lines[0].unit_price",
        "has more than 4 decimal places (amounts use 4)",
    )


def test_a_negative_or_infinite_amount_is_refused() -> None:
    assert _refusal(lambda: totals.compute([], [ShippingInput(D("-1"))], "USD")) == (
        "shipping_lines[0].price",
        "must not be negative",
    )
    assert _refusal(lambda: totals.compute([LineInput(1, D("Infinity"))], [], "USD")) == (
        "lines[0].unit_price",
        "must be a finite number",
    )


def test_a_whole_line_share_is_its_total_and_no_units_share_nothing() -> None:
    whole = totals.share(
        total=D("10.00"), quantity=3, units=3, already=D("0"), already_units=0, currency="USD"
    )
    none = totals.share(
        total=D("10.00"), quantity=3, units=0, already=D("0"), already_units=0, currency="USD"
    )
    assert (whole, none) == (D("10.00"), D("0.00"))
