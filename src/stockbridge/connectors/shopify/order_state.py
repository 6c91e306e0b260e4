"""One Shopify order as sending fulfilments and refunds reads it (`order_fulfilment_state`):
its lines, its open fulfillment orders per assigned location, its fulfilments and payments.

Lines of the hub are matched to Shopify's by variant id, else by SKU (`line_key`). Anything
this needs and Shopify left out fails loudly (`Rejected` naming it), never a guess.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any

from stockbridge.channels.errors import NotFound, Rejected
from stockbridge.channels.port_fulfilment import LineRef, RemoteFulfilment

from .client import ShopifyClient
from .errors import excerpt

OPEN_STATUSES = frozenset({"OPEN", "IN_PROGRESS"})


def line_key(variant_id: str | None, sku: str) -> str:
    return f"variant:{variant_id}" if variant_id else f"sku:{sku}"


def key_of(ref: LineRef, lines: list[OrderLine]) -> str:
    """The key of a hub line on this order: its variant's, or (a line the hub has no listing
    for) that of the order's line with its SKU, so both sides name it alike."""
    if ref.remote_variant_id or not ref.sku:
        return line_key(ref.remote_variant_id, ref.sku)
    for line in lines:
        if line.sku == ref.sku:
            return line.key
    return line_key(None, ref.sku)


@dataclass
class FoLine:
    """What is left to fulfil of one order line on one fulfillment order."""

    fo_id: str
    location_id: str | None
    id: str
    key: str
    remaining: int


@dataclass
class OrderLine:
    id: str
    key: str
    quantity: int
    sku: str = ""


@dataclass
class Payment:
    id: str
    gateway: str
    amount: Decimal


@dataclass
class OrderState:
    id: str
    closed: bool
    cancelled: bool
    lines: list[OrderLine]
    fo_lines: list[FoLine]
    fulfilments: list[RemoteFulfilment]
    payments: list[Payment]


def _nodes(value: Any) -> list[dict[str, Any]]:
    if isinstance(value, dict):
        value = value.get("nodes")
    return [v for v in value or [] if isinstance(v, dict)]


def _key_of(line: Any, what: str) -> tuple[str | None, str]:
    if not isinstance(line, dict) or not isinstance(line.get("id"), str):
        raise Rejected(what, "Shopify answered a line without its id", excerpt=excerpt(line))
    variant = line.get("variant")
    variant_id = variant.get("id") if isinstance(variant, dict) else None
    return variant_id, str(line.get("sku") or "")


def _int(value: Any, what: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise Rejected(what, f"Shopify answered {value!r}, not a whole number")
    return value


def read(client: ShopifyClient, order_id: str) -> OrderState:
    """The order now; NotFound when Shopify no longer has it."""
    order = client.execute("order_fulfilment_state", {"id": order_id}).get("order")
    if not isinstance(order, dict):
        raise NotFound(f"order {order_id} is not in the store any more")
    lines = []
    for node in _nodes(order.get("lineItems")):
        variant_id, sku = _key_of(node, "lineItems")
        lines.append(
            OrderLine(
                node["id"], line_key(variant_id, sku), _int(node.get("quantity"), "quantity"), sku
            )
        )
    fo_lines = []
    for fo in _nodes(order.get("fulfillmentOrders")):
        if fo.get("status") not in OPEN_STATUSES:
            continue
        location = ((fo.get("assignedLocation") or {}).get("location") or {}).get("id")
        for node in _nodes(fo.get("lineItems")):
            variant_id, sku = _key_of(node.get("lineItem"), "fulfillmentOrders.lineItems")
            fo_lines.append(
                FoLine(
                    fo_id=str(fo.get("id")),
                    location_id=location,
                    id=str(node.get("id")),
                    key=line_key(variant_id, sku),
                    remaining=_int(node.get("remainingQuantity"), "remainingQuantity"),
                )
            )
    fulfilments = []
    for made in order.get("fulfillments") or []:
        units = []
        for node in _nodes(made.get("fulfillmentLineItems")):
            variant_id, sku = _key_of(node.get("lineItem"), "fulfillmentLineItems")
            units.append(LineRef(variant_id, sku, _int(node.get("quantity"), "quantity")))
        fulfilments.append(
            RemoteFulfilment(
                remote_id=str(made.get("id")),
                location_remote_id=(made.get("location") or {}).get("id"),
                tracking_numbers=tuple(
                    str(t.get("number")) for t in made.get("trackingInfo") or [] if t.get("number")
                ),
                lines=tuple(units),
                cancelled=made.get("status") == "CANCELLED",
            )
        )
    payments = []
    for tx in order.get("transactions") or []:
        if tx.get("kind") in ("SALE", "CAPTURE") and tx.get("status") == "SUCCESS":
            try:
                amount = Decimal(
                    str(((tx.get("amountSet") or {}).get("shopMoney") or {})["amount"])
                )
            except (KeyError, InvalidOperation):
                raise Rejected(
                    "transactions", "a payment without its amount", excerpt=excerpt(tx)
                ) from None
            payments.append(Payment(str(tx.get("id")), str(tx.get("gateway") or ""), amount))
    return OrderState(
        id=str(order.get("id")),
        closed=bool(order.get("closed")),
        cancelled=bool(order.get("cancelledAt")),
        lines=lines,
        fo_lines=fo_lines,
        fulfilments=fulfilments,
        payments=payments,
    )


def user_errors(payload: Any, key: str = "userErrors") -> None:
    """Raise Rejected for the first user error of a mutation payload."""
    errors = (payload or {}).get(key) or []
    if errors:
        first = errors[0]
        field = ".".join(str(f) for f in first.get("field") or [])
        raise Rejected(field, str(first.get("message") or "refused"), excerpt=excerpt(errors))
