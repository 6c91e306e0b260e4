"""Whether a channel's order is imported now. Pure: plain values in, a verdict out."""

from __future__ import annotations

from dataclasses import dataclass

from stockbridge.channels.order_settings import GetOrdersSettings
from stockbridge.channels.port_orders import RemoteOrder

IMPORT = "import"
WAIT = "wait"
SKIP = "skip"
HELD = ("on_hold", "scheduled")


@dataclass(frozen=True, slots=True)
class Verdict:
    action: str  # import, wait, skip
    reason: str = ""


def admit(order: RemoteOrder, settings: GetOrdersSettings, *, legacy: bool = False) -> Verdict:
    """`import`, or `wait` (it may be imported later, when the channel's order changes) or
    `skip` (it never will be), each saying why. Only orders not imported yet are judged:
    an imported order always follows its channel's changes."""
    if order.cancelled_at is not None:
        return Verdict(SKIP, "cancelled on the channel before it was imported")
    if not order.lines:
        return Verdict(SKIP, "the order has no lines")
    if legacy:
        return Verdict(IMPORT)
    if settings.wait_on_hold and order.fulfillment_status in HELD:
        return Verdict(WAIT, f"the order is {order.fulfillment_status.replace('_', ' ')}")
    if settings.financial_statuses and order.financial_status not in settings.financial_statuses:
        return Verdict(
            WAIT, f"financial status {order.financial_status or 'unknown'} is not imported"
        )
    status = "unfulfilled" if order.fulfillment_status in HELD else order.fulfillment_status
    if settings.fulfillment_statuses and status not in settings.fulfillment_statuses:
        return Verdict(WAIT, f"fulfilment status {status} is not imported")
    if order.location_remote_id is None:
        if not settings.import_without_location:
            return Verdict(WAIT, "the order has no location id")
    elif settings.location_ids and order.location_remote_id not in settings.location_ids:
        return Verdict(WAIT, f"location {order.location_remote_id} is not imported")
    return Verdict(IMPORT)
