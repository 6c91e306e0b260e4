"""The port for the outbound half of orders: what the hub made (fulfilments with tracking,
refunds with restock, cancellations, closing) sent to the channel the order came from.

Plain frozen values and two protocols; a connector implements them beside `channels.port`'s.
Lines are named by the channel's variant id and SKU (the engine's lines hold no channel line
id): the connector matches them to the order's own lines. Quantities are whole units, money is
`Decimal` in the order's currency, remote ids are the channel's own strings. Failures are
`channels.errors` (a refusal of the data is `Rejected`; a call that may have happened and may
not is `Unavailable`: the engine then reads before it sends again).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum
from typing import Protocol


class Restock(StrEnum):
    """What a refunded line does to stock on the channel."""

    NO_RESTOCK = "no_restock"  # units stay with the customer
    CANCEL = "cancel"  # unfulfilled units go back to available
    RETURN = "return"  # shipped units come back to a location


@dataclass(frozen=True, slots=True)
class LineRef:
    """Units of one of the order's lines, named by the channel's variant id (None for a line
    the hub has no listing for) and SKU."""

    remote_variant_id: str | None
    sku: str
    quantity: int


@dataclass(frozen=True, slots=True)
class TrackingInfo:
    """A shipment's tracking: the carrier's name, one or more numbers, a URL per number (or
    none: the channel may build them from a known carrier)."""

    company: str = ""
    numbers: tuple[str, ...] = ()
    urls: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class FulfilmentWrite:
    """One hub fulfilment to show on the channel's order `order_id`. `location_remote_id` is
    the channel location the hub location maps to (None: no mapping; any location holding the
    units will do). `known` are the channel's fulfilment ids of the order before the first
    attempt: anything newer that matches these lines and tracking is this fulfilment (a retry
    after an answer that never came reads before it sends)."""

    ref: str
    order_id: str
    lines: tuple[LineRef, ...]
    tracking: TrackingInfo
    notify_customer: bool
    location_remote_id: str | None = None
    known: tuple[str, ...] | None = None


@dataclass(frozen=True, slots=True)
class RemoteFulfilment:
    """A fulfilment the channel holds: its id, where it left from, its tracking numbers and
    its units as (variant id or None, SKU, quantity); `cancelled` when it was cancelled."""

    remote_id: str
    location_remote_id: str | None
    tracking_numbers: tuple[str, ...]
    lines: tuple[LineRef, ...]
    cancelled: bool = False


@dataclass(frozen=True, slots=True)
class RefundLineWrite:
    line: LineRef
    restock: Restock
    location_remote_id: str | None = None  # where returned or cancelled units go back


@dataclass(frozen=True, slots=True)
class RefundWrite:
    """One hub refund for the channel's order. `key` is its idempotency key: the same key for
    every attempt of this refund, so the channel makes it once whatever the retries."""

    ref: str
    order_id: str
    key: str
    currency: str
    amount: Decimal
    lines: tuple[RefundLineWrite, ...] = ()
    shipping_amount: Decimal = Decimal("0")
    note: str = ""
    notify_customer: bool = False


@dataclass(frozen=True, slots=True)
class CancelWrite:
    """Cancel the channel's order: `restock` its unfulfilled units, `refund` what was paid."""

    order_id: str
    reason: str = "other"  # customer, declined, fraud, inventory, staff, other
    restock: bool = True
    refund: bool = True
    notify_customer: bool = False
    staff_note: str = ""


CANCEL_REASONS = ("customer", "declined", "fraud", "inventory", "staff", "other")


class FulfilmentTarget(Protocol):
    def order_fulfilments(self, order_id: str) -> list[RemoteFulfilment]:
        """Every fulfilment the channel holds for the order (NotFound when the order is
        gone)."""

    def create_fulfilment(self, write: FulfilmentWrite) -> tuple[str, ...]:
        """Fulfil the lines on the channel; the channel's fulfilment ids made (one per
        channel location the units were assigned to). Rejected when the channel refuses
        (nothing left to fulfil, unknown line); Unavailable when the answer was lost."""

    def update_tracking(
        self, fulfilment_id: str, tracking: TrackingInfo, *, notify_customer: bool
    ) -> None:
        """Replace the tracking of a fulfilment already on the channel."""

    def close_order(self, order_id: str) -> None:
        """Mark the channel's order closed (archived); closing twice changes nothing."""


class RefundTarget(Protocol):
    def create_refund(self, write: RefundWrite) -> str:
        """Make the refund on the channel, exactly once per `write.key`; its id."""

    def cancel_order(self, write: CancelWrite) -> None:
        """Cancel the channel's order; an order already cancelled there is no error."""


def tracking_of(company: str, numbers: Sequence[str], urls: Sequence[str]) -> TrackingInfo:
    """Tracking with empty numbers and URLs left out (a URL only beside its number)."""
    kept = [(n, urls[i] if i < len(urls) else "") for i, n in enumerate(numbers) if n]
    return TrackingInfo(
        company=company,
        numbers=tuple(n for n, _ in kept),
        urls=tuple(u for _, u in kept) if all(u for _, u in kept) else (),
    )
