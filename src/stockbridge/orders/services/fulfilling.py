"""Fulfilling orders: units of some lines leave one location, with carrier and tracking."""

from __future__ import annotations

from collections.abc import Sequence

from django.db import transaction

from stockbridge.inventory import queries as inventory_queries
from stockbridge.inventory.errors import NotAQuantity, UnknownLocation
from stockbridge.platform import clock
from stockbridge.platform.bounds import check_text
from stockbridge.platform.errors import FieldError

from .. import events, rows
from ..errors import LineNotFound, TooMany
from ..events import EventKind
from ..models import Fulfilment, FulfilmentLine, OrderLine
from ..specs import FulfilLine, Tracking
from ..states import Action, after_shipping, require
from . import reserving
from .loading import lock_order_with_lines

# What shipping reads (the rest of the order and its lines would only cost time to load).
ORDER_FIELDS = ("id", "number", "status", "channel", "external_id")
LINE_FIELDS = (
    "id",
    "order_id",
    "position",
    "variant_id",
    "sku",
    "quantity",
    "fulfilled_quantity",
    "removed_quantity",
)


def _wanted(
    lines: dict[int, OrderLine], requested: Sequence[FulfilLine] | None
) -> list[tuple[str, OrderLine, int]]:
    if requested is None:
        return [
            (f"lines[{i}].quantity", line, line.open_quantity)
            for i, line in enumerate(lines.values())
            if line.open_quantity > 0
        ]
    out = []
    seen: set[int] = set()
    for i, item in enumerate(requested):
        line = lines.get(item.line_id)
        if line is None:
            raise LineNotFound(f"lines[{i}].line_id", item.line_id)
        if item.line_id in seen:
            raise FieldError(f"lines[{i}].line_id", "each line appears once", code="duplicate")
        seen.add(item.line_id)
        q = item.quantity
        field = f"lines[{i}].quantity"
        if isinstance(q, bool) or not isinstance(q, int) or q < 1:
            raise NotAQuantity(field, q)
        if q > line.open_quantity:
            raise TooMany(field, requested=q, allowed=line.open_quantity, what="units left to ship")
        out.append((field, line, q))
    return out


def fulfil_order(
    *,
    order_id: int,
    location_id: int,
    lines: Sequence[FulfilLine] | None = None,
    tracking: Tracking | None = None,
    actor: str = "",
) -> Fulfilment:
    """Ship `lines` (every unit still to ship when None) from `location_id`: on_hand and
    committed go down there through the ledger. Units held at another location move to this
    one first (released there, reserved here). Raises OrderNotFound, IllegalTransition (e.g.
    a cancelled order), UnknownLocation, LineNotFound, TooMany, InsufficientStock naming
    `lines[i].quantity`; nothing changes then. Emits order.fulfilled."""
    tracking = tracking or Tracking()
    check_text("tracking_carrier", tracking.carrier, limit=_CARRIER)
    check_text("tracking_number", tracking.number, limit=_NUMBER)
    check_text("tracking_url", tracking.url, limit=_URL)
    if tracking.url and not tracking.url.startswith(("https://", "http://")):
        raise FieldError("tracking_url", "must be an http(s) URL")
    with transaction.atomic():
        order, ordered = lock_order_with_lines(
            order_id, order_fields=ORDER_FIELDS, line_fields=LINE_FIELDS
        )
        require(order.status, Action.FULFIL, order=order.number)
        code = inventory_queries.location_code(location_id)
        if code is None:
            raise UnknownLocation("location_id", location_id)
        all_lines = {line.pk: line for line in ordered}
        wanted = _wanted(all_lines, lines)
        if not wanted:
            raise FieldError("lines", "nothing left to ship")
        stocked = [w for w in wanted if w[1].variant_id is not None]  # unlinked: no stock
        if stocked:
            reserving.ship_lines(stocked, location_id=location_id, actor=actor)
        for _, line, q in wanted:
            line.fulfilled_quantity += q
        # One statement for every line (the order, so its lines, is locked: values are current).
        rows.update([line for _, line, _ in wanted], ["fulfilled_quantity"])
        now = clock.now()
        fulfilment = rows.new(
            Fulfilment,
            order=order,
            location_id=location_id,
            carrier=tracking.carrier,
            tracking_number=tracking.number,
            tracking_url=tracking.url,
            notify_customer=tracking.notify_customer,
            shipped_at=tracking.shipped_at or now,
            created_at=now,
        )
        rows.insert([fulfilment])
        rows.insert(
            [
                rows.new(FulfilmentLine, fulfilment=fulfilment, line=line, quantity=q)
                for _, line, q in wanted
            ]
        )
        order.status = after_shipping(
            order.status,
            to_ship=sum(x.quantity - x.removed_quantity for x in all_lines.values()),
            shipped=sum(x.fulfilled_quantity for x in all_lines.values()),
        )
        order.updated_at = now
        rows.update([order], ["status", "updated_at"])
        shipped = [{"line_id": line.pk, "sku": line.sku, "quantity": q} for _, line, q in wanted]
        payload = {
            "fulfilment_id": fulfilment.pk,
            "location": code,
            "carrier": tracking.carrier,
            "tracking_number": tracking.number,
            "tracking_url": tracking.url,
            "notify_customer": tracking.notify_customer,
            "lines": shipped,
            "status": order.status,
        }
        events.record(
            order,
            "fulfilled",
            f"{sum(q for _, _, q in wanted)} units shipped from {code}"
            + (f", tracking {tracking.number}" if tracking.number else ""),
            data=payload,
            actor=actor,
            at=now,
        )
        events.emit(order, EventKind.FULFILLED, payload)
        return fulfilment


_CARRIER = Fulfilment._meta.get_field("carrier").max_length or 0
_NUMBER = Fulfilment._meta.get_field("tracking_number").max_length or 0
_URL = Fulfilment._meta.get_field("tracking_url").max_length or 0
