"""Hub fulfilments as BigCommerce shipments (`POST /v2/orders/{id}/shipments`: the order
products and units shipped, `order_address_id` the order's shipping address, the tracking
number, carrier and link), tracking updates (`PUT .../shipments/{id}`), and closing (status
10, Completed).

A shipment carries one tracking number: several are sent as one, comma-separated (the hub
writes them so); the carrier goes as `tracking_carrier` (AfterShip's slug: lower case, dashes)
and by name as `shipping_method`. BigCommerce has no shipment locations (stock leaves
wherever the store counts it), so `location_remote_id` is not sent.

Shipments take no idempotency key: the create is sent once (`once`: a lost answer is
`Unavailable`), and a retry reads first: a shipment not in `known` with the same tracking
number and the same units is the one an earlier attempt made. A shipment's id is
`<order id>:<shipment id>` (its API path needs both)."""

from __future__ import annotations

from collections import Counter
from typing import Any

from stockbridge.channels.errors import Rejected
from stockbridge.channels.port_fulfilment import (
    FulfilmentWrite,
    LineRef,
    RemoteFulfilment,
    TrackingInfo,
)

from .client import BigCommerceClient
from .orders import mapping
from .orders.lines import allocate
from .orders.reading import order_doc, v2_pages

COMPLETED = 10


def _order_id(remote_id: str) -> int:
    if not remote_id.isdigit():
        raise Rejected("order_id", f"is not a BigCommerce order id: {remote_id!r}"[:200])
    return int(remote_id)


def _products(client: BigCommerceClient, order_id: int) -> list[dict[str, Any]]:
    return list(v2_pages(client, f"/orders/{order_id}/products"))


def _shipments(client: BigCommerceClient, order_id: int) -> list[dict[str, Any]]:
    return list(v2_pages(client, f"/orders/{order_id}/shipments"))


def order_fulfilments(client: BigCommerceClient, order_id: str) -> list[RemoteFulfilment]:
    ident = _order_id(order_id)
    products = {int(p["id"]): p for p in _products(client, ident)}
    found = []
    for doc in _shipments(client, ident):
        read = mapping.shipment(doc, order_id)
        lines = []
        for line in read.lines:
            product = products.get(int(line.line_remote_id), {})
            variant = product.get("variant_id")
            lines.append(
                LineRef(
                    remote_variant_id=str(variant) if variant else None,
                    sku=str(product.get("sku") or ""),
                    quantity=line.quantity,
                )
            )
        numbers = tuple(n.strip() for n in read.tracking_number.split(",") if n.strip())
        found.append(RemoteFulfilment(read.remote_id, None, numbers, tuple(lines)))
    return found


def tracking_body(tracking: TrackingInfo) -> dict[str, Any]:
    company = tracking.company.strip()
    return {
        "tracking_number": ", ".join(tracking.numbers),
        "tracking_carrier": "-".join(company.lower().split()),
        "shipping_method": company,
        "tracking_link": tracking.urls[0] if tracking.urls else "",
    }


def _already_made(
    client: BigCommerceClient, write: FulfilmentWrite, ident: int, units: dict[int, int]
) -> str | None:
    if write.known is None:
        return None
    number = ", ".join(write.tracking.numbers)
    for doc in _shipments(client, ident):
        made = mapping.shipment_id(str(ident), doc)
        if made in write.known or str(doc.get("tracking_number") or "") != number:
            continue
        held = Counter[int]()
        for item in doc.get("items") or []:
            held[int(item["order_product_id"])] += int(item["quantity"])
        if dict(held) == units:
            return made
    return None


def create(client: BigCommerceClient, write: FulfilmentWrite) -> tuple[str, ...]:
    ident = _order_id(write.order_id)
    products = _products(client, ident)
    wanted = Counter[int]()
    for product_id, units in allocate(write.lines, products, lambda p: int(p["quantity"])).items():
        wanted[product_id] += units
    made = _already_made(client, write, ident, dict(wanted))
    if made is not None:
        return (made,)
    room = {
        int(p["id"]): int(p["quantity"]) - int(p.get("quantity_shipped") or 0) for p in products
    }
    short = [p for p, units in wanted.items() if units > room[p]]
    if short:
        raise Rejected("lines", f"order products {short} have fewer units left to ship")
    body: dict[str, Any] = {
        **tracking_body(write.tracking),
        "items": [{"order_product_id": p, "quantity": q} for p, q in sorted(wanted.items())],
    }
    addresses = list(v2_pages(client, f"/orders/{ident}/shipping_addresses"))
    if addresses:
        body["order_address_id"] = int(addresses[0]["id"])
    answer = client.json(
        client.call("POST", f"/orders/{ident}/shipments", version="v2", body=body, once=True),
        "the shipment",
    )
    return (mapping.shipment_id(str(ident), answer),)


def update_tracking(client: BigCommerceClient, fulfilment_id: str, tracking: TrackingInfo) -> None:
    order_id, _, shipment_id = fulfilment_id.partition(":")
    if not order_id.isdigit() or not shipment_id.isdigit():
        raise Rejected("fulfilment_id", f"is not a BigCommerce shipment: {fulfilment_id!r}"[:200])
    client.call(
        "PUT",
        f"/orders/{order_id}/shipments/{shipment_id}",
        version="v2",
        body=tracking_body(tracking),
    )


def close(client: BigCommerceClient, order_id: str) -> None:
    """Completed (10); an order already completed is left as it is."""
    doc = order_doc(client, order_id)
    if doc is None:
        raise Rejected("order_id", f"the store has no order {order_id}")
    if doc.get("status_id") != COMPLETED:
        client.call(
            "PUT", f"/orders/{_order_id(order_id)}", version="v2", body={"status_id": COMPLETED}
        )
