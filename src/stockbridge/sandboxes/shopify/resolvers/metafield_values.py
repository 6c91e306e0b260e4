"""Metafield value checks by type, worded as Shopify words them (the common types)."""

from __future__ import annotations

import json
import re
from decimal import Decimal, InvalidOperation
from typing import Any

MAX_LIST = 128
URL_SCHEMES = ("http", "https", "mailto", "sms", "tel")
INTEGER_LIMIT = 9007199254740991


def _integer(value: str) -> str | None:
    if not re.fullmatch(r"-?\d+", value.strip()):
        return "Value must be an integer."
    if abs(int(value)) > INTEGER_LIMIT:
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
        Decimal(str(data.get("amount")))
    except InvalidOperation:
        return "Value must have a numeric amount."
    return None


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
    "boolean": lambda v: None if v in ("true", "false") else "Value must be true or false.",
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
    if value == "" and type_name not in ("multi_line_text_field", "json"):
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
