"""Metafield value checks by type, worded as Shopify words them (the common types)."""

from __future__ import annotations

import json
import re
from decimal import Decimal, InvalidOperation
from typing import Any

from stockbridge_sandboxes.shopify.resolvers.metafield_definitions import MEASUREMENTS

MAX_LIST = 128
URL_SCHEMES = ("http", "https", "mailto", "sms", "tel")
INTEGER_LIMIT = 9007199254740991


TRUE = ("t", "true", "1")
FALSE = ("f", "false", "0")


def _integer(value: str) -> str | None:
    if not re.fullmatch(r"-?\d+(\.0+)?", value.strip()):
        return "Value must be an integer."
    if abs(int(Decimal(value.strip()))) > INTEGER_LIMIT:
        return f"Value must be within +/-{INTEGER_LIMIT}."
    return None


DECIMAL_LIMIT = Decimal("9999999999999")


def _decimal(value: str) -> str | None:
    try:
        number = Decimal(value)
    except InvalidOperation:
        return "Value must be a decimal."
    if number > DECIMAL_LIMIT:
        return f"Value can't exceed {DECIMAL_LIMIT}."
    if number < -DECIMAL_LIMIT:
        return f"Value can't be less than -{DECIMAL_LIMIT}."
    return None


# Units Shopify accepts for the checked measurement types: short names and the full names it
# stores (upper case), e.g. "cm" is kept as "CENTIMETERS".
SHORT_UNITS = {
    "in": "inches", "ft": "feet", "yd": "yards", "mm": "millimeters", "cm": "centimeters",
    "m": "meters", "oz": "ounces", "lb": "pounds", "g": "grams", "kg": "kilograms",
    "ml": "milliliters", "cl": "centiliters", "l": "liters", "m3": "cubic_meters",
    "us_fl_oz": "fluid_ounces", "us_pt": "pints", "us_qt": "quarts", "us_gal": "gallons",
    "imp_fl_oz": "imperial_fluid_ounces", "imp_pt": "imperial_pints",
    "imp_qt": "imperial_quarts", "imp_gal": "imperial_gallons",
}  # fmt: skip
UNITS = {
    "dimension": {"in", "ft", "yd", "mm", "cm", "m"},
    "weight": {"oz", "lb", "g", "kg"},
    "volume": {
        "ml", "cl", "l", "m3", "us_fl_oz", "us_pt", "us_qt", "us_gal",
        "imp_fl_oz", "imp_pt", "imp_qt", "imp_gal",
    },
}  # fmt: skip
for _kind, _short in UNITS.items():
    _short |= {SHORT_UNITS[u] for u in list(_short)}


def _measurement(kind: str) -> Any:
    def check(value: str) -> str | None:
        try:
            data = json.loads(value)
        except ValueError:
            data = None
        if not isinstance(data, dict):
            return "Value must be a stringified JSON object with value and unit fields."
        amount = data.get("value")
        if isinstance(amount, bool) or not isinstance(amount, int | float) or amount < 0:
            return "Value must be a non-negative number."
        if str(data.get("unit") or "").lower() not in UNITS[kind]:
            return "Value must be a supported unit."
        return None

    return check


def _rating(value: str) -> str | None:
    try:
        data = json.loads(value)
        number = Decimal(str(data["value"]))
        low, high = Decimal(str(data["scale_min"])), Decimal(str(data["scale_max"]))
    except (ValueError, KeyError, TypeError, InvalidOperation):
        return "Value must be a stringified JSON object with value, scale_min and scale_max."
    if number > high:
        return f"Value has a maximum of {data['scale_max']}."
    if number < low:
        return f"Value has a minimum of {data['scale_min']}."
    return None


def _link(value: str) -> str | None:
    try:
        data = json.loads(value)
    except ValueError:
        data = None
    url = data.get("url") if isinstance(data, dict) else None
    if not isinstance(url, str) or _url(url) is not None:
        return "Value must be a valid link."
    return None


# Reference types and the object types their gids must name.
REFERENCES = {
    "product_reference": ("Product",),
    "variant_reference": ("ProductVariant",),
    "collection_reference": ("Collection",),
    "customer_reference": ("Customer",),
    "order_reference": ("Order",),
    "file_reference": ("MediaImage", "GenericFile", "Video"),
}


def reference_problem(store: Any, type_name: str, value: str) -> str | None:
    """A reference value must name an existing object of the referenced type."""
    kinds = REFERENCES.get(type_name)
    if kinds is None:
        return None
    found = store.get(value) if store is not None else None
    if found is None or not any(value.startswith(f"gid://shopify/{k}/") for k in kinds):
        return f"Value references non-existent resource {value}."
    return None


def _url(value: str) -> str | None:
    if "://" not in value and ":" not in value:
        return (
            "Value cannot have an empty scheme (protocol), must include one of the following "
            'URL schemes: ["http", "https", "mailto", "sms", "tel"].\''
        )
    scheme = value.split(":", 1)[0].lower()
    if scheme not in URL_SCHEMES:
        return "Value must be one of the following URL schemes: http, https, mailto, sms, tel."
    return None


def _money(value: str) -> str | None:
    try:
        data = json.loads(value)
    except ValueError:
        data = None
    if not isinstance(data, dict):
        return (
            "Value must be a stringified JSON object with amount (numeric) and currency_code "
            "(string matching the shop's currency) fields."
        )
    if "currency_code" not in data or "amount" not in data:
        return (
            "Value must be a stringified JSON object with amount (numeric) and currency_code "
            "(string matching the shop's currency) fields."
        )
    if not data.get("currency_code"):
        return "Value must have a currency code."
    try:
        amount = Decimal(str(data.get("amount")))
    except InvalidOperation:
        return "Value must have a numeric amount."
    if abs(amount) > Decimal("1e18"):
        return "Value must be within +/-1000000000000000000."
    if not _known_currency(str(data["currency_code"])):
        return f"Value contains an invalid currency, {data['currency_code']}."
    return None


def _known_currency(code: str) -> bool:
    from stockbridge_sandboxes.shopify.graph import schema

    enum = schema().get_type("CurrencyCode")
    return code in getattr(enum, "values", {})


def _json(value: str) -> str | None:
    try:
        json.loads(value)
    except json.JSONDecodeError as exc:
        return f"Value is invalid JSON: {exc.msg.lower()}."
    return None


SCALAR_CHECKS = {
    "integer": _integer,
    "number_integer": _integer,
    "number_decimal": _decimal,
    "boolean": lambda v: (
        None if v.strip().lower() in TRUE + FALSE else "Value must be true or false."
    ),
    "color": lambda v: (
        None if re.fullmatch(r"#[0-9A-Fa-f]{6}", v) else "Value must be a hex color code."
    ),
    "date": lambda v: (
        None if re.fullmatch(r"\d{4}-\d{2}-\d{2}", v) else "Value must be in YYYY-MM-DD format."
    ),
    "date_time": lambda v: (
        None
        if re.fullmatch(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2})?.*", v)
        else "Value must be in \u201cYYYY-MM-DDTHH:MM:SS\u201d format. For example: "
        "2022-06-01T15:30:00"
    ),
    "single_line_text_field": lambda v: (
        None if "\n" not in v else "Value must be a single line text string."
    ),
    "url": _url,
    "money": _money,
    "json": _json,
    **{kind: _measurement(kind) for kind in UNITS},
    "rating": _rating,
    "link": _link,
}


def value_problem(type_name: str, value: str, store: Any = None) -> tuple[str, int | None] | None:
    """(message, element index) for a value its type refuses, or None (references are checked
    against `store` when given)."""
    if not value.strip() and (value or type_name != "multi_line_text_field"):
        return "Value can't be blank.", None
    if type_name.startswith("list."):
        try:
            items = json.loads(value)
        except ValueError:
            return "Value is invalid JSON.", None
        if not isinstance(items, list):
            return "Value must be an array.", None
        if len(items) > MAX_LIST:
            return f"Value has more than {MAX_LIST} elements.", None
        check = SCALAR_CHECKS.get(type_name[5:])
        for index, item in enumerate(items):
            text: Any = item if isinstance(item, str) else json.dumps(item)
            problem = check(str(text)) if check else None
            if problem:
                return problem, index
            missing = reference_problem(store, type_name[5:], str(text)) if store else None
            if missing:
                return missing, None  # Shopify names the resource, not the element
        return None
    check = SCALAR_CHECKS.get(type_name)
    problem = check(value) if check else None
    if problem is None and store is not None:
        problem = reference_problem(store, type_name, value)
    return (problem, None) if problem else None


MEASUREMENT_TYPES = set(MEASUREMENTS)


def _measured(type_name: str, value: str) -> tuple[str, Any] | None:
    """A measurement as Shopify stores it: the value as a decimal, the unit's full name in
    upper case (`{"value":25,"unit":"cm"}` -> `{"value":25.0,"unit":"CENTIMETERS"}`)."""
    base = type_name.removeprefix("list.")
    if base not in MEASUREMENT_TYPES:
        return None
    try:
        data = json.loads(value)
        rows = data if type_name.startswith("list.") else [data]
        parsed = [(float(r["value"]), str(r["unit"])) for r in rows]
    except (ValueError, KeyError, TypeError):
        return None
    stored = [
        {"value": n, "unit": SHORT_UNITS.get(u.lower(), u.lower()).upper()} for n, u in parsed
    ]
    if not type_name.startswith("list."):
        number = stored[0]["value"]
        assert isinstance(number, float)
        shown: Any = {**stored[0], "value": int(number) if number.is_integer() else number}
        return json.dumps(stored[0], separators=(",", ":")), shown
    # A list's jsonValue names units in lower case, by their short name where one exists
    # (recorded: "centimeters" -> "cm", "decibels_isotropic" stays).
    short = {full: abbreviation for abbreviation, full in SHORT_UNITS.items()}
    shown = [
        {"value": int(n) if n.is_integer() else n, "unit": short.get(u.lower(), u.lower())}
        for n, u in parsed
    ]
    return json.dumps(stored, separators=(",", ":")), shown


def _list_item(base: str, item: Any) -> Any:
    """A list element as stored: decimals as text, date-times with their UTC offset."""
    if base == "number_decimal":
        return str(item)
    text = str(item)
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2})?", text):
        return f"{text}+00:00"
    return text.replace("Z", "+00:00") if text.endswith("Z") else text


def normalized(type_name: str, value: str) -> tuple[str, Any]:
    """(stored value, jsonValue) as Shopify keeps them after accepting `value`."""
    if type_name == "boolean":
        truth = value.strip().lower() in TRUE
        # Shopify answers jsonValue true for true, but the text "false" for false.
        return ("true", True) if truth else ("false", "false")
    if type_name in ("number_integer", "integer"):
        number = int(Decimal(value.strip()))
        return str(number), number
    if type_name == "number_decimal":
        text = value.strip()
        if "." in text:
            whole, fraction = text.split(".", 1)
            text = f"{whole}.{fraction[:9]}"
        return text, text
    measured = _measured(type_name, value)
    if measured is not None:
        return measured
    if type_name in ("rating", "list.rating"):
        # Ratings are stored with their keys in Shopify's order: scale_min, scale_max, value.
        try:
            data = json.loads(value)
            rows = data if type_name == "list.rating" else [data]
            ordered = [
                {k: row[k] for k in ("scale_min", "scale_max", "value") if k in row} for row in rows
            ]
        except (ValueError, TypeError):
            return value, value
        kept: Any = ordered if type_name == "list.rating" else ordered[0]
        return json.dumps(kept, separators=(",", ":")), kept
    if type_name in ("list.number_decimal", "list.date_time"):
        try:
            items = json.loads(value)
        except ValueError:
            return value, value
        if isinstance(items, list):
            fixed = [_list_item(type_name[5:], item) for item in items]
            return json.dumps(fixed, separators=(",", ":")), fixed
    if type_name in ("json", "money", "link", "rich_text_field") or type_name.startswith("list."):
        try:
            return value, json.loads(value)
        except ValueError:
            return value, value
    return value, value
