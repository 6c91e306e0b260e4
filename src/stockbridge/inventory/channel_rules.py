"""Channel quantity rules: what quantity a channel is shown. Pure functions over plain values
(used by connectors); a channel is never shown raw on-hand, only rule-adjusted available."""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import Decimal

from stockbridge.platform.errors import FieldError


@dataclass(frozen=True, slots=True)
class QuantityRule:
    """How one channel lists stock.

    buffer: units held back; percentage: share of what remains, rounded down;
    max_listed: cap (None = no cap); out_of_stock_below: list 0 when the result is below it.
    Applied in that order.
    """

    buffer: int = 0
    percentage: Decimal = Decimal(100)
    max_listed: int | None = None
    out_of_stock_below: int = 0

    def __post_init__(self) -> None:
        for field in ("buffer", "max_listed", "out_of_stock_below"):
            value = getattr(self, field)
            if value is None and field == "max_listed":
                continue
            if isinstance(value, bool) or not isinstance(value, int):
                raise FieldError(field, "must be a whole number")
            if value < 0:
                raise FieldError(field, "must be >= 0")
        if not _finite(self.percentage) or not (
            Decimal(0) <= Decimal(self.percentage) <= Decimal(100)
        ):
            raise FieldError("percentage", "must be between 0 and 100")


def _finite(value: object) -> bool:
    """A percentage given as an int, a Decimal or a decimal string, and not NaN or infinite."""
    if isinstance(value, bool) or not isinstance(value, int | Decimal | str):
        return False
    try:
        return Decimal(value).is_finite()
    except ArithmeticError:
        return False


def listed_quantity(available: int, rule: QuantityRule) -> int:
    """The quantity to show for `available` units under `rule` (never negative)."""
    quantity = max(available - rule.buffer, 0)
    quantity = math.floor(Decimal(quantity) * Decimal(rule.percentage) / Decimal(100))
    if rule.max_listed is not None:
        quantity = min(quantity, rule.max_listed)
    if quantity < rule.out_of_stock_below:
        return 0
    return quantity


def channel_quantity(
    available_by_location: Mapping[int, int],
    mapped_locations: Iterable[int],
    rule: QuantityRule,
) -> int:
    """The quantity for one channel listing: available summed over the locations mapped to
    that channel (negative locations count as 0), then the rule applied."""
    total = sum(max(available_by_location.get(loc, 0), 0) for loc in set(mapped_locations))
    return listed_quantity(total, rule)
