"""Metafield value checks by type, worded as Shopify words them (the common types)."""

from __future__ import annotations

import json
import re
from decimal import Decimal, InvalidOperation
from typing import Any

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


def _decimal(value: str) -> str | None:
    try:
        number = Decimal(value)
    except InvalidOperation:
        return "Value must be a decimal."
    if abs(number) >= Decimal("1e18"):
        return "Value must be within +/-1000000000000000000."
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
    from stockbridge.sandboxes.shopify.graph import schema

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
}


def value_problem(type_name: str, value: str) -> tuple[str, int | None] | None:
    """(message, element index) for a value its type refuses, or None."""
    if value == "" and type_name != "multi_line_text_field":
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
        return None
    check = SCALAR_CHECKS.get(type_name)
    problem = check(value) if check else None
    return (problem, None) if problem else None


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
    if type_name in ("json", "money", "rating", "dimension", "volume", "weight") or (
        type_name.startswith("list.")
    ):
        try:
            return value, json.loads(value)
        except ValueError:
            return value, value
    return value, value
