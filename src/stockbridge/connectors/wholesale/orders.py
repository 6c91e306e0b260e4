"""Approved portal orders handed over to the hub (API.md §4): `GET /api/orders/approved/detail`
lists them whole; each becomes a `RemoteOrder` (one line per size of each style line, its size
resolved to the size id the push linked by reading the product once per pull), with the
account code it was placed for (`retailer.retailer_code`) and its custom fields (the extra
top-level keys) as tags `key:value`. `POST /api/order/{_id}/processed` marks it taken: it
leaves the approved list; repeating it is harmless. The portal's later edits are not read."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime
from decimal import Decimal
from typing import Any

from stockbridge.channels.errors import NotFound, Unavailable
from stockbridge.channels.port_accounts import HandedOrder
from stockbridge.channels.port_orders import RemoteAddress, RemoteOrder, RemoteOrderLine

from .client import PortalClient
from .errors import excerpt

# the order document's own keys (the recorded schema's and the portal's), not custom fields
KNOWN = frozenset(
    {
        "_id", "additional_percentage", "billing_address", "created_on", "currency_code",
        "customer_po_number", "discount", "easy_order_ready", "edited", "end_ship",
        "existing_pdf_linesheet", "existing_pdf_original", "line_items", "modified_on", "notes",
        "order_number", "order_tags", "rep_code", "rep_name", "retailer", "schema_id",
        "shipping_address", "split", "start_ship", "status", "submitted_by", "total",
        "total_quantity", "__v",
    }
)  # fmt: skip


def orders_to_take(client: PortalClient) -> Iterator[HandedOrder]:
    answer = client.call("GET", "/api/orders/approved/detail")
    if not isinstance(answer, list):
        raise Unavailable("the portal answered the approved orders without a list")
    sizes = _SizeIds(client)
    for doc in answer:
        if isinstance(doc, dict) and doc.get("status") == "approved":
            yield HandedOrder(order=order_of(doc, sizes.of), account_code=_account_code(doc))


def mark_taken(client: PortalClient, remote_id: str) -> None:
    client.call("POST", f"/api/order/{remote_id}/processed")


class _SizeIds:
    """Size ids of the portal's products, each product read once per pull."""

    def __init__(self, client: PortalClient) -> None:
        self.client = client
        self.known: dict[str, dict[str, str] | None] = {}

    def of(self, product_id: str, size: str) -> str | None:
        if product_id not in self.known:
            try:
                product = self.client.call("GET", f"/api/product/{product_id}")
            except NotFound:
                self.known[product_id] = None
            else:
                self.known[product_id] = {
                    str(s.get("size")): str(s.get("_id"))
                    for s in product.get("sizes", [])
                    if isinstance(s, dict) and s.get("_id")
                }
        found = self.known[product_id]
        return None if found is None else found.get(size)


def _account_code(doc: dict[str, Any]) -> str:
    retailer = doc.get("retailer")
    return str(retailer.get("retailer_code") or "") if isinstance(retailer, dict) else ""


def _time(value: Any, field: str) -> datetime:
    try:
        return datetime.fromisoformat(str(value).replace("Z", "+00:00")).astimezone(UTC)
    except ValueError:
        raise Unavailable(
            f"the portal's order lacks a readable {field}", excerpt=str(value)
        ) from None


def _money(value: Any) -> Decimal:
    return Decimal(str(value if value is not None else 0))


def _address(value: Any) -> RemoteAddress | None:
    if not isinstance(value, dict) or not value:
        return None
    return RemoteAddress(
        name=str(value.get("display_name") or ""),
        address1=str(value.get("line_1") or ""),
        address2=str(value.get("line_2") or ""),
        city=str(value.get("city") or ""),
        region=str(value.get("state") or ""),
        postal_code=str(value.get("zip") or ""),
        country_code=str(value.get("country") or ""),
    )


def custom_tags(doc: dict[str, Any]) -> tuple[str, ...]:
    """The order's custom fields (keys the portal's own document does not have) as tags."""
    return tuple(
        f"{key}:{value}"
        for key, value in sorted(doc.items())
        if key not in KNOWN and isinstance(value, str | int | float) and not isinstance(value, bool)
    )


def order_of(doc: dict[str, Any], size_id: Any) -> RemoteOrder:
    remote_id = doc.get("_id")
    if not isinstance(remote_id, str) or not remote_id:
        raise Unavailable("the portal answered an order without its _id", excerpt=excerpt(doc))
    lines = []
    for line in doc.get("line_items") or []:
        product = line.get("product") or {}
        product_id = str(product.get("_id") or "")
        for size in line.get("sizes") or []:
            label = str(size.get("size") or "")
            found = size_id(product_id, label) if product_id else None
            lines.append(
                RemoteOrderLine(
                    remote_id=f"{product_id}:{label}",
                    quantity=int(size.get("quantity") or 0),
                    unit_price=_money(size.get("price")),
                    title=" ".join(
                        str(x)
                        for x in (product.get("style_number"), product.get("color"), label)
                        if x
                    ),
                    variant_remote_id=found,
                    product_remote_id=product_id or None,
                    product_exists=found is not None,
                )
            )
    subtotal = sum((line.unit_price * line.quantity for line in lines), Decimal(0))
    return RemoteOrder(
        remote_id=remote_id,
        name=str(doc.get("order_number") or remote_id),
        currency=str(doc.get("currency_code") or ""),
        created_at=_time(doc.get("created_on"), "created_on"),
        updated_at=_time(doc.get("modified_on") or doc.get("created_on"), "modified_on"),
        lines=tuple(lines),
        total=_money(doc.get("total")),
        subtotal=subtotal,
        note=str(doc.get("notes") or ""),
        tags=custom_tags(doc),
        billing_address=_address(doc.get("billing_address")),
        shipping_address=_address(doc.get("shipping_address")),
        source_name="wholesale portal",
    )
