"""Checks a JSON body against a schema of the REST OpenAPI documents in ../shared.

The documents (`../shared/shopify/rest-openapi-2022-10/`, OpenShopify, MIT) were scraped from
Shopify's REST reference. The check is strict where the reference is: every key must be a
property of the schema, required keys must be present, values must have the property's type,
enum values must be listed, nested objects and arrays are checked in turn. Where the scrape
cannot say what Shopify sends, the rule is written here with its reason:

- `number` with `format: decimal`: Shopify writes money as decimal text ("108.00"); other
  decimals (tax rates) are JSON numbers. Both are accepted here; money text is asserted
  exactly by the contract tests.
- a property that is a `$ref` (an object or an enum) may be null: Shopify sends
  `"customer": null`, `"cancel_reason": null`, `"fulfillment_status": null`, and OpenAPI 3.0
  cannot mark a `$ref` nullable.
- `REQUIRED_NOT_SENT`: keys the scrape marks required on every resource but that the
  resource has no such field in a webhook body.
"""

from __future__ import annotations

import re
from datetime import datetime
from functools import cache
from pathlib import Path
from typing import Any

import yaml

MONEY_TEXT = re.compile(r"^-?\d+\.\d{2}$")

# (schema, key): why a body of that schema does not carry the key.
REQUIRED_NOT_SENT = {
    ("InventoryLevel", "id"): "an inventory level has no id of its own in REST; it is named "
    "by inventory_item_id and location_id (Shopify's inventory_levels/update has no id)",
    ("Address", "id"): "an order's billing and shipping addresses are copies on the order, "
    "not customer addresses, and carry no id",
}


@cache
def document(shared: Path, name: str) -> dict[str, Any]:
    path = shared / "shopify" / "rest-openapi-2022-10" / f"open-shopify-{name}.yaml"
    loaded = yaml.safe_load(path.read_text())
    assert isinstance(loaded, dict)
    return loaded


def _resolve(doc: dict[str, Any], ref: str) -> tuple[str, dict[str, Any]]:
    name = ref.rsplit("/", 1)[1]
    return name, doc["components"]["schemas"][name]


def problems(shared: Path, doc_name: str, schema_name: str, value: Any) -> list[str]:
    """Every way `value` departs from `schema_name` in document `doc_name` (empty: valid)."""
    doc = document(shared, doc_name)
    out: list[str] = []
    _check(doc, schema_name, doc["components"]["schemas"][schema_name], value, "$", out)
    return out


def _check(
    doc: dict[str, Any], name: str, schema: dict[str, Any], value: Any, path: str, out: list[str]
) -> None:
    if "$ref" in schema:
        ref_name, target = _resolve(doc, schema["$ref"])
        if value is None:
            return
        _check(doc, ref_name, target, value, path, out)
        return
    if value is None:
        if not schema.get("nullable"):
            out.append(f"{path}: null where {name} is not nullable")
        return
    kind = schema.get("type")
    if "enum" in schema and value not in schema["enum"]:
        out.append(f"{path}: {value!r} is not one of {name} {schema['enum']}")
        return
    if kind == "object" or "properties" in schema:
        if not isinstance(value, dict):
            out.append(f"{path}: {type(value).__name__} where {name} is an object")
            return
        properties = schema.get("properties") or {}
        for key in schema.get("required") or []:
            if key not in value and (name, key) not in REQUIRED_NOT_SENT:
                out.append(f"{path}: required key {key!r} of {name} missing")
        for key, item in value.items():
            if key not in properties:
                out.append(f"{path}: {key!r} is not a property of {name}")
                continue
            _check(doc, f"{name}.{key}", properties[key], item, f"{path}.{key}", out)
    elif kind == "array":
        if not isinstance(value, list):
            out.append(f"{path}: {type(value).__name__} where {name} is an array")
            return
        for index, item in enumerate(value):
            _check(doc, name, schema.get("items") or {}, item, f"{path}[{index}]", out)
    elif kind == "integer":
        if isinstance(value, bool) or not isinstance(value, int):
            out.append(f"{path}: {value!r} where {name} is an integer")
    elif kind == "boolean":
        if not isinstance(value, bool):
            out.append(f"{path}: {value!r} where {name} is a boolean")
    elif kind == "number":
        text_ok = isinstance(value, str) and MONEY_TEXT.match(value)
        if not text_ok and (isinstance(value, bool) or not isinstance(value, int | float)):
            out.append(f"{path}: {value!r} where {name} is a decimal")
    elif kind == "string":
        if not isinstance(value, str):
            out.append(f"{path}: {value!r} where {name} is a string")
        elif schema.get("format") == "date-time":
            try:
                datetime.fromisoformat(value)
            except ValueError:
                out.append(f"{path}: {value!r} where {name} is a date-time")
