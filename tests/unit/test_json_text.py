"""`platform.json_text`: orjson where it agrees with the standard library, the standard library
for everything else, so what is read and written is what `json` would read and write."""

from __future__ import annotations

import dataclasses
import json
from datetime import UTC, datetime
from decimal import Decimal

import pytest

from stockbridge.platform import json_text


def test_plain_values_are_written_as_compact_json_dumps_writes_them_and_read_back() -> None:
    value = {"a": [None, ["x", "é"]], "b": [1, 2.5, True, -7], "c": {"d": '\n"q"'}, "e": {}}

    text = json_text.dumps(value)

    assert json.loads(text) == value
    assert text == json.dumps(value, separators=(",", ":"), ensure_ascii=False)
    assert json_text.loads(text) == value
    assert json_text.loads(text.encode()) == value


def test_integer_keys_are_written_as_text_like_json_dumps() -> None:
    assert json_text.dumps({1: "a", "b": 2}) == '{"1":"a","b":2}'


def test_what_orjson_would_write_but_json_refuses_is_still_refused() -> None:
    @dataclasses.dataclass
    class Point:
        x: int

    for value in ({"when": datetime(2026, 1, 5, tzinfo=UTC)}, {"p": Point(1)}, Decimal("1.5")):
        with pytest.raises(TypeError):
            json_text.dumps(value)


def test_subclasses_and_huge_integers_are_written_by_json() -> None:
    class Name(str):
        pass

    assert json_text.dumps({"n": Name("Tee")}) == '{"n":"Tee"}'
    assert json_text.dumps([2**70]) == f"[{2**70}]"


def test_what_orjson_refuses_to_read_is_read_by_json() -> None:
    assert json_text.loads(f"[{2**70}]") == [2**70]
    assert json_text.loads(b'{"a": Infinity}') == {"a": float("inf")}
    with pytest.raises(ValueError, match="Expecting value"):
        json_text.loads(b'{"a": }')
