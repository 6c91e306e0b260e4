"""BigCommerce's own OpenAPI documents (read from ../shared at test time): the response schema
of an operation, with `$ref`s inlined and OpenAPI's `nullable`/`x-nullable` turned into JSON
Schema's null type, so jsonschema can check an answer against it."""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path
from typing import Any

import jsonschema
import yaml

DOCUMENTS = {
    "/catalog/products": "catalog/products_catalog.v3.yml",
    "/catalog/variants": "catalog/product-variants_catalog.v3.yml",
    "/inventory/locations": "locations.v3.yml",
    "/inventory/items": "inventory.v3.yml",
    "/inventory/adjustments": "inventory.v3.yml",
    "/hooks": "webhooks.v3.yml",
    "/orders": "orders.v2.oas2.yml",
    "/customers": "customers.v3.yml",
}


@cache
def _load(path: Path) -> dict[str, Any]:
    return dict(yaml.safe_load(path.read_text()))


# Fields whose description documents `null` while their schema omits `nullable` (BigCommerce's
# own inconsistency; the description is the rule): "This value is `null` for complex products."
DOCUMENTED_NULLS = frozenset({"base_variant_id"})
# `oneOf`s whose branches overlap, so that BigCommerce's own examples match two of them (an
# `ORDER` refund item with an amount is both an "Amount Bound Item" and a "Tax Exempt (Order
# Level)" one, as its example "Tax Exempt (Order Level)" shows): the examples are the rule, and
# these are checked as `anyOf`
OVERLAPPING_ONE_OF = frozenset({"ItemsRefund"})
# Schemas a request body reuses from answers, whose `required` names what only the store
# assigns: `POST /catalog/products` documents creating variants "using the `variants` array"
# (ids are read-only), while its items are `productVariant_Full`, requiring `id` and
# `product_id`. In a request these are not required (OpenAPI's rule for read-only fields).
ASSIGNED_BY_THE_STORE = {"productVariant_Full": frozenset({"id", "product_id"})}


def _creatable(node: Any) -> Any:
    """A request schema with the store-assigned fields of `ASSIGNED_BY_THE_STORE` no longer
    required."""
    if isinstance(node, list):
        return [_creatable(v) for v in node]
    if not isinstance(node, dict):
        return node
    out = {k: _creatable(v) for k, v in node.items()}
    title = out.get("title")
    if isinstance(title, str) and title in ASSIGNED_BY_THE_STORE:
        assigned = ASSIGNED_BY_THE_STORE[title]
        if isinstance(out.get("required"), list):
            out["required"] = [r for r in out["required"] if r not in assigned]
    return out


def _inline(doc: dict[str, Any], node: Any, seen: tuple[str, ...] = ()) -> Any:
    if isinstance(node, dict):
        if "$ref" in node:
            ref = node["$ref"]
            if ref in seen:  # a recursive schema: accept anything below the second visit
                return {}
            target: Any = doc
            for part in ref[2:].split("/"):
                target = target[part]
            return _inline(doc, target, (*seen, ref))
        out = {
            k: _inline(doc, v, seen) for k, v in node.items() if k not in ("example", "examples")
        }
        if (out.pop("nullable", False) or out.pop("x-nullable", False)) and "type" in out:
            out["type"] = [out["type"], "null"]
        for name in DOCUMENTED_NULLS & set(out.get("properties", {})):
            field = out["properties"][name]
            if "null" in str(field.get("description", "")) and isinstance(field.get("type"), str):
                out["properties"][name] = {**field, "type": [field["type"], "null"]}
        title = out.get("title")
        if isinstance(title, str) and title in OVERLAPPING_ONE_OF and "oneOf" in out:
            out["anyOf"] = out.pop("oneOf")
        if out.get("format") in ("date-time", "date", "uri", "email"):
            out.pop("format")  # formats are not asserted by default; keep the check on types
        return out
    if isinstance(node, list):
        return [_inline(doc, v, seen) for v in node]
    return node


def document_for(path: str) -> str:
    for prefix, name in DOCUMENTS.items():
        if path.startswith(prefix):
            if prefix == "/catalog/products" and "/variants" in path:
                return "catalog/product-variants_catalog.v3.yml"
            if prefix == "/catalog/products" and path.endswith("/options"):
                return "catalog/product-variant-options_catalog.v3.yml"
            if prefix == "/orders" and "/payment_actions/" in path:
                return "orders.v3.yml"
            if prefix == "/inventory/locations" and path.endswith("/items"):
                return "inventory.v3.yml"
            return name
    raise KeyError(path)


def response_schema(shared: Path, method: str, path: str, status: int) -> dict[str, Any]:
    """The schema BigCommerce documents for `method path` answering `status`."""
    doc = _load(shared / "channels" / "bigcommerce" / "openapi" / document_for(path))
    for template, operations in doc["paths"].items():
        pattern = re.sub(r"\{[^}]+\}", r"[^/]+", template)
        if re.fullmatch(pattern, path) and method.lower() in operations:
            operation = operations[method.lower()]
            answer = _inline(doc, operation["responses"][str(status)])
            return dict(answer["content"]["application/json"]["schema"])
    raise KeyError(f"{method} {path} is not in {document_for(path)}")


def request_schema(shared: Path, method: str, path: str) -> dict[str, Any]:
    doc = _load(shared / "channels" / "bigcommerce" / "openapi" / document_for(path))
    for template, operations in doc["paths"].items():
        pattern = re.sub(r"\{[^}]+\}", r"[^/]+", template)
        if re.fullmatch(pattern, path) and method.lower() in operations:
            body = _creatable(_inline(doc, operations[method.lower()]["requestBody"]))
            return dict(body["content"]["application/json"]["schema"])
    raise KeyError(f"{method} {path}")


def validate(body: Any, schema: dict[str, Any]) -> None:
    """OpenAPI 3.0 schemas are JSON Schema draft 4 in their keywords (boolean
    exclusiveMinimum/Maximum)."""
    jsonschema.Draft4Validator(schema).validate(body)


def check(shared: Path, method: str, path: str, status: int, body: Any) -> None:
    validate(body, response_schema(shared, method, path, status))
