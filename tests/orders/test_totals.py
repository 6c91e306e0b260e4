"""Order money, computed without a database."""

from __future__ import annotations

from decimal import Decimal as D

import pytest

from stockbridge.orders import totals
from stockbridge.orders.errors import TotalsMismatch
from stockbridge.orders.totals import LineInput, ShippingInput, Tax
from stockbridge.platform.errors import FieldError


def test_an_order_total_is_lines_minus_discounts_plus_shipping_plus_taxes() -> None:
    figures = totals.compute(
        [
            LineInput(2, D("19.99"), discounts=(D("5.00"),), taxes=(Tax("VAT", D("0.20")),)),
            LineInput(1, D("10.00")),
        ],
        [ShippingInput(D("4.95"), taxes=(Tax("VAT", D("0.20")),))],
        "EUR",
    )

    assert figures.lines[0].subtotal == D("39.98")
    assert figures.lines[0].discount == D("5.00")
    assert figures.lines[0].tax == D("7.00")  # 20% of 34.98 = 6.996
    assert figures.lines[0].total == D("41.98")
    assert figures.subtotal == D("49.98")
    assert figures.discount_total == D("5.00")
    assert figures.shipping_total == D("4.95")
    assert figures.tax_total == D("7.99")  # 7.00 + 0.99
    assert figures.total == D("57.92")


def test_a_stated_tax_amount_is_kept_as_stated() -> None:
    figures = totals.compute(
        [LineInput(3, D("1.00"), taxes=(Tax("GST", amount=D("0.31")),))], [], "AUD"
    )
    assert figures.total == D("3.31")


def test_currencies_without_minor_units_round_to_whole_units() -> None:
    figures = totals.compute([LineInput(3, D("333.5"), taxes=(Tax("JCT", D("0.1")),))], [], "JPY")
    assert (figures.subtotal, figures.tax_total, figures.total) == (D("1001"), D("100"), D("1101"))


def test_a_discount_larger_than_the_line_is_refused_naming_the_line() -> None:
    with pytest.raises(FieldError) as error:
        totals.compute([LineInput(1, D("1")), LineInput(1, D("5"), discounts=(D("6"),))], [], "USD")
    assert error.value.field == "lines[1].discounts"


def test_a_negative_price_is_refused() -> None:
    with pytest.raises(FieldError) as error:
        totals.compute([LineInput(1, D("-1"))], [], "USD")
    assert error.value.field == "lines[0].unit_price"


def test_a_matching_stated_total_is_accepted() -> None:
    verdict = totals.settle_total(
        computed=D("10.00"), stated=D("10.0"), policy="reject", currency="USD"
    )
    assert verdict == totals.Verdict(D("10.00"), "")


def test_a_mismatching_stated_total_is_rejected_by_the_reject_policy() -> None:
    with pytest.raises(TotalsMismatch) as error:
        totals.settle_total(computed=D("10.00"), stated=D("10.01"), policy="reject", currency="USD")
    assert (error.value.field, error.value.stated, error.value.computed) == (
        "total",
        D("10.01"),
        D("10.00"),
    )


def test_the_flag_policy_keeps_the_computed_total_and_says_why() -> None:
    verdict = totals.settle_total(
        computed=D("10.00"), stated=D("9.50"), policy="flag", currency="USD"
    )
    assert verdict.total == D("10.00")
    assert verdict.flag == "channel total 9.50 differs from computed 10.00 by -0.50"


def test_totals_from_channel_keep_the_channel_total_and_still_flag_it() -> None:
    verdict = totals.settle_total(
        computed=D("10.00"), stated=D("9.50"), policy="channel", currency="USD"
    )
    assert verdict.total == D("9.50")
    assert verdict.flag == "channel total 9.50 differs from computed 10.00 by -0.50"


def test_shares_of_a_line_always_add_up_to_its_total() -> None:
    first = totals.share(
        total=D("10.00"), quantity=3, units=1, already=D("0"), already_units=0, currency="USD"
    )
    second = totals.share(
        total=D("10.00"), quantity=3, units=1, already=first, already_units=1, currency="USD"
    )
    last = totals.share(
        total=D("10.00"),
        quantity=3,
        units=1,
        already=first + second,
        already_units=2,
        currency="USD",
    )
    assert (first, second, last) == (D("3.33"), D("3.33"), D("3.34"))
