"""The replay's clock: set from the times a recording shows."""

from __future__ import annotations

import json
import re
from datetime import UTC, datetime
from typing import Any

from stockbridge_sandboxes.shopify.clock import FrozenClock

ISO_RE = re.compile(r'"(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2})(?:\.\d+)?Z"')


def _without_inputs(value: Any) -> Any:
    """The recording less the variables the client sent: a time a request asked for (say, a
    `processedAt` in 2099) is not a time the recording was made."""
    if isinstance(value, dict):
        return {
            k: _without_inputs(v)
            for k, v in value.items()
            if not (k == "variables" or k.endswith("Variables"))
        }
    if isinstance(value, list):
        return [_without_inputs(v) for v in value]
    return value


INPUT_TIME_RE = re.compile(r"(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2})")


def _inputs(value: Any) -> list[Any]:
    """The variables the client sent, wherever the recording keeps them."""
    out: list[Any] = []
    if isinstance(value, dict):
        for key, item in value.items():
            if key == "variables" or key.endswith("Variables"):
                out.append(item)
            else:
                out.extend(_inputs(item))
    elif isinstance(value, list):
        for item in value:
            out.extend(_inputs(item))
    return out


def recording_clock(capture: Any) -> FrozenClock:
    """A clock set to just after the latest time the recording shows: the replay happens when
    the recording was made, so the sandbox's new objects sort after the recorded ones. A time
    the client sent (and a response echoes, say a draft's `reserveInventoryUntil`) is not a
    time the recording was made."""
    asked = set(INPUT_TIME_RE.findall(json.dumps(_inputs(capture))))
    stamps = [s for s in ISO_RE.findall(json.dumps(_without_inputs(capture))) if s not in asked]
    if not stamps:
        return FrozenClock()
    latest = max(datetime.fromisoformat(s).replace(tzinfo=UTC) for s in stamps)
    return FrozenClock(start=latest.timestamp() + 1)
