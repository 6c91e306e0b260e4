"""The limits of stored values (`platform/bounds.py`): every check, its exact message, and its
boundaries at the limit and one past it. Plain values in, no database."""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from typing import Any

import pytest

from stockbridge.platform.bounds import (
    CURRENCY_PLACES,
    TEXT_LONG,
    check_choice,
    check_currency,
    check_id,
    check_money,
    check_quantity,
    check_stock_delta,
    check_tax_rate,
    check_text,
)
from stockbridge.platform.errors import FieldError


def refusal(check: Callable[..., Any], *args: Any, **kwargs: Any) -> tuple[str, str, str]:
    """(field, reason, code) of the FieldError `check(*args, **kwargs)` raises."""
    with pytest.raises(FieldError) as caught:
        check(*args, **kwargs)
    return (caught.value.field, caught.value.reason, caught.value.code)


# check_text


def test_text_up_to_the_limit_is_returned_unchanged() -> None:
    assert check_text("title", "a" * 255) == "a" * 255
    assert check_text("notes", "b" * 65_535, limit=TEXT_LONG) == "b" * 65_535
    assert check_text("title", "") == ""
    assert check_text("title", " Été ☕ ") == " Été ☕ "


def test_text_one_past_the_limit_is_refused_with_its_length() -> None:
    assert refusal(check_text, "title", "a" * 256) == (
        "title",
        "is longer than 255 characters (256)",
        "invalid",
    )
    assert refusal(check_text, "notes", "b" * 65_536, limit=TEXT_LONG) == (
        "notes",
        "is longer than 65535 characters (65536)",
        "invalid",
    )
    assert refusal(check_text, "code", "abcd", limit=3) == (
        "code",
        "is longer than 3 characters (4)",
        "invalid",
    )


def test_the_limit_counts_characters_not_bytes() -> None:
    assert check_text("title", "é" * 255) == "é" * 255


def test_a_nul_character_is_refused_wherever_it_is() -> None:
    reason = "must not contain the NUL character (\\u0000)"
    assert refusal(check_text, "lines[2].title", "Tee\x00") == ("lines[2].title", reason, "invalid")
    assert refusal(check_text, "title", "\x00" * 300) == ("title", reason, "invalid")


def test_text_must_be_a_string() -> None:
    for value in (None, 12, b"bytes", ["a"]):
        assert refusal(check_text, "title", value) == ("title", "must be text", "invalid")


def test_required_text_must_hold_more_than_blanks() -> None:
    assert check_text("title", "x", required=True) == "x"
    for blank in ("", "   ", "\t\n"):
        assert refusal(check_text, "title", blank, required=True) == (
            "title",
            "is required",
            "invalid",
        )


# check_quantity, check_stock_delta, check_id


def test_a_quantity_from_1_to_the_maximum_is_returned() -> None:
    assert check_quantity("lines[0].quantity", 1) == 1
    assert check_quantity("lines[0].quantity", 1_000_000) == 1_000_000


@pytest.mark.parametrize(
    ("value", "reason"),
    [
        (0, "must be at least 1"),
        (-1, "must be at least 1"),
        (1_000_001, "must be at most 1 000 000"),
        (True, "must be a whole number"),
        (1.0, "must be a whole number"),
        ("3", "must be a whole number"),
        (Decimal(3), "must be a whole number"),
        (None, "must be a whole number"),
    ],
)
def test_a_quantity_outside_its_range_is_refused(value: Any, reason: str) -> None:
    assert refusal(check_quantity, "lines[0].quantity", value) == (
        "lines[0].quantity",
        reason,
        "invalid",
    )


def test_a_quantity_range_can_be_narrowed_or_opened() -> None:
    assert check_quantity("reorder_point", 0, minimum=0) == 0
    assert check_quantity("position", 10, maximum=10) == 10
    assert refusal(check_quantity, "position", 11, maximum=10) == (
        "position",
        "must be at most 10",
        "invalid",
    )
    assert refusal(check_quantity, "reorder_point", -1, minimum=0) == (
        "reorder_point",
        "must be at least 0",
        "invalid",
    )


def test_a_stock_delta_goes_either_way_up_to_a_billion() -> None:
    for delta in (-1_000_000_000, -1, 0, 1, 1_000_000_000):
        assert check_stock_delta("delta", delta) == delta


def test_a_stock_delta_past_a_billion_is_refused() -> None:
    assert refusal(check_stock_delta, "delta", 1_000_000_001) == (
        "delta",
        "must be at most 1 000 000 000",
        "invalid",
    )
    assert refusal(check_stock_delta, "delta", -1_000_000_001) == (
        "delta",
        "must be at least -1 000 000 000",
        "invalid",
    )
    assert refusal(check_stock_delta, "delta", False) == (
        "delta",
        "must be a whole number",
        "invalid",
    )


def test_an_id_is_positive_and_fits_64_bits() -> None:
    assert check_id("variant_id", 1) == 1
    assert check_id("variant_id", 2**63 - 1) == 2**63 - 1
    assert refusal(check_id, "variant_id", 0) == ("variant_id", "must be at least 1", "invalid")
    assert refusal(check_id, "variant_id", 2**63) == (
        "variant_id",
        "must be at most 9 223 372 036 854 775 807",
        "invalid",
    )
    assert refusal(check_id, "variant_id", "7") == (
        "variant_id",
        "must be a whole number",
        "invalid",
    )


# check_currency


def test_active_iso_4217_codes_pass() -> None:
    for code in ("USD", "EUR", "JPY", "KWD", "CLF", "XCG", "ZWG"):
        assert check_currency("currency", code) == code


@pytest.mark.parametrize(
    ("value", "reason"),
    [
        ("usd", "'usd' is not an ISO 4217 currency code"),
        ("US", "'US' is not an ISO 4217 currency code"),
        ("USDD", "'USDD' is not an ISO 4217 currency code"),
        (" USD", "' USD' is not an ISO 4217 currency code"),
        ("XXX", "'XXX' is not an ISO 4217 currency code"),  # "no currency" is not a currency
        ("", "'' is not an ISO 4217 currency code"),
        (840, "840 is not an ISO 4217 currency code"),
        (None, "None is not an ISO 4217 currency code"),
    ],
)
def test_anything_else_is_not_a_currency(value: Any, reason: str) -> None:
    assert refusal(check_currency, "currency", value) == ("currency", reason, "invalid")


def test_iso_4217_minor_units() -> None:
    assert (CURRENCY_PLACES["JPY"], CURRENCY_PLACES["KWD"], CURRENCY_PLACES["USD"]) == (0, 3, 2)
    assert (CURRENCY_PLACES["CLF"], CURRENCY_PLACES["BHD"], CURRENCY_PLACES["KRW"]) == (4, 3, 0)


def test_every_currency_code_is_three_capital_letters() -> None:
    assert [code for code in CURRENCY_PLACES if not (len(code) == 3 and code.isupper())] == []


# check_money


@pytest.mark.parametrize(
    ("value", "currency", "expected"),
    [
        ("1500", "JPY", Decimal("1500")),
        ("1500.00", "JPY", Decimal("1500.00")),  # trailing zeros are not places
        ("1.234", "KWD", Decimal("1.234")),
        ("10.5", "USD", Decimal("10.5")),
        ("10.99", "USD", Decimal("10.99")),
        ("1.2345", None, Decimal("1.2345")),  # without a currency: the column's 4 places
        (12, "USD", Decimal(12)),
        (Decimal("0.01"), "USD", Decimal("0.01")),
        ("0", "USD", Decimal(0)),
        ("9999999999.9999", None, Decimal("9999999999.9999")),
        ("9999999999", "JPY", Decimal("9999999999")),
    ],
)
def test_an_amount_in_its_currencys_places_is_returned(
    value: Any, currency: str | None, expected: Decimal
) -> None:
    number = check_money("price", value, currency=currency)
    assert (number, type(number)) == (expected, Decimal)


@pytest.mark.parametrize(
    ("value", "currency", "reason"),
    [
        ("1500.5", "JPY", "has more than 0 decimal places (JPY uses 0)"),
        ("1.2345", "KWD", "has more than 3 decimal places (KWD uses 3)"),
        ("10.005", "USD", "has more than 2 decimal places (USD uses 2)"),
        ("1.23456", None, "has more than 4 decimal places (amounts use 4)"),
        ("1E-5", None, "has more than 4 decimal places (amounts use 4)"),
    ],
)
def test_an_amount_is_never_rounded_silently(value: str, currency: str | None, reason: str) -> None:
    assert refusal(check_money, "lines[2].unit_price", value, currency=currency) == (
        "lines[2].unit_price",
        reason,
        "invalid",
    )


def test_an_amount_past_the_column_is_refused() -> None:
    reason = "must be at most 9999999999.9999"
    assert refusal(check_money, "price", "10000000000") == ("price", reason, "invalid")
    assert refusal(check_money, "price", "9999999999.99991") == ("price", reason, "invalid")
    assert refusal(check_money, "price", "1E+100") == ("price", reason, "invalid")
    assert refusal(check_money, "adjustment", "-10000000000", allow_negative=True) == (
        "adjustment",
        reason,
        "invalid",
    )


def test_negative_amounts_only_where_allowed() -> None:
    assert refusal(check_money, "price", "-0.01") == ("price", "must not be negative", "invalid")
    assert check_money("adjustment", "-9999999999.9999", allow_negative=True) == Decimal(
        "-9999999999.9999"
    )


def test_zero_only_where_allowed() -> None:
    assert check_money("discount", "0.00") == Decimal("0.00")
    for zero in ("0", "0.00", "-0"):
        assert refusal(check_money, "amount", zero, allow_zero=False) == (
            "amount",
            "must be more than 0",
            "invalid",
        )
    assert check_money("amount", "0.01", allow_zero=False) == Decimal("0.01")


@pytest.mark.parametrize(
    ("value", "reason"),
    [
        (10.5, "must be a decimal number written as a string or integer"),
        (True, "must be a decimal number written as a string or integer"),
        ("ten", "must be a decimal number"),
        ("", "must be a decimal number"),
        ("1,5", "must be a decimal number"),
        (None, "must be a decimal number"),
        ("NaN", "must be a finite number"),
        ("Infinity", "must be a finite number"),
        ("-Infinity", "must be a finite number"),
    ],
)
def test_an_amount_must_be_a_finite_decimal(value: Any, reason: str) -> None:
    assert refusal(check_money, "price", value, allow_negative=True) == ("price", reason, "invalid")


# check_tax_rate


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (0, Decimal(0)),
        (1, Decimal(1)),
        ("0.2", Decimal("0.2")),
        ("0.075", Decimal("0.075")),
        ("0.123456", Decimal("0.123456")),
        ("1.000000", Decimal("1.000000")),
        (Decimal("0.19"), Decimal("0.19")),
    ],
)
def test_a_tax_rate_is_a_fraction_from_0_to_1(value: Any, expected: Decimal) -> None:
    assert check_tax_rate("lines[0].tax_rate", value) == expected


@pytest.mark.parametrize("value", ["1.000001", "5", 5, "-0.000001", "20"])
def test_a_rate_outside_0_to_1_is_refused_showing_how_to_write_it(value: Any) -> None:
    assert refusal(check_tax_rate, "lines[0].tax_rate", value) == (
        "lines[0].tax_rate",
        "must be a fraction between 0 and 1 (0.2 is 20 %)",
        "out_of_range",
    )


def test_a_rate_with_more_than_6_places_is_refused() -> None:
    assert refusal(check_tax_rate, "tax_rate", "0.1234567") == (
        "tax_rate",
        "has more than 6 decimal places",
        "invalid",
    )


def test_a_rate_must_be_a_decimal_written_exactly() -> None:
    assert refusal(check_tax_rate, "tax_rate", 0.2) == (
        "tax_rate",
        "must be a decimal number written as a string or integer",
        "invalid",
    )
    assert refusal(check_tax_rate, "tax_rate", "20%") == (
        "tax_rate",
        "must be a decimal number",
        "invalid",
    )
    assert refusal(check_tax_rate, "tax_rate", "Infinity") == (
        "tax_rate",
        "must be a finite number",
        "invalid",
    )


# check_choice


def test_a_choice_is_one_of_the_choices() -> None:
    assert check_choice("status", "open", ("open", "closed")) == "open"
    assert check_choice("status", "closed", ["open", "closed"]) == "closed"


def test_anything_else_is_refused_listing_the_choices() -> None:
    assert refusal(check_choice, "status", "Open", ("open", "closed")) == (
        "status",
        "'Open' is not one of: open, closed",
        "invalid",
    )
    assert refusal(check_choice, "status", None, ("open", "closed")) == (
        "status",
        "None is not one of: open, closed",
        "invalid",
    )
