"""The small JSONPath subset the parity specs use: `$`, `.key`, `['key']`, `[n]`, `[*]`."""

from __future__ import annotations

import re
from typing import Any

TOKEN_RE = re.compile(r"\.([A-Za-z_$][\w$-]*)|\[(\d+|\*)\]|\['([^']*)'\]|\[\"([^\"]*)\"\]")
MISSING = object()

Step = str | int


def parse(path: str) -> list[Step]:
    if not path.startswith("$"):
        raise ValueError(f"not a JSONPath: {path!r}")
    steps: list[Step] = []
    pos = 1
    while pos < len(path):
        match = TOKEN_RE.match(path, pos)
        if match is None:
            raise ValueError(f"unsupported JSONPath {path!r} at {pos}")
        name, index, quoted, dquoted = match.groups()
        if name is not None:
            steps.append(name)
        elif index == "*":
            steps.append("*")
        elif index is not None:
            steps.append(int(index))
        else:
            steps.append(quoted if quoted is not None else dquoted)
        pos = match.end()
    return steps


def find(value: Any, path: str) -> list[tuple[list[Step], Any]]:
    """Every (concrete path, value) the path matches."""
    out: list[tuple[list[Step], Any]] = []

    def walk(current: Any, steps: list[Step], where: list[Step]) -> None:
        if not steps:
            out.append((where, current))
            return
        step, rest = steps[0], steps[1:]
        if step == "*":
            if isinstance(current, list):
                for i, item in enumerate(current):
                    walk(item, rest, [*where, i])
            elif isinstance(current, dict):
                for key, item in current.items():
                    walk(item, rest, [*where, key])
        elif isinstance(step, int):
            if isinstance(current, list) and -len(current) <= step < len(current):
                walk(current[step], rest, [*where, step])
        elif isinstance(current, dict) and step in current:
            walk(current[step], rest, [*where, step])

    walk(value, parse(path), [])
    return out


def get(value: Any, path: str, default: Any = MISSING) -> Any:
    found = find(value, path)
    if not found:
        return default
    return found[0][1]


def set_at(value: Any, where: list[Step], new: Any) -> None:
    for step in where[:-1]:
        value = value[step]
    value[where[-1]] = new


def delete_at(value: Any, where: list[Step]) -> None:
    for step in where[:-1]:
        value = value[step]
    if isinstance(value, dict):
        value.pop(where[-1], None)
    elif isinstance(value, list) and isinstance(where[-1], int) and where[-1] < len(value):
        value.pop(where[-1])
