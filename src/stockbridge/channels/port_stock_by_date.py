"""The port's stock by date: for a channel that sells ahead (a wholesale portal), what each
listed size can be promised per remote warehouse, as rows by date: the `immediate` row
(today: what is available now) and one `future` row per later date on which more arrives
(the hub's available to promise, `inventory/promise.py`: `Promise.additions()`). A channel
sums the rows whose date has come, so each row is what that date adds.

A push replaces what the channel held of each item (its earlier rows go, when it may hold
any), so a date that no longer adds anything (a purchase order received, or cancelled)
disappears there."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Protocol

from .port import ItemResult


@dataclass(frozen=True, slots=True)
class DatedQuantity:
    on: date
    quantity: int
    immediate: bool  # today's row (what is available now); else a future row


@dataclass(frozen=True, slots=True)
class StockByDate:
    """One size at one remote warehouse. `ref` names the item in results; `product_id` is the
    channel's product of the size (a channel may recompute its availability by product).
    `replace`: the channel may hold earlier rows of it (pushed before, or a full reconcile),
    to remove first; False on its first push, when there is nothing to remove."""

    ref: str
    warehouse_id: str
    product_id: str
    size_id: str
    rows: tuple[DatedQuantity, ...]
    replace: bool = True


class StockByDateTarget(Protocol):
    def set_stock_by_date(self, items: Sequence[StockByDate]) -> list[ItemResult]:
        """Replace each item's rows at its warehouse; one result per item (keyed by `ref`).
        A warehouse or size the channel does not know is "NotFound"; refused rows are
        "Rejected"; a failed item never sinks items of other warehouses."""
