"""The base of every request body, and the bounded types of values a request may carry.

A typo such as `shipping_adress` must answer an error naming the field, never store an order
without an address: every `...In` / `...Patch` schema derives from `StrictIn`, which refuses
fields it does not declare and any text holding a NUL character (which PostgreSQL cannot store),
anywhere in the body, naming the path.

The types below declare the limits of `platform/bounds.py` in the OpenAPI document and check
them before a service runs, so a number too large for its column never reaches the database.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime
from decimal import Decimal
from typing import TYPE_CHECKING, Annotated, Any, cast

from ninja import Schema
from pydantic import (
    AfterValidator,
    BeforeValidator,
    ConfigDict,
    Field,
    GetCoreSchemaHandler,
    ModelWrapValidatorHandler,
    Strict,
    ValidationError,
    WithJsonSchema,
    model_validator,
)
from pydantic_core import InitErrorDetails, PydanticCustomError, core_schema

from stockbridge.platform.bounds import (
    CURRENCY_PLACES,
    MAX_ID,
    MAX_INT32,
    MAX_QUANTITY,
    MAX_STOCK,
    MONEY_MAX,
    MONEY_PLACES,
    TAX_RATE_PLACES,
    TEXT_LONG,
    TEXT_SHORT,
)

NO_NUL = "^[^\\x00]*$"
# The characters Python's `str.strip()` removes (`str.isspace()`), spelled out: the services
# test "blank" with `strip()`, and `\\s` of JSON Schema (ECMA-262) is not the same set.
SPACES = "\\t-\\r\\x1c-\\x20\\x85\\xa0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000"
# Declared for text a service requires to hold something other than spaces (and no NUL).
NON_BLANK = f"^[^\\x00]*[^{SPACES}\\x00][^\\x00]*$"
NUL_REASON = "must not contain the NUL character (\\u0000)"


def _nul_paths(value: Any, path: str) -> list[str]:
    """The paths of every text holding a NUL inside `value` (keys included)."""
    if isinstance(value, str):
        return [path] if "\x00" in value else []
    found: list[str] = []
    if isinstance(value, dict):
        for key, item in value.items():
            where = f"{path}.{key}" if path else str(key)
            if isinstance(key, str) and "\x00" in key:
                found.append(where)
            else:
                found += _nul_paths(item, where)
    if isinstance(value, list):
        for i, item in enumerate(value):
            found += _nul_paths(item, f"{path}[{i}]")
    return found


class StrictIn(Schema):
    """A request body that refuses fields it does not declare, and NUL in any text."""

    # strict: a JSON string is not a number, nor 1 a boolean; dates and amounts have their
    # own parsers below.
    model_config = ConfigDict(extra="forbid", strict=True)

    @model_validator(mode="wrap")
    @classmethod
    def _refuse_nul(cls, data: Any, handler: ModelWrapValidatorHandler[Any]) -> Any:
        """Every text holding NUL is named (keys included, at any depth), with the body's
        other problems: a NUL in one field does not hide a text too long in another."""
        paths = _nul_paths(data, "") if isinstance(data, dict) else []
        if not paths:
            return handler(data)
        details: list[InitErrorDetails] = [
            {
                "type": PydanticCustomError("nul_character", NUL_REASON, {"where": where}),
                "loc": (),
                "input": "",
            }
            for where in paths
        ]
        try:
            handler(data)
        except ValidationError as exc:  # the rest, less the NULs already named above
            details += [
                cast(InitErrorDetails, error)
                for error in exc.errors(include_url=False)
                if error["type"] != "nul_character" and NUL_REASON not in error["msg"]
            ]
        raise ValidationError.from_exception_data(cls.__name__, details)


def _no_nul(value: str) -> str:
    if "\x00" in value:
        raise ValueError(NUL_REASON)
    return value


def _text(limit: int) -> Any:
    return Annotated[
        str,
        Field(max_length=limit, json_schema_extra={"pattern": NO_NUL}),
        AfterValidator(_no_nul),
    ]


def non_blank(limit: int) -> Any:
    """Text of at most `limit` characters that holds something other than spaces (a name)."""
    return Annotated[
        str,
        Field(min_length=1, max_length=limit, pattern=NON_BLANK),
        AfterValidator(_no_nul),
    ]


def text(limit: int) -> Any:
    """Text of at most `limit` characters (a column's), never holding NUL."""
    return _text(limit)


if TYPE_CHECKING:  # to mypy every text type is `str`; pydantic sees the bounds below
    type Text = str
    type LongText = str
    type Text32 = str
    type Text64 = str
    type Text120 = str
    type Text254 = str
    type Text1024 = str
    type NonBlank = str
    type JsonObject = dict[str, Any]
else:
    # Text: at most TEXT_SHORT characters (a CharField), or the limit of its column; never NUL.
    Text = _text(TEXT_SHORT)
    LongText = _text(TEXT_LONG)
    Text32 = _text(32)
    Text64 = _text(64)
    Text120 = _text(120)
    Text254 = _text(254)
    Text1024 = _text(1024)
    # Text that must hold something other than spaces (a name, a title).
    NonBlank = non_blank(TEXT_SHORT)
    # Free-form JSON (custom fields): keys are short texts; NUL is refused by StrictIn.
    JsonObject = dict[Annotated[str, Field(max_length=TEXT_SHORT)], Any]


def _integral(value: Any) -> Any:
    """JSON has one number type: 280.0 is the integer 280 (JSON Schema agrees)."""
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value


def _not_zero(value: int) -> int:
    if value == 0:
        raise ValueError("must not be 0")
    return value


_INTEGRAL = BeforeValidator(_integral)

# Whole numbers inside the columns that hold them.
Id = Annotated[int, Field(ge=1, le=MAX_ID), _INTEGRAL]
Quantity = Annotated[int, Field(ge=1, le=MAX_QUANTITY), _INTEGRAL]
QuantityOrZero = Annotated[int, Field(ge=0, le=MAX_QUANTITY), _INTEGRAL]
StockCount = Annotated[int, Field(ge=0, le=MAX_STOCK), _INTEGRAL]
StockThreshold = Annotated[int, Field(ge=-MAX_STOCK, le=MAX_STOCK), _INTEGRAL]
Priority = Annotated[int, Field(ge=0, le=MAX_INT32), _INTEGRAL]
Position = Annotated[int, Field(ge=1, le=MAX_INT32), _INTEGRAL]
Days = Annotated[int, Field(ge=0, le=MAX_INT32), _INTEGRAL]

# For a whole number bounded elsewhere: `Annotated[int, Field(ge=.., le=..), WHOLE]` (an
# integral JSON number such as 3.0 counts, as everywhere in this API).
WHOLE = _INTEGRAL
# A change of stock: never 0, never beyond +-MAX_STOCK.
NonZeroStockDelta = Annotated[
    int,
    Field(ge=-MAX_STOCK, le=MAX_STOCK, json_schema_extra={"not": {"const": 0}}),
    _INTEGRAL,
    AfterValidator(_not_zero),
]

_INTEGER_PART = len(str(int(MONEY_MAX)))
MONEY_PATTERN = rf"^-?[0-9]{{1,{_INTEGER_PART}}}(\.[0-9]{{1,{MONEY_PLACES}}})?$"
_MONEY = re.compile(MONEY_PATTERN)


def _decimal_input(*, allow_negative: bool) -> Any:
    """A validator turning a JSON string or integer into a Decimal that fits the money column."""

    def parse(value: Any) -> Decimal:
        if isinstance(value, Decimal):
            value = str(value)
        if isinstance(value, float) and value.is_integer() and abs(value) <= MONEY_MAX:
            value = int(value)  # 10.0 is the integer 10 in JSON
        if isinstance(value, bool) or not isinstance(value, (str, int)):
            raise ValueError('must be a decimal number written as a string ("10.50") or integer')
        text = str(value)
        if not _MONEY.match(text):
            raise ValueError(
                f"must be a decimal number with at most {_INTEGER_PART} digits before the point "
                f"and {MONEY_PLACES} after it"
            )
        number = Decimal(text)
        if number < 0 and not allow_negative:
            raise ValueError("must not be negative")
        return number

    return BeforeValidator(parse)


def _money_schema(*, allow_negative: bool) -> WithJsonSchema:
    pattern = MONEY_PATTERN if allow_negative else MONEY_PATTERN.replace("^-?", "^", 1)
    limit = int(MONEY_MAX)
    return WithJsonSchema(
        {
            "anyOf": [
                {"type": "string", "pattern": pattern},
                {"type": "integer", "minimum": -limit if allow_negative else 0, "maximum": limit},
            ],
            "description": f"A decimal amount as a string (at most {MONEY_PLACES} places) "
            "or an integer; the currency's places apply.",
        }
    )


# Money: a decimal string such as "10.50" (or an integer), never a float, within the column.
Money = Annotated[
    Decimal, _decimal_input(allow_negative=False), _money_schema(allow_negative=False)
]
SignedMoney = Annotated[
    Decimal, _decimal_input(allow_negative=True), _money_schema(allow_negative=True)
]


MEASURE_PLACES = 4
MEASURE_DIGITS = 8  # weight and dimensions: below 10^8, at most 4 places (12 digits stored)
MEASURE_PATTERN = rf"^[0-9]{{1,{MEASURE_DIGITS}}}(\.[0-9]{{1,{MEASURE_PLACES}}})?$"
_MEASURE = re.compile(MEASURE_PATTERN)


def _measure(value: Any) -> Decimal:
    if isinstance(value, Decimal):
        value = str(value)
    value = _integral(value)
    if isinstance(value, bool) or not isinstance(value, (str, int)):
        raise ValueError('must be a decimal number written as a string ("1.25") or integer')
    if not _MEASURE.match(str(value)):
        raise ValueError(
            f"must be a number that is not negative, below 10^{MEASURE_DIGITS}, with at most "
            f"{MEASURE_PLACES} decimal places"
        )
    return Decimal(str(value))


# A weight or a dimension: not negative, below 10^8, at most 4 decimal places.
Measure = Annotated[
    Decimal,
    BeforeValidator(_measure),
    WithJsonSchema(
        {
            "anyOf": [
                {"type": "string", "pattern": MEASURE_PATTERN},
                {"type": "integer", "minimum": 0, "maximum": 10**MEASURE_DIGITS - 1},
            ],
            "description": f"A decimal as a string (at most {MEASURE_PLACES} places) or an "
            "integer, not negative, below 10^8.",
        }
    ),
]


@dataclass(frozen=True)
class OneOf:
    """`Annotated[str, OneOf(values)]`: one of `values`; the error and the OpenAPI list them."""

    values: tuple[str, ...]

    def __get_pydantic_core_schema__(self, source: Any, handler: GetCoreSchemaHandler) -> Any:
        return core_schema.literal_schema(list(self.values))


def choices(values: Iterable[Any]) -> OneOf:
    """A `OneOf` of the string values of `values` (a TextChoices class or any iterable)."""
    return OneOf(tuple(str(getattr(v, "value", v)) for v in values))


# An active ISO 4217 currency code, upper case.
Currency = Annotated[str, OneOf(tuple(sorted(CURRENCY_PLACES)))]


TAX_RATE_PATTERN = rf"^(0(\.[0-9]{{1,{TAX_RATE_PLACES}}})?|1(\.0{{1,{TAX_RATE_PLACES}}})?)$"
_TAX_RATE = re.compile(TAX_RATE_PATTERN)


def _tax_rate(value: Any) -> Decimal:
    if isinstance(value, Decimal):
        value = str(value)
    value = _integral(value)
    if isinstance(value, bool) or not isinstance(value, (str, int)):
        raise ValueError('must be a fraction written as a string ("0.2" is 20 %)')
    if not _TAX_RATE.match(str(value)):
        raise ValueError(
            f"must be a fraction between 0 and 1 with at most {TAX_RATE_PLACES} decimal places "
            '("0.2" is 20 %)'
        )
    return Decimal(str(value))


# A tax rate as a fraction in [0, 1]: "0.2" is 20 %.
TaxRate = Annotated[
    Decimal,
    BeforeValidator(_tax_rate),
    WithJsonSchema(
        {
            "anyOf": [
                {"type": "string", "pattern": TAX_RATE_PATTERN},
                {"type": "integer", "minimum": 0, "maximum": 1},
            ],
            "description": 'A fraction between 0 and 1 as a string: "0.2" is 20 %.',
        }
    ),
]


def documented(values: Iterable[Any]) -> WithJsonSchema:
    """Declares the choices in the OpenAPI without checking them: for a field whose service
    checks the choice itself, so that every problem of a request is reported at once."""
    return WithJsonSchema({"type": "string", "enum": [str(getattr(v, "value", v)) for v in values]})


_DATE_TIME = re.compile(
    r"^[0-9]{4}-[0-9]{2}-[0-9]{2}[Tt ][0-9]{2}:[0-9]{2}(:[0-9]{2}(\.[0-9]{1,9})?)?"
    r"([Zz]|[+-][0-9]{2}:?[0-9]{2})?$"
)
_DATE = re.compile(r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$")


def _iso_date_time(value: Any) -> Any:
    if isinstance(value, datetime) or (isinstance(value, str) and _DATE_TIME.match(value)):
        return value
    raise ValueError("must be an ISO 8601 date-time such as 2026-01-31T09:00:00Z")


def _utc(value: datetime) -> datetime:
    """An aware date-time as UTC (PostgreSQL refuses offsets beyond 15:59); naive stays naive."""
    if value.tzinfo is None:
        return value
    try:
        return value.astimezone(UTC)
    except OverflowError:
        raise ValueError("is out of range once converted to UTC") from None


def _iso_date(value: Any) -> Any:
    if isinstance(value, date) or (isinstance(value, str) and _DATE.match(value)):
        return value
    raise ValueError("must be an ISO 8601 date such as 2026-01-31")


# Dates and date-times written as ISO 8601 text (never a number of seconds).
DateTime = Annotated[datetime, Strict(False), BeforeValidator(_iso_date_time), AfterValidator(_utc)]
Date = Annotated[date, Strict(False), BeforeValidator(_iso_date)]


def either(*pairs: tuple[str, str]) -> Callable[[dict[str, Any]], None]:
    """A `json_schema_extra` declaring that each pair (`sku`, `variant_id`) needs one of its
    two fields: the text one not empty, or the id one given."""

    def extra(schema: dict[str, Any]) -> None:
        schema["allOf"] = [
            {
                "anyOf": [
                    {"required": [text], "properties": {text: {"type": "string", "minLength": 1}}},
                    {"required": [ident], "properties": {ident: {"type": "integer"}}},
                ]
            }
            for text, ident in pairs
        ]

    return extra
