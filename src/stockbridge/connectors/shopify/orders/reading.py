"""Reading Shopify orders (Get Orders, the legacy pull, one order by id), reading webhook
payloads, and tagging an order after import.

Orders are searched with Shopify's `orders(query:)` syntax: `updated_at:>=`, `created_at:>=`,
`financial_status:`, `fulfillment_status:`, `-status:cancelled`; the engine checks its
filters again on every order it receives (webhooks bring unfiltered orders too). Without the
`read_all_orders` scope Shopify serves only the last 60 days of orders (API-NOTES; the
`orders` query doc).
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from typing import Any

from stockbridge.channels.errors import Rejected
from stockbridge.channels.port_orders import OrderQuery, RemoteCustomer, RemoteOrder, RemoteRefund

from ..client import ShopifyClient
from . import nodes, rest

PAGE = 5
RECENT_DAYS = 60
ALL_ORDERS_SCOPE = "read_all_orders"


def _iso(value: Any) -> str:
    return str(value.isoformat().replace("+00:00", "Z"))


def search(query: OrderQuery) -> str:
    """The `orders(query:)` text of `query`."""
    terms = []
    if query.updated_since is not None:
        terms.append(f"updated_at:>='{_iso(query.updated_since)}'")
    if query.created_since is not None:
        terms.append(f"created_at:>='{_iso(query.created_since)}'")
    if query.financial_statuses:
        terms.append(
            "(" + " OR ".join(f"financial_status:{s}" for s in query.financial_statuses) + ")"
        )
    if query.fulfillment_statuses:
        terms.append(
            "(" + " OR ".join(f"fulfillment_status:{s}" for s in query.fulfillment_statuses) + ")"
        )
    if not query.include_cancelled:
        terms.append("-status:cancelled")
    return " AND ".join(terms)


def read_orders(client: ShopifyClient, query: OrderQuery) -> Iterator[RemoteOrder]:
    yield from _pages(client, search(query))


def _pages(client: ShopifyClient, text: str) -> Iterator[RemoteOrder]:
    after: str | None = None
    while True:
        data = client.execute("orders_page", {"first": PAGE, "after": after, "query": text or None})
        page = data.get("orders") or {}
        for node in page.get("nodes") or []:
            yield nodes.order(node)
        info = page.get("pageInfo") or {}
        if not info.get("hasNextPage"):
            return
        after = info.get("endCursor")


def read_order(client: ShopifyClient, remote_id: str) -> RemoteOrder | None:
    legacy = remote_id.rsplit("/", 1)[-1]
    if not legacy.isdigit():
        raise Rejected("order_id", f"is not a Shopify order id: {remote_id!r}"[:200])
    for found in _pages(client, f"id:{legacy}"):
        if found.remote_id == remote_id:
            return found
    return None


def tag_order(client: ShopifyClient, remote_id: str, tags: Sequence[str]) -> None:
    data = client.execute("tags_add", {"id": remote_id, "tags": list(tags)})
    errors = (data.get("tagsAdd") or {}).get("userErrors") or []
    if errors:
        raise Rejected("tags", "; ".join(str(e.get("message", "")) for e in errors)[:500])


def order_from_event(body: Mapping[str, object]) -> RemoteOrder:
    return rest.order(body)


def refund_from_event(body: Mapping[str, object]) -> RemoteRefund:
    return rest.refund(body)


def customer_from_event(body: Mapping[str, object]) -> RemoteCustomer:
    return rest.customer(body)


def history_days(scopes: frozenset[str]) -> int | None:
    return None if ALL_ORDERS_SCOPE in scopes else RECENT_DAYS
