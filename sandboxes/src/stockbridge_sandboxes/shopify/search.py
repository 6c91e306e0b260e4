"""Shopify search syntax (`query:` arguments), forgiving as Shopify is: unknown terms match."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

TOKEN_RE = re.compile(r'\s*(-?\(|\)|-?[\w.]+:(?:"[^"]*"|\'[^\']*\'|[^\s()]+)|"[^"]*"|[^\s()]+)')

ESCAPE_RE = re.compile(r"\\(.)")

Lookup = Callable[[dict[str, Any], str], list[Any] | None]


def tokenize(query: str) -> list[str]:
    return [m.group(1) for m in TOKEN_RE.finditer(query) if m.group(1)]


def _compare(actual: Any, op: str, wanted: str, case_sensitive: bool = False) -> bool:
    if isinstance(actual, bool):
        return str(actual).lower() == wanted.lower()
    try:
        a, w = float(actual), float(wanted)
    except (TypeError, ValueError):
        a_s, w_s = str(actual), wanted
        if not case_sensitive:
            a_s, w_s = a_s.lower(), w_s.lower()
        if op == ":":
            if w_s.endswith("*"):
                return a_s.startswith(w_s[:-1])
            return a_s == w_s
        return {"<": a_s < w_s, ">": a_s > w_s, "<=": a_s <= w_s, ">=": a_s >= w_s}[op]
    return {":": a == w, "<": a < w, ">": a > w, "<=": a <= w, ">=": a >= w}[op]


def term_matches(
    obj: dict[str, Any],
    term: str,
    lookup: Lookup,
    text: Callable[[Any], str],
    case_sensitive: bool = False,
) -> bool:
    negate = term.startswith("-") and len(term) > 1
    if negate:
        term = term[1:]
    if ":" in term:
        field, _, raw = term.partition(":")
        if field.lower() == "tag_not":
            field, negate = "tag", not negate
        op = ":"
        for candidate in ("<=", ">=", "<", ">"):
            if raw.startswith(candidate):
                op, raw = candidate, raw[len(candidate) :]
                break
        raw = ESCAPE_RE.sub(r"\1", raw.strip("\"'"))  # `\-`, `\:`: the character itself
        values = lookup(obj, field.lower())
        if values is None:
            return not negate  # unknown field: fail open
        result = raw == "*" and any(v not in (None, "", []) for v in values)
        if not result and raw != "*":
            result = any(_compare(v, op, raw, case_sensitive) for v in values if v is not None)
    else:
        word = ESCAPE_RE.sub(r"\1", term.strip("\"'")).lower()
        haystack = text(obj).lower()
        if word.endswith("*"):
            prefix = word[:-1]
            result = any(w.startswith(prefix) for w in re.split(r"[\s\-_/]+", haystack))
        else:
            result = word in haystack
    return result != negate


def matches(
    obj: dict[str, Any],
    query: str | None,
    lookup: Lookup,
    text: Callable[[Any], str],
    case_sensitive: bool = False,
) -> bool:
    """Evaluate `query` (terms joined by AND/OR, implicit AND, `-` negation, parentheses);
    values compare case-insensitively, as searches do, unless `case_sensitive` (filters)."""
    if not query or not query.strip():
        return True
    tokens = tokenize(query)
    pos = 0

    def parse_or() -> bool:
        nonlocal pos
        value = parse_and()
        while pos < len(tokens) and tokens[pos].upper() == "OR":
            pos += 1
            value = parse_and() or value
        return value

    def parse_and() -> bool:
        nonlocal pos
        value = True
        while pos < len(tokens) and tokens[pos] != ")" and tokens[pos].upper() != "OR":
            if tokens[pos].upper() == "AND":
                pos += 1
                continue
            if tokens[pos] in ("(", "-("):
                negated = tokens[pos] == "-("
                pos += 1
                inner = parse_or()
                if pos < len(tokens) and tokens[pos] == ")":
                    pos += 1
                value = (inner != negated) and value
            elif tokens[pos].upper() == "NOT" and pos + 1 < len(tokens):
                pos += 1
                term = tokens[pos]
                value = (not term_matches(obj, term, lookup, text, case_sensitive)) and value
                pos += 1
            else:
                value = term_matches(obj, tokens[pos], lookup, text, case_sensitive) and value
                pos += 1
        return value

    try:
        result = parse_or()
    except (IndexError, KeyError):
        return True
    return result
