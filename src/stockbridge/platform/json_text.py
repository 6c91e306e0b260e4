"""JSON text where the volume is large: a bulk result's hundreds of thousands of lines read, and
the JSON columns the bulk writers fill (run items' changes and payloads). orjson (C, a few
times faster than the standard library's C code) does the work; whatever it refuses goes to the
standard library, so what is accepted and every error stay the standard library's:

- read: NaN and Infinity literals, integers beyond 64 bits and text orjson finds invalid are
  parsed (or refused, with its error) by `json.loads`;
- written: values orjson would write where `json.dumps` refuses them (dataclasses, dates and
  times, subclasses of the plain types) and integers beyond 64 bits go to `json.dumps`, which
  writes or refuses them as before. Text is written as UTF-8 (not \\u escapes): both read back
  the same. One difference remains: a float NaN or infinity is written as null (a checked
  value never is one).
"""

from __future__ import annotations

import json
from typing import Any

import orjson

_OPTIONS = (
    orjson.OPT_NON_STR_KEYS  # (json.dumps writes int keys as text: so does this)
    | orjson.OPT_PASSTHROUGH_DATACLASS
    | orjson.OPT_PASSTHROUGH_DATETIME
    | orjson.OPT_PASSTHROUGH_SUBCLASS
)


def loads(text: bytes | str) -> Any:
    """The value of JSON text (`json.loads` for what orjson refuses)."""
    try:
        return orjson.loads(text)
    except orjson.JSONDecodeError:
        return json.loads(text)


def dumps(value: Any) -> str:
    """Compact JSON text of `value`, as `json.dumps(value, separators=(",", ":"))` would give
    it (see the module docstring for the one difference)."""
    try:
        return orjson.dumps(value, option=_OPTIONS).decode()
    except TypeError:  # (orjson.JSONEncodeError is a TypeError)
        return json.dumps(value, separators=(",", ":"))
