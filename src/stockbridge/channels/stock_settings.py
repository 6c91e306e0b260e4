"""The settings of "sync listings" (the `settings` JSON of its `OperationSettings` row), typed
and validated: which aspects are pushed (quantity on by default; price, compare-at and cost
off) and where quantities go (each mapped remote location its own sum, or the total of every
mapped location to one remote location)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import asdict, dataclass
from typing import Any

from stockbridge.platform.bounds import check_text
from stockbridge.platform.errors import FieldError

PER_LOCATION = "per_location"
TOTAL = "total"
LOCATION_MODES = (PER_LOCATION, TOTAL)
ASPECTS = ("quantity", "price", "compare_at", "cost")


@dataclass(frozen=True, slots=True)
class SyncListingsSettings:
    quantity: bool = True
    price: bool = False
    compare_at: bool = False
    cost: bool = False
    location_mode: str = PER_LOCATION
    # with location_mode "total": the remote location that shows the total
    total_location: str = ""

    @classmethod
    def from_dict(cls, data: Mapping[str, Any] | None) -> SyncListingsSettings:
        """Settings from stored or submitted JSON; missing keys take their defaults. Raises
        FieldError naming the first bad field."""
        if data is None:
            return cls()
        if not isinstance(data, Mapping):
            raise FieldError("settings", "must be an object")
        known = {*ASPECTS, "location_mode", "total_location"}
        for key in data:
            if key not in known:
                raise FieldError(str(key), f"unknown setting (known: {', '.join(sorted(known))})")
        flags: dict[str, bool] = {}
        for aspect in ASPECTS:
            value = data.get(aspect, getattr(cls(), aspect))
            if not isinstance(value, bool):
                raise FieldError(aspect, "must be true or false")
            flags[aspect] = value
        mode = data.get("location_mode", PER_LOCATION)
        if mode not in LOCATION_MODES:
            raise FieldError("location_mode", f"must be one of {', '.join(LOCATION_MODES)}")
        total_location = data.get("total_location", "")
        if not isinstance(total_location, str):
            raise FieldError("total_location", "must be a remote location id")
        total_location = check_text("total_location", total_location).strip()
        if mode == TOTAL and not total_location:
            raise FieldError("total_location", "is required when location_mode is total")
        return cls(location_mode=mode, total_location=total_location, **flags)

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)
