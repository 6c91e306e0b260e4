"""JSON as the portal reads it: money is a JSON number, written from the `Decimal` exactly
(never through a float)."""

from __future__ import annotations

import json
import re
from decimal import Decimal
from typing import Any

_MARK = "\u0001decimal:"
_MARKED = re.compile(r'"\\u0001decimal:(-?[0-9]+(?:\.[0-9]+)?)"')


def _marked(value: Any) -> Any:
    if isinstance(value, Decimal):
        return _MARK + format(value, "f")
    if isinstance(value, dict):
        return {k: _marked(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_marked(v) for v in value]
    return value


def dumps(body: Any) -> bytes:
    """`body` as JSON bytes, each Decimal written as the number it is (`Decimal("12.50")` ->
    `12.50`)."""
    return _MARKED.sub(r"\1", json.dumps(_marked(body))).encode()
