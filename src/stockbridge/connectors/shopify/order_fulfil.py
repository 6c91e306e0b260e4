"""Hub fulfilments as Shopify fulfilments (`fulfillmentCreate`), tracking updates, closing.

Shopify fulfils fulfillment orders, one per location the order's units are assigned to, and
one `fulfillmentCreate` takes fulfillment orders of a single location. The hub's units are
taken first from the fulfillment orders at the location the hub shipped from (its mapping),
then from any other open one; each location then gets its own fulfilment with the same
tracking. Units that no open fulfillment order holds any more are refused (`Rejected`).

`fulfillmentCreate` takes no idempotency key, so a retry reads first: when `known` (the
order's fulfilments before the first attempt) is given, a newer fulfilment with the same
tracking numbers whose units are the hub fulfilment's is taken as already made, and only the
units no such fulfilment holds are sent.
"""

from __future__ import annotations

from collections import Counter
from typing import Any

from stockbridge.channels.errors import Rejected
from stockbridge.channels.port_fulfilment import FulfilmentWrite, RemoteFulfilment, TrackingInfo

from . import order_state
from .client import ShopifyClient
from .order_state import FoLine, OrderLine, key_of


def tracking_input(tracking: TrackingInfo) -> dict[str, Any] | None:
    if not tracking.numbers and not tracking.company:
        return None
    data: dict[str, Any] = {}
    if tracking.company:
        data["company"] = tracking.company
    if tracking.numbers:
        data["numbers"] = list(tracking.numbers)
    if tracking.urls:
        data["urls"] = list(tracking.urls)
    return data


def _units(lines: Any, order_lines: list[OrderLine] | None = None) -> Counter[str]:
    units: Counter[str] = Counter()
    for line in lines:
        units[key_of(line, order_lines or [])] += line.quantity
    return units


def _already_made(
    write: FulfilmentWrite, made: list[RemoteFulfilment], order_lines: list[OrderLine]
) -> tuple[list[str], Counter[str]]:
    """The fulfilments made by earlier attempts of `write`, and the units they hold."""
    if write.known is None:
        return [], Counter()
    wanted = _units(write.lines, order_lines)
    ids, held = [], Counter[str]()
    for fulfilment in made:
        if fulfilment.remote_id in write.known or fulfilment.cancelled:
            continue
        if set(fulfilment.tracking_numbers) != set(write.tracking.numbers):
            continue
        units = _units(fulfilment.lines)
        if all(held[k] + q <= wanted[k] for k, q in units.items()):
            ids.append(fulfilment.remote_id)
            held.update(units)
    return ids, held


def _allocate(
    wanted: Counter[str], fo_lines: list[FoLine], location: str | None
) -> dict[str | None, dict[str, list[dict[str, Any]]]]:
    """{location: {fulfillment order id: [{id, quantity}]}} covering `wanted`."""
    ordered = sorted(fo_lines, key=lambda x: (x.location_id != location,))
    plan: dict[str | None, dict[str, list[dict[str, Any]]]] = {}
    for key, quantity in wanted.items():
        left = quantity
        for fo_line in ordered:
            if left == 0:
                break
            if fo_line.key != key or fo_line.remaining <= 0:
                continue
            take = min(left, fo_line.remaining)
            fo_line.remaining -= take
            left -= take
            plan.setdefault(fo_line.location_id, {}).setdefault(fo_line.fo_id, []).append(
                {"id": fo_line.id, "quantity": take}
            )
        if left:
            what = key.split(":", 1)[1]
            raise Rejected(
                "lines",
                f"{left} of {quantity} units of {what} are not open to fulfil on the order "
                "in Shopify (already fulfilled, cancelled or not on the order)",
            )
    return plan


def create(client: ShopifyClient, write: FulfilmentWrite) -> tuple[str, ...]:
    state = order_state.read(client, write.order_id)
    ids, held = _already_made(write, state.fulfilments, state.lines)
    wanted = _units(write.lines, state.lines)
    wanted.subtract(held)
    wanted = +wanted  # only what is left to send
    if not wanted:
        return tuple(ids)
    plan = _allocate(wanted, state.fo_lines, write.location_remote_id)
    tracking = tracking_input(write.tracking)
    # the mapped location first, then the others in a stable order
    for location in sorted(plan, key=lambda x: (x != write.location_remote_id, x or "")):
        by_fo = plan[location]
        fulfillment: dict[str, Any] = {
            "lineItemsByFulfillmentOrder": [
                {"fulfillmentOrderId": fo_id, "fulfillmentOrderLineItems": items}
                for fo_id, items in by_fo.items()
            ],
            "notifyCustomer": write.notify_customer,
        }
        if tracking is not None:
            fulfillment["trackingInfo"] = tracking
        payload = client.execute("fulfillment_create", {"fulfillment": fulfillment}, once=True).get(
            "fulfillmentCreate"
        )
        order_state.user_errors(payload)
        made = (payload or {}).get("fulfillment") or {}
        if not made.get("id"):
            raise Rejected("fulfillment", "Shopify made no fulfilment and said nothing")
        ids.append(str(made["id"]))
    return tuple(ids)


def update_tracking(
    client: ShopifyClient, fulfilment_id: str, tracking: TrackingInfo, *, notify_customer: bool
) -> None:
    payload = client.execute(
        "fulfillment_tracking_update",
        {
            "id": fulfilment_id,
            "tracking": tracking_input(tracking) or {"numbers": []},
            "notify": notify_customer,
        },
    ).get("fulfillmentTrackingInfoUpdate")
    order_state.user_errors(payload)


def close(client: ShopifyClient, order_id: str) -> None:
    payload = client.execute("order_close", {"id": order_id}).get("orderClose")
    order_state.user_errors(payload)
