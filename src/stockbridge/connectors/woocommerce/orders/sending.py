"""The hub's fulfilments, tracking changes, refunds, cancellations and closes sent to a
WooCommerce order, each made once however often it is retried.

- Fulfilment: an order note (see `notes`) naming the hub's fulfilment (`ref`); an attempt
  first reads the order's notes and answers the note an earlier attempt made. When every unit
  of the order is shipped (or refunded) the order becomes `completed` (which is how
  WooCommerce says shipped; it e-mails the customer itself). The note is a customer note (the
  customer sees it) when the customer is to be notified.
- Refund: `POST /orders/<id>/refunds` with the amount, the lines (order line `id`,
  `quantity`, `refund_total` at the line's price), `api_refund: false` (the hub gave the money
  back; WooCommerce only records it), `api_restock: false`, and meta `stockbridge_refund_key`
  = the hub's idempotency key: an attempt first reads the order's refunds and answers the one
  carrying its key. The units restocked here reach the store as the hub's absolute stock
  figure (the stock push); WooCommerce's own restock adds them to its figure a second time
  whenever that push came first.
- Cancel: status `cancelled`; an order already cancelled is left as it is. WooCommerce puts
  back the stock a paid or held order took, a relative change on top of the figure the hub
  sets absolutely: the connector takes it back off each managed item at once, so the store
  shows the hub's figure whichever came first, the stock push or the cancellation.
  WooCommerce gives no money back by cancelling.
- Close: status `completed`, unless the order is completed, cancelled or refunded already.
"""

from __future__ import annotations

from collections.abc import Mapping
from contextlib import suppress
from decimal import Decimal
from typing import Any

from stockbridge.channels.errors import NotFound, Rejected
from stockbridge.channels.port_fulfilment import (
    CancelWrite,
    FulfilmentWrite,
    RefundWrite,
    RemoteFulfilment,
    TrackingInfo,
)

from ..client import WooClient
from ..ids import STOCK
from . import notes
from .lines import less_refunded, order_lines, own_refund, take
from .mapping import REFUND_KEY
from .values import CENT, money, objects

DONE = ("cancelled", "refunded", "trash", "failed")
REDUCED = ("processing", "on-hold", "completed")  # WooCommerce took their stock


def _order(client: WooClient, order_id: str) -> dict[str, Any]:
    data = client.json(client.get(f"/orders/{order_id}"), "the order")
    if not isinstance(data, dict):
        raise Rejected("order", "WooCommerce answered the order with something else")
    return data


def _notes(client: WooClient, order_id: str) -> list[dict[str, Any]]:
    found = client.json(client.get(f"/orders/{order_id}/notes"), "the order's notes")
    return [n for n in found if isinstance(n, dict)] if isinstance(found, list) else []


def _refunds(client: WooClient, data: dict[str, Any]) -> list[dict[str, Any]]:
    if not objects(data, "refunds"):
        return []
    return list(client.pages(f"/orders/{data['id']}/refunds"))


def _shipment(fulfilment_id: str) -> tuple[str, int]:
    """(order id, note id) of a shipment's id `<order id>/<note id>`."""
    order, _, note = fulfilment_id.partition("/")
    if not order.isdigit() or not note.isdigit():
        raise Rejected("fulfilment", f"{fulfilment_id!r} is not a WooCommerce shipment note")
    return order, int(note)


def fulfilments(client: WooClient, order_id: str) -> list[RemoteFulfilment]:
    return [
        RemoteFulfilment(
            remote_id=f"{order_id}/{s.note_id}",
            location_remote_id=STOCK,
            tracking_numbers=s.numbers,
            lines=s.lines,
        )
        for s in notes.shipments(_notes(client, order_id))
    ]


def fulfil(client: WooClient, write: FulfilmentWrite) -> tuple[str, ...]:
    data = _order(client, write.order_id)
    held = notes.shipments(_notes(client, write.order_id))
    earlier = [s for s in held if s.ref == write.ref]
    if earlier:  # an earlier attempt made it; its answer was lost
        return (f"{write.order_id}/{earlier[0].note_id}",)
    status = str(data.get("status") or "")
    if status in DONE:
        raise Rejected("order", f"the order is {status} in WooCommerce: nothing to ship")
    lines = order_lines(data)
    less_refunded(lines, _refunds(client, data))
    for shipment in held:
        for ref in shipment.lines:
            with suppress(Rejected):  # shipped before its line changed: nothing more is open
                take(lines, ref, "ship")
    for ref in write.lines:
        take(lines, ref, "ship")
    made = client.json(
        client.post(
            f"/orders/{write.order_id}/notes",
            {
                "note": notes.shipped_note(write.ref, write.lines, write.tracking),
                "customer_note": write.notify_customer,
            },
        ),
        "the note",
    )
    if all(line.left == 0 for line in lines) and status != "completed":
        client.call("PUT", f"/orders/{write.order_id}", body={"status": "completed"})
    return (f"{write.order_id}/{made['id']}",)


def update_tracking(
    client: WooClient, fulfilment_id: str, tracking: TrackingInfo, *, notify_customer: bool
) -> None:
    order_id, note_id = _shipment(fulfilment_id)
    client.post(
        f"/orders/{order_id}/notes",
        {"note": notes.changed_note(note_id, tracking), "customer_note": notify_customer},
    )


def close(client: WooClient, order_id: str) -> None:
    data = _order(client, order_id)
    if data.get("status") not in ("completed", *DONE):
        client.call("PUT", f"/orders/{order_id}", body={"status": "completed"})


def refund_body(write: RefundWrite, data: dict[str, Any]) -> dict[str, Any]:
    lines = order_lines(data)
    prices = {
        int(x["id"]): money(x.get("total"), "line_items.total") / max(int(x["quantity"]), 1)
        for x in objects(data, "line_items")
    }
    items: dict[int, int] = {}
    for refunded in write.lines:
        for line, units in take(lines, refunded.line, "refund"):
            items[line.line_id] = items.get(line.line_id, 0) + units
    body: dict[str, Any] = {
        "amount": str(write.amount.quantize(CENT)),
        "reason": write.note[:200],
        "api_refund": False,
        "api_restock": False,
        "line_items": [
            {
                "id": line_id,
                "quantity": units,
                "refund_total": float((prices[line_id] * units).quantize(CENT)),
            }
            for line_id, units in items.items()
        ],
        "meta_data": [{"key": REFUND_KEY, "value": write.key}],
    }
    return body


def refund(client: WooClient, write: RefundWrite) -> str:
    data = _order(client, write.order_id)
    refunds = _refunds(client, data)
    earlier = own_refund(refunds, write.key)
    if earlier:  # made by an earlier attempt
        return earlier
    if write.currency and data.get("currency") and write.currency != data["currency"]:
        raise Rejected("currency", f"the order is in {data['currency']}, not {write.currency}")
    if write.amount > money(data.get("total"), "total") - sum(
        (abs(money(r.get("amount"), "amount")) for r in refunds), Decimal(0)
    ):
        raise Rejected("amount", f"{write.amount} is more than the order has left to refund")
    made = client.json(
        client.post(f"/orders/{write.order_id}/refunds", refund_body(write, data)), "the refund"
    )
    return str(made["id"])


def cancel(client: WooClient, write: CancelWrite) -> None:
    data = _order(client, write.order_id)
    if data.get("status") in ("cancelled", "trash"):
        return
    client.call("PUT", f"/orders/{write.order_id}", body={"status": "cancelled"})
    if data.get("status") in REDUCED:
        for line in objects(data, "line_items"):
            _take_back(client, line)
    if write.staff_note:
        client.post(
            f"/orders/{write.order_id}/notes",
            {"note": f"Cancelled in Stockbridge: {write.staff_note}", "customer_note": False},
        )


def _take_back(client: WooClient, line: Mapping[str, Any]) -> None:
    """Undo WooCommerce's restock of a cancelled line (its managed item's figure less the
    line's units)."""
    product, variation = line.get("product_id"), line.get("variation_id")
    if not product:
        return
    path = f"/products/{product}/variations/{variation}" if variation else f"/products/{product}"
    try:
        item = client.json(client.get(path), "the item")
    except NotFound:
        return  # gone since: nothing holds its stock
    if item.get("manage_stock") is True and isinstance(item.get("stock_quantity"), int):
        quantity = item["stock_quantity"] - int(line.get("quantity") or 0)
        client.call("PUT", path, body={"stock_quantity": quantity})
