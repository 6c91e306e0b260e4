"""The settings of "Get orders" (Flxpoint's Get Orders), typed and validated.

Stored as JSON in `OperationSettings.settings` for the operation `get_orders`; read with
`GetOrdersSettings.from_dict`, which refuses an unknown key or a bad value with a FieldError
naming the field. The same settings decide what the webhooks import (the fast path) and what
the schedule imports (the safety net).

- `financial_statuses` / `fulfillment_statuses`: import only orders in one of these (empty:
  any). Financial: pending, authorized, partially_paid, paid, partially_refunded, refunded,
  voided. Fulfilment: unfulfilled, partial, fulfilled.
- `location_ids`: import only orders sold at these channel locations (point of sale; the
  channel's own ids); `import_without_location`: orders with no location id are imported too.
- `updated_within_days`: the schedule reads orders updated in the last N days (1 to 60).
- `tag_after_import`: a tag added to the channel's order once imported (empty: none).
- `wait_on_hold`: orders on hold or scheduled wait until they are released.
- `fields`: which parts of the order are copied (the order mapping template): addresses,
  email, shipping (shipping method and its price), note, tags. Lines, totals and dates are
  always copied (an order without them is not the channel's order).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, fields
from typing import Any

from stockbridge.platform import bounds
from stockbridge.platform.errors import FieldError

FINANCIAL = (
    "pending",
    "authorized",
    "partially_paid",
    "paid",
    "partially_refunded",
    "refunded",
    "voided",
)
FULFILMENT = ("unfulfilled", "partial", "fulfilled")
FIELDS = ("addresses", "email", "shipping", "note", "tags")
MAX_DAYS = 60


@dataclass(frozen=True, slots=True)
class GetOrdersSettings:
    financial_statuses: tuple[str, ...] = ()
    fulfillment_statuses: tuple[str, ...] = ()
    location_ids: tuple[str, ...] = ()
    import_without_location: bool = True
    updated_within_days: int = 7
    tag_after_import: str = ""
    wait_on_hold: bool = True
    fields: tuple[str, ...] = FIELDS

    @classmethod
    def from_dict(cls, data: Mapping[str, Any] | None) -> GetOrdersSettings:
        data = dict(data or {})
        known = {f.name for f in fields(cls)}
        for key in data:
            if key not in known:
                raise FieldError(
                    str(key),
                    f"is not a setting of get orders (known: {', '.join(sorted(known))})",
                )
        values: dict[str, Any] = {}
        for name, allowed in (
            ("financial_statuses", FINANCIAL),
            ("fulfillment_statuses", FULFILMENT),
            ("fields", FIELDS),
        ):
            if name in data:
                values[name] = _choices(name, data[name], allowed)
        if "location_ids" in data:
            ids = data["location_ids"]
            if not isinstance(ids, list) or not all(isinstance(i, str) and i for i in ids):
                raise FieldError("location_ids", "must be a list of channel location ids")
            for i, value in enumerate(ids):
                bounds.check_text(f"location_ids[{i}]", value)
            values["location_ids"] = tuple(ids)
        for name in ("import_without_location", "wait_on_hold"):
            if name in data:
                if not isinstance(data[name], bool):
                    raise FieldError(name, f"must be true or false, got {data[name]!r}")
                values[name] = data[name]
        if "updated_within_days" in data:
            days = data["updated_within_days"]
            if isinstance(days, bool) or not isinstance(days, int) or not 1 <= days <= MAX_DAYS:
                raise FieldError(
                    "updated_within_days", f"must be a whole number from 1 to {MAX_DAYS}"
                )
            values["updated_within_days"] = days
        if "tag_after_import" in data:
            tag = data["tag_after_import"]
            if tag is None:
                tag = ""
            if not isinstance(tag, str) or "," in tag:
                raise FieldError("tag_after_import", "must be one tag (text without commas)")
            bounds.check_text("tag_after_import", tag, limit=40)
            values["tag_after_import"] = tag.strip()
        return cls(**values)

    def as_dict(self) -> dict[str, Any]:
        return {
            f.name: list(v) if isinstance(v := getattr(self, f.name), tuple) else v
            for f in fields(self)
        }


def _choices(name: str, value: Any, allowed: tuple[str, ...]) -> tuple[str, ...]:
    if not isinstance(value, list):
        raise FieldError(name, f"must be a list of {', '.join(allowed)}")
    for i, item in enumerate(value):
        if item not in allowed:
            raise FieldError(f"{name}[{i}]", f"must be one of {', '.join(allowed)}, got {item!r}")
    return tuple(dict.fromkeys(value))
