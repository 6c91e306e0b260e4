"""The limits every stored value respects, in one place, and pure checks that apply them.

Every layer that accepts input (API schemas, services, imports, the CLI) checks a value with
these functions *before* anything is written, so a value that is stored can always be read
back: quantities fit the integer columns on SQLite and PostgreSQL and their sums stay exact,
money fits its Decimal column in the currency's places, text carries no NUL character (which
PostgreSQL refuses) and fits its column. Each check raises `FieldError` naming the field.
"""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

from .errors import FieldError

# Quantities (units of one variant). A 32-bit signed column holds 2,147,483,647; the cap leaves
# room so the sum of many lines or movements is still far inside 64 bits and inside the
# PostgreSQL `integer` columns that hold per-row figures.
MAX_QUANTITY = 1_000_000
# A single stock movement or the on-hand of one level never leaves this range.
MAX_STOCK = 1_000_000_000
# Database ids: BigAutoField, positive and inside signed 64 bits.
MAX_ID = 2**63 - 1
# A 32-bit integer column (positions, priorities, small counters).
MAX_INT32 = 2**31 - 1

# Money: 14 digits with 4 decimal places in the database (`max_digits=14, decimal_places=4`).
MONEY_MAX = Decimal("9999999999.9999")
MONEY_PLACES = 4

# Tax rates are fractions: 0.2 is 20 %. Above 1 (100 %) is refused, so "5" (500 %) is caught.
TAX_RATE_MAX = Decimal(1)
TAX_RATE_PLACES = 6

TEXT_SHORT = 255
TEXT_LONG = 65_535



def _codes(text: str) -> list[str]:
    return text.split()


# ISO 4217 active codes (2026), with the number of minor-unit places each one uses.
CURRENCY_PLACES: dict[str, int] = {
    **dict.fromkeys(
        _codes(
            "AED AFN ALL AMD ANG AOA ARS AUD AWG AZN BAM BBD BDT BGN BMD BND BOB BRL BSD BTN BWP "
            "BYN BZD CAD CDF CHF CNY COP CRC CUP CVE CZK DKK DOP DZD EGP ERN ETB EUR FJD FKP GBP "
            "GEL GHS GIP GMD GTQ GYD HKD HNL HTG HUF IDR ILS INR IRR JMD KES KGS KHR KPW KYD "
            "KZT LAK LBP LKR LRD LSL MAD MDL MGA MKD MMK MNT MOP MRU MUR MVR MWK MXN MYR MZN NAD "
            "NGN NIO NOK NPR NZD PAB PEN PGK PHP PKR PLN QAR RON RSD RUB SAR SBD SCR SDG SEK SGD "
            "SHP SLE SOS SRD SSP STN SVC SYP SZL THB TJS TMT TOP TRY TTD TWD TZS UAH USD UYU UZS "
            "VES WST XCD XCG YER ZAR ZMW ZWG"
        ),
        2,
    ),
    **dict.fromkeys(
        _codes("BIF CLP DJF GNF ISK JPY KMF KRW PYG RWF UGX UYI VND VUV XAF XOF XPF"), 0
    ),
    **dict.fromkeys(_codes("BHD IQD JOD KWD LYD OMR TND"), 3),
    "CLF": 4,
    "UYW": 4,
}


def check_text(field: str, value: str, *, limit: int = TEXT_SHORT, required: bool = False) -> str:
    """`value` if it fits `limit` characters and holds no NUL; raises naming `field`."""
    if not isinstance(value, str):
        raise FieldError(field, "must be text")
    if "\x00" in value:
        raise FieldError(field, "must not contain the NUL character (\\u0000)")
    if len(value) > limit:
        raise FieldError(field, f"is longer than {limit} characters ({len(value)})")
    if required and not value.strip():
        raise FieldError(field, "is required")
    return value


def check_quantity(field: str, value: int, *, minimum: int = 1, maximum: int = MAX_QUANTITY) -> int:
    """A whole number of units in [minimum, maximum]."""
    if isinstance(value, bool) or not isinstance(value, int):
        raise FieldError(field, "must be a whole number")
    if value < minimum:
        raise FieldError(field, f"must be at least {minimum}")
    if value > maximum:
        raise FieldError(field, f"must be at most {maximum:,}".replace(",", " "))
    return value


def check_stock_delta(field: str, value: int) -> int:
    """A signed change of stock, never beyond +-MAX_STOCK."""
    return check_quantity(field, value, minimum=-MAX_STOCK, maximum=MAX_STOCK)


def check_id(field: str, value: int) -> int:
    """A database id: a positive whole number that fits the id column."""
    return check_quantity(field, value, minimum=1, maximum=MAX_ID)


def check_currency(field: str, value: str) -> str:
    """An active ISO 4217 code, upper case."""
    if not isinstance(value, str) or value not in CURRENCY_PLACES:
        raise FieldError(field, f"{value!r} is not an ISO 4217 currency code", code="invalid")
    return value


def _decimal(field: str, value: Decimal | str | int) -> Decimal:
    if isinstance(value, (bool, float)):
        raise FieldError(field, "must be a decimal number written as a string or integer")
    try:
        number = Decimal(value)
    except (InvalidOperation, TypeError, ValueError):
        raise FieldError(field, "must be a decimal number") from None
    if not number.is_finite():
        raise FieldError(field, "must be a finite number")
    return number


def _places(number: Decimal) -> int:
    exponent = number.as_tuple().exponent
    return -exponent if isinstance(exponent, int) and exponent < 0 else 0


def check_money(
    field: str,
    value: Decimal | str | int,
    *,
    currency: str | None = None,
    allow_negative: bool = False,
    allow_zero: bool = True,
) -> Decimal:
    """An amount that fits the money column; with `currency`, in at most its minor-unit places.

    Amounts are never rounded silently: 10.005 in a 2-place currency is refused, naming the field.
    """
    number = _decimal(field, value)
    if number < 0 and not allow_negative:
        raise FieldError(field, "must not be negative")
    if number == 0 and not allow_zero:
        raise FieldError(field, "must be more than 0")
    if abs(number) > MONEY_MAX:
        raise FieldError(field, f"must be at most {MONEY_MAX}")
    places = CURRENCY_PLACES.get(currency, MONEY_PLACES) if currency else MONEY_PLACES
    if _places(number.normalize()) > places:
        unit = f"{currency} uses" if currency else "amounts use"
        raise FieldError(field, f"has more than {places} decimal places ({unit} {places})")
    return number


def check_tax_rate(field: str, value: Decimal | str | int) -> Decimal:
    """A tax rate as a fraction in [0, 1]: 0.2 is 20 %."""
    number = _decimal(field, value)
    if number < 0 or number > TAX_RATE_MAX:
        raise FieldError(
            field, "must be a fraction between 0 and 1 (0.2 is 20 %)", code="out_of_range"
        )
    if _places(number.normalize()) > TAX_RATE_PLACES:
        raise FieldError(field, f"has more than {TAX_RATE_PLACES} decimal places")
    return number


def check_choice(field: str, value: str, choices: tuple[str, ...] | list[str]) -> str:
    """One of `choices`; the error lists them."""
    if value not in choices:
        raise FieldError(field, f"{value!r} is not one of: {', '.join(choices)}")
    return value
