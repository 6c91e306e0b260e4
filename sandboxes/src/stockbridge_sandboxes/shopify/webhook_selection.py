"""What a subscription asked to receive: its `filter` gates a delivery, its `includeFields`
narrow the body (API-NOTES §2.8; shopify.dev "Filter webhook deliveries", "Modify your
payloads").

A filter is search syntax evaluated against the full REST payload of the event, with nested
fields named by dots (`variants.price:>=10.00`; a field inside a list matches when any element
does), compared case-sensitively. A field the payload does not have matches nothing, so a
filter naming a field the topic lacks suppresses every delivery, as Shopify documents.
`includeFields` keeps only the listed fields, nested ones named by dots (`variants.price`
keeps each variant's price); an empty list keeps everything.
"""

from __future__ import annotations

from typing import Any

from stockbridge_sandboxes.shopify.search import matches


def _values(payload: Any, path: list[str]) -> list[Any]:
    if not path:
        return payload if isinstance(payload, list) else [payload]
    if isinstance(payload, list):
        return [v for item in payload for v in _values(item, path)]
    if isinstance(payload, dict) and path[0] in payload:
        return _values(payload[path[0]], path[1:])
    return []


def passes(payload: dict[str, Any], filter_text: Any) -> bool:
    """Whether a delivery of `payload` passes the subscription's filter (none: it does)."""
    if not isinstance(filter_text, str) or not filter_text.strip():
        return True
    return matches(
        payload,
        filter_text,
        lambda obj, field: _values(obj, field.split(".")),
        lambda _obj: "",
        case_sensitive=True,
    )


def _pick(payload: Any, paths: list[list[str]]) -> Any:
    if isinstance(payload, list):
        return [_pick(item, paths) for item in payload]
    if not isinstance(payload, dict):
        return payload
    out: dict[str, Any] = {}
    for key, value in payload.items():
        wanted = [p[1:] for p in paths if p and p[0] == key]
        if not wanted:
            continue
        out[key] = value if any(not rest for rest in wanted) else _pick(value, wanted)
    return out


def narrowed(payload: dict[str, Any], include_fields: Any) -> dict[str, Any]:
    """The payload with only the subscription's `includeFields` (all of it when none)."""
    if not isinstance(include_fields, list) or not include_fields:
        return payload
    paths = [str(f).split(".") for f in include_fields if isinstance(f, str) and f]
    picked = _pick(payload, paths)
    return picked if isinstance(picked, dict) else payload
