"""Orders read from the store: `GET /orders` filtered by `modified_after` / `after` (GMT,
`dates_are_gmt`) and `status`, 100 a page, and each order's refunds (`GET
/orders/<id>/refunds`, read only when the order lists some). WooCommerce sorts orders by date
or id, never by their last change: each page is handed on oldest change first.

Statuses asked for are WooCommerce's own: `fulfilled` is `completed`; `unfulfilled` is
`processing` (and the held `pending`, `on-hold`, `failed`); `paid` is `processing` or
`completed`; `pending` is `pending`, `on-hold` or `failed`; `refunded` is `refunded`."""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from datetime import UTC, datetime
from typing import Any

from stockbridge.channels.errors import NotFound, Rejected
from stockbridge.channels.port_orders import OrderQuery, RemoteOrder, RemoteRefund

from ..client import WooClient
from . import mapping
from .values import meta, objects

ALL = ("pending", "processing", "on-hold", "completed", "cancelled", "refunded", "failed")
BY_FULFILMENT = {
    "fulfilled": ("completed",),
    "unfulfilled": ("pending", "processing", "on-hold", "failed"),
    "partial": (),
}
BY_FINANCIAL = {
    "paid": ("processing", "completed"),
    "partially_refunded": ("processing", "completed"),
    "pending": ("pending", "on-hold", "failed"),
    "authorized": ("on-hold",),
    "refunded": ("refunded",),
    "voided": ("cancelled",),
}
TAGS = "stockbridge_tags"  # WooCommerce orders have no tags: they are kept in this meta


def _gmt(value: datetime) -> str:
    return value.astimezone(UTC).replace(tzinfo=None).isoformat(timespec="seconds")


def statuses(query: OrderQuery) -> tuple[str, ...]:
    """WooCommerce statuses the query's statuses allow (in WooCommerce's order)."""
    allowed = set(ALL)
    if query.fulfillment_statuses:
        allowed &= {s for f in query.fulfillment_statuses for s in BY_FULFILMENT.get(f, ())}
    if query.financial_statuses:
        allowed &= {s for f in query.financial_statuses for s in BY_FINANCIAL.get(f, ())}
    if not query.include_cancelled:
        allowed.discard("cancelled")
    return tuple(s for s in ALL if s in allowed)


def with_refunds(client: WooClient, data: Mapping[str, Any]) -> RemoteOrder:
    """The order of `data`, its refunds read from the store when it lists any."""
    refunds: list[dict[str, Any]] = []
    if objects(data, "refunds"):
        refunds = list(client.pages(f"/orders/{data.get('id')}/refunds"))
    return mapping.order_of(data, refunds)


def read_orders(client: WooClient, query: OrderQuery) -> Iterator[RemoteOrder]:
    wanted = statuses(query)
    if not wanted:
        return
    params = {"status": ",".join(wanted), "dates_are_gmt": "true"}
    if query.updated_since is not None:
        params["modified_after"] = _gmt(query.updated_since)
    if query.created_since is not None:
        params["after"] = _gmt(query.created_since)
    page: list[RemoteOrder] = []
    for data in client.pages("/orders", params):
        page.append(with_refunds(client, data))
        if len(page) == 100:
            yield from sorted(page, key=lambda o: o.updated_at)
            page = []
    yield from sorted(page, key=lambda o: o.updated_at)


def read_order(client: WooClient, remote_id: str) -> RemoteOrder | None:
    if not remote_id.isdigit():
        return None
    try:
        data = client.json(client.get(f"/orders/{remote_id}"), "the order")
    except NotFound:
        return None
    return with_refunds(client, data)


def refund_from_event(body: Mapping[str, object]) -> RemoteRefund:
    raise Rejected("topic", "WooCommerce sends no refund events: a refund arrives as order.updated")


def tag_order(client: WooClient, remote_id: str, tags: Sequence[str]) -> None:
    """WooCommerce orders have no tags: they are kept, comma separated, in the order's meta
    `stockbridge_tags` (tags it holds there stay)."""
    data = client.json(client.get(f"/orders/{remote_id}"), "the order")
    held = [t.strip() for t in meta(data, TAGS).split(",") if t.strip()]
    merged = held + [t for t in tags if t and t not in held]
    if merged != held:
        client.call(
            "PUT",
            f"/orders/{remote_id}",
            body={"meta_data": [{"key": TAGS, "value": ", ".join(merged)}]},
        )
