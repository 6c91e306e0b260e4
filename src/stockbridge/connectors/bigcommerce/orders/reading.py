"""Reading BigCommerce orders: by query (Get Orders, the legacy pull), one by id, and the ones
the light callbacks name (a callback carries only the resource's id: the order is fetched).

A query lists `GET /v2/orders` with `min_date_modified` / `min_date_created` (ISO 8601),
`sort=date_modified:asc`, 250 a page until the 204 of an empty page; a single `status_id`
(the one status BigCommerce filters on) is asked when a filter names exactly one, and the
engine checks its filters again on every order received. Each order is then read with its
products, shipping addresses, coupons, taxes and shipments (v2) and its refunds (v3). The
`/products`-style sub-resources are v2 lists (204 when empty), read a page of 250 at a time."""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from typing import Any

from stockbridge.channels.errors import NotFound, Rejected
from stockbridge.channels.port_orders import (
    OrderQuery,
    RemoteCustomer,
    RemoteOrder,
    RemoteRefund,
)

from ..client import PAGE, BigCommerceClient
from . import mapping
from .values import moment, string

MAX_PAGES = 10_000
INCOMPLETE = 0  # an abandoned checkout: never listed by `GET /orders`, not an order yet
# the port's statuses -> the one v2 status id that says it
STATUS_OF_FULFILMENT = {"fulfilled": "2", "partial": "3"}


def v2_pages(client: BigCommerceClient, path: str, params: Mapping[str, str] | None = None
             ) -> Iterator[Any]:  # fmt: skip
    """Every item of a v2 list (a page of 250 at a time; 204 ends it)."""
    for page in range(1, MAX_PAGES + 1):
        query = {**(params or {}), "page": str(page), "limit": str(PAGE)}
        rows = client.json(client.call("GET", path, version="v2", params=query), path)
        if not isinstance(rows, list):
            raise Rejected(path, "BigCommerce answered something that is not a list")
        yield from rows
        if len(rows) < PAGE:
            return


def _iso(value: Any) -> str:
    return str(value.isoformat())


def params_of(query: OrderQuery) -> dict[str, str]:
    params = {"sort": "date_modified:asc"}
    if query.updated_since is not None:
        params["min_date_modified"] = _iso(query.updated_since)
    if query.created_since is not None:
        params["min_date_created"] = _iso(query.created_since)
    if len(query.fulfillment_statuses) == 1 and query.fulfillment_statuses[0] in (
        STATUS_OF_FULFILMENT
    ):
        params["status_id"] = STATUS_OF_FULFILMENT[query.fulfillment_statuses[0]]
    return params


def docs_of(client: BigCommerceClient, doc: Mapping[str, Any]) -> mapping.OrderDocs:
    ident = doc.get("id")
    if not isinstance(ident, int):
        raise Rejected("id", "the order has no id")
    base = f"/orders/{ident}"
    return mapping.OrderDocs(
        order=doc,
        products=list(v2_pages(client, f"{base}/products")),
        addresses=list(v2_pages(client, f"{base}/shipping_addresses")),
        coupons=list(v2_pages(client, f"{base}/coupons")),
        taxes=list(v2_pages(client, f"{base}/taxes")),
        shipments=list(v2_pages(client, f"{base}/shipments")),
        refunds=list(client.pages(f"{base}/payment_actions/refunds")),
    )


def read_orders(client: BigCommerceClient, query: OrderQuery) -> Iterator[RemoteOrder]:
    for doc in v2_pages(client, "/orders", params_of(query)):
        found = mapping.order(docs_of(client, doc))
        if not query.include_cancelled and found.cancelled_at is not None:
            continue
        yield found


def _order_id(remote_id: str) -> int:
    if not remote_id.isdigit():
        raise Rejected("order_id", f"is not a BigCommerce order id: {remote_id!r}"[:200])
    return int(remote_id)


def order_doc(client: BigCommerceClient, remote_id: str) -> dict[str, Any] | None:
    try:
        found = client.json(
            client.call("GET", f"/orders/{_order_id(remote_id)}", version="v2"), "the order"
        )
    except NotFound:
        return None
    return found if isinstance(found, dict) else None


def read_order(client: BigCommerceClient, remote_id: str) -> RemoteOrder | None:
    """The order now; None when the store has none (deleted), or only an incomplete one (an
    abandoned checkout, status 0: it becomes an order when it is completed)."""
    doc = order_doc(client, remote_id)
    if doc is None or doc.get("is_deleted") or doc.get("status_id") == INCOMPLETE:
        return None
    return mapping.order(docs_of(client, doc))


def _named(body: Mapping[str, object]) -> tuple[str, Mapping[str, Any]]:
    """The id a light callback names (`data.id`), and its `data`."""
    data = body.get("data")
    if not isinstance(data, Mapping) or not isinstance(data.get("id"), int):
        raise Rejected("data.id", "the callback names no resource")
    return str(data["id"]), data


def order_from_event(client: BigCommerceClient, body: Mapping[str, object]) -> RemoteOrder:
    ident, _ = _named(body)
    found = read_order(client, ident)
    if found is None:
        raise Rejected(
            "data.id", f"the store has no order {ident} (deleted since, or not completed yet)"
        )
    return found


def refund_from_event(client: BigCommerceClient, body: Mapping[str, object]) -> RemoteRefund:
    """`store/order/refund/created`: `data.id` is the order, `data.refund.refund_id` the
    refund."""
    order_id, data = _named(body)
    made = data.get("refund")
    wanted = made.get("refund_id") if isinstance(made, Mapping) else None
    if not isinstance(wanted, int):
        raise Rejected("data.refund.refund_id", "the callback names no refund")
    for doc in client.pages(f"/orders/{order_id}/payment_actions/refunds"):
        if doc.get("id") == wanted and mapping.sent_by_hub(doc):  # recorded when it was sent
            return RemoteRefund(remote_id=str(wanted), order_remote_id=order_id)
        if doc.get("id") == wanted:
            return mapping.refund(doc, order_id)
    raise Rejected("data.refund.refund_id", f"order {order_id} has no refund {wanted}")


def customer_from_event(client: BigCommerceClient, body: Mapping[str, object]) -> RemoteCustomer:
    """`store/customer/*`: the customer read by id (`GET /v3/customers?id:in=`), with its
    addresses."""
    ident, _ = _named(body)
    for doc in client.pages("/customers", {"id:in": ident, "include": "addresses"}):
        if str(doc.get("id")) == ident:
            return customer(doc)
    raise Rejected("data.id", f"the store has no customer {ident}")


def customer(doc: Mapping[str, Any]) -> RemoteCustomer:
    rows = doc.get("addresses") or []
    return RemoteCustomer(
        remote_id=str(doc["id"]),
        email=string(doc, "email"),
        first_name=string(doc, "first_name"),
        last_name=string(doc, "last_name"),
        phone=string(doc, "phone"),
        addresses=tuple(
            found
            for found in (mapping.address(a, mapping.V3_ADDRESS) for a in rows)
            if found is not None
        ),
        updated_at=moment(doc, "date_modified"),
    )


def tag_order(client: BigCommerceClient, remote_id: str, tags: Sequence[str]) -> None:
    """BigCommerce orders have no tags: the tags are kept in the order's staff notes, one
    `[tag]` each, added only when absent (tagging twice changes nothing)."""
    doc = order_doc(client, remote_id)
    if doc is None:
        raise NotFound(f"the store has no order {remote_id}")
    notes = str(doc.get("staff_notes") or "")
    missing = [f"[{t}]" for t in tags if f"[{t}]" not in notes]
    if missing:
        text = " ".join([notes.strip(), *missing]).strip()
        client.call(
            "PUT", f"/orders/{_order_id(remote_id)}", version="v2", body={"staff_notes": text}
        )
