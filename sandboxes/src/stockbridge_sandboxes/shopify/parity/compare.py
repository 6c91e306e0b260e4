"""Comparing a recorded value with the sandbox's: matchers, exclusions, masking of ids/times."""

from __future__ import annotations

import copy
import json
import re
from typing import Any

from graphql import FieldNode, Visitor, parse, visit
from graphql.error import GraphQLSyntaxError

from stockbridge_sandboxes.shopify.parity import jsonpath

GID_IN_TEXT = re.compile(r"gid://shopify/([A-Za-z]+)/[^\s\"'?,)]+(\?[^\s\"',)]*)?")
TIMESTAMP = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:?\d{2})?$")
CURSOR_KEYS = {"cursor", "startCursor", "endCursor"}
ID_KEYS = {"legacyResourceId"}
MATCHED = "<matched>"


def matcher_ok(matcher: str | None, value: Any) -> bool:
    if matcher is None:
        return True
    if matcher == "iso-timestamp":
        return isinstance(value, str) and bool(TIMESTAMP.match(value))
    if matcher == "non-empty-string":
        return isinstance(value, str) and value != ""
    if matcher == "any-string":
        return isinstance(value, str)
    if matcher == "any-number":
        return isinstance(value, int | float) and not isinstance(value, bool)
    if matcher == "null":
        return value is None
    if matcher.startswith("shopify-gid:"):
        return isinstance(value, str) and value.startswith(
            f"gid://shopify/{matcher.split(':', 1)[1]}/"
        )
    if matcher.startswith("exact-string:"):
        return value == matcher.split(":", 1)[1]
    if matcher.startswith("regex:"):
        return isinstance(value, str) and re.search(matcher[6:], value) is not None
    return True


def mask(value: Any, key: str | None = None) -> Any:
    if isinstance(value, dict):
        return {k: mask(v, k) for k, v in value.items()}
    if isinstance(value, list):
        return [mask(v, key) for v in value]
    if isinstance(value, str):
        if key in CURSOR_KEYS:
            return "<cursor>"
        if key in ID_KEYS:
            return "<id>"
        if TIMESTAMP.match(value):
            return "<timestamp>"
        return GID_IN_TEXT.sub(lambda m: f"gid://shopify/{m.group(1)}/<id>", value)
    return value


def response_keys(document: str) -> set[str] | None:
    """Every response key (alias or field name) a GraphQL document selects anywhere."""
    try:
        parsed = parse(document)
    except GraphQLSyntaxError:
        return None
    keys: set[str] = set()

    class Keys(Visitor):
        def enter_field(self, node: FieldNode, *_args: Any) -> None:
            keys.add(node.alias.value if node.alias else node.name.value)

    visit(parsed, Keys())
    return keys


def _differences(
    expected: Any, actual: Any, where: str, out: list[str], keys: set[str] | None = None
) -> None:
    if len(out) >= 4:
        return
    if isinstance(expected, dict) and isinstance(actual, dict):
        for key in expected:
            if key not in actual:
                if keys is not None and key not in keys:
                    continue  # not asked for by the request replayed
                out.append(f"{where}.{key}: missing (expected {_short(expected[key])})")
            else:
                _differences(expected[key], actual[key], f"{where}.{key}", out, keys)
        for key in actual:
            if key not in expected:
                out.append(f"{where}.{key}: unexpected {_short(actual[key])}")
        return
    if isinstance(expected, list) and isinstance(actual, list):
        if len(expected) != len(actual):
            out.append(
                f"{where}: {len(actual)} items, expected {len(expected)} "
                f"(expected {_short(expected)}, got {_short(actual)})"
            )
            return
        for i, (e, a) in enumerate(zip(expected, actual, strict=True)):
            _differences(e, a, f"{where}[{i}]", out, keys)
        return
    if expected != actual:
        out.append(f"{where}: expected {_short(expected)}, got {_short(actual)}")


def _short(value: Any) -> str:
    text = json.dumps(value, sort_keys=True)
    return text if len(text) <= 160 else text[:157] + "..."


def compare(captured: Any, actual: Any, target: dict[str, Any]) -> list[str]:
    """The differences that remain after the target's rules and masking (empty = pass)."""
    captured, actual = copy.deepcopy(captured), copy.deepcopy(actual)
    problems: list[str] = []
    for rule in target.get("expectedDifferences") or []:
        path = rule.get("path")
        if not path:
            continue
        if rule.get("ignore"):
            for side in (actual, captured):
                for where, _ in reversed(jsonpath.find(side, path)):
                    if where:
                        jsonpath.delete_at(side, where)
            continue
        for where, value in jsonpath.find(actual, path):
            if value == MATCHED:
                continue  # a rule given twice (spec-wide and per target)
            if not matcher_ok(rule.get("matcher"), value):
                problems.append(f"{path}: {_short(value)} does not match {rule.get('matcher')}")
            jsonpath.set_at(actual, where, MATCHED) if where else None
        for where, _value in jsonpath.find(captured, path):
            jsonpath.set_at(captured, where, MATCHED) if where else None
    for path in target.get("excludedPaths") or []:
        for where, _ in reversed(jsonpath.find(actual, path)):
            if where:
                jsonpath.delete_at(actual, where)
        for where, _ in reversed(jsonpath.find(captured, path)):
            if where:
                jsonpath.delete_at(captured, where)
    selected = target.get("selectedPaths")
    if selected:
        captured = {p: [v for _, v in jsonpath.find(captured, p)] for p in selected}
        actual = {p: [v for _, v in jsonpath.find(actual, p)] for p in selected}
    keys = None if selected else target.get("responseKeys")
    _differences(mask(captured), mask(actual), "$", problems, keys)
    return problems
