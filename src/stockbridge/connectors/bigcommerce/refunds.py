"""Hub refunds and cancellations sent to BigCommerce.

A refund is quoted first (`POST /v3/orders/{id}/payment_actions/refund_quotes`: what the items
come to and how it can be paid back), then made (`.../refunds`) to the quote's first refund
method: the refunded units as `PRODUCT` items (order product id and quantity), the shipping
part as a `SHIPPING` item of the shipping address, and an amount the items do not make (a
goodwill refund, a partial one) as the merchant's own total (`merchant_calculated_override`).
A refund of money alone is one `ORDER` item.

Restock: BigCommerce's refunds take no restock; stock is the hub's to move (a refund with
restock moves the units in the hub's ledger, and stock sync sets the store's levels from
it), so nothing of it is sent.

Exactly once: BigCommerce takes no idempotency key, so the refund's `reason` ends with
`[stockbridge:<key>]`, the refunds of the order are read before each attempt, and one holding
the key is the one an earlier attempt made. The create is sent once (`once`).

A cancellation is status 5 (Cancelled), after refunding what is left to refund when asked
(BigCommerce's cancel returns no money); an order already cancelled there is done."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from stockbridge.channels.errors import Rejected
from stockbridge.channels.port_fulfilment import CancelWrite, RefundWrite

from .client import BigCommerceClient
from .orders.lines import allocate
from .orders.mapping import HUB_MARK
from .orders.reading import order_doc, v2_pages
from .orders.values import CENT, amount

CANCELLED = 5
REASON_LIMIT = 1000


def marker(key: str) -> str:
    return f"{HUB_MARK}{key}]"


def _order_id(remote_id: str) -> int:
    if not remote_id.isdigit():
        raise Rejected("order_id", f"is not a BigCommerce order id: {remote_id!r}"[:200])
    return int(remote_id)


def _made(client: BigCommerceClient, order_id: int, key: str) -> str | None:
    for doc in client.pages(f"/orders/{order_id}/payment_actions/refunds"):
        if marker(key) in str(doc.get("reason") or ""):
            return str(doc["id"])
    return None


def items_of(client: BigCommerceClient, order_id: int, write: RefundWrite) -> list[dict[str, Any]]:
    items: list[dict[str, Any]] = []
    if write.lines:
        products = list(v2_pages(client, f"/orders/{order_id}/products"))
        room = allocate(
            [x.line for x in write.lines],
            products,
            lambda p: int(p["quantity"]) - int(p.get("quantity_refunded") or 0),
        )
        items += [
            {"item_type": "PRODUCT", "item_id": p, "quantity": q} for p, q in sorted(room.items())
        ]
    if write.shipping_amount > 0:
        addresses = list(v2_pages(client, f"/orders/{order_id}/shipping_addresses"))
        if not addresses:
            raise Rejected("shipping_amount", "the order has no shipping to refund")
        items.append(
            {
                "item_type": "SHIPPING",
                "item_id": int(addresses[0]["id"]),
                "amount": float(write.shipping_amount),
            }
        )
    if not items:
        items.append({"item_type": "ORDER", "item_id": order_id, "amount": float(write.amount)})
    return items


def _quote(client: BigCommerceClient, order_id: int, items: list[dict[str, Any]]) -> Any:
    answer = client.json(
        client.call(
            "POST", f"/orders/{order_id}/payment_actions/refund_quotes", body={"items": items}
        ),
        "the refund quote",
    )
    return answer.get("data") or {}


def _method(quote: Any) -> dict[str, Any]:
    for choice in quote.get("refund_methods") or []:
        for option in choice:
            if option.get("provider_id"):
                return dict(option)
    raise Rejected("payments", "BigCommerce offers no way to pay this refund back")


def _refund(
    client: BigCommerceClient,
    order_id: int,
    items: list[dict[str, Any]],
    money: Decimal,
    reason: str,
) -> str:
    quote = _quote(client, order_id, items)
    option = _method(quote)
    body: dict[str, Any] = {
        "items": items,
        "payments": [
            {
                "provider_id": str(option["provider_id"]),
                "amount": float(money),
                "offline": bool(option.get("offline", False)),
            }
        ],
        "reason": reason[-REASON_LIMIT:],
    }
    if amount(quote, "total_refund_amount") != money.quantize(CENT):
        body["merchant_calculated_override"] = {"total_amount": float(money), "total_tax": 0}
    made = client.json(
        client.call("POST", f"/orders/{order_id}/payment_actions/refunds", body=body, once=True),
        "the refund",
    )
    return str((made.get("data") or {}).get("id", ""))


def create(client: BigCommerceClient, write: RefundWrite) -> str:
    order_id = _order_id(write.order_id)
    earlier = _made(client, order_id, write.key)
    if earlier is not None:
        return earlier
    reason = " ".join(p for p in (write.note.strip(), marker(write.key)) if p)
    return _refund(client, order_id, items_of(client, order_id, write), write.amount, reason)


def cancel(client: BigCommerceClient, write: CancelWrite) -> None:
    doc = order_doc(client, write.order_id)
    if doc is None:
        raise Rejected("order_id", f"the store has no order {write.order_id}")
    if doc.get("status_id") == CANCELLED:
        return
    order_id = _order_id(write.order_id)
    left = amount(doc, "total_inc_tax") - amount(doc, "refunded_amount")
    if write.refund and left > 0:
        items = [{"item_type": "ORDER", "item_id": order_id, "amount": float(left)}]
        reason = " ".join(p for p in (write.staff_note, marker(f"cancel:{order_id}")) if p)
        if _made(client, order_id, f"cancel:{order_id}") is None:
            _refund(client, order_id, items, left, reason)
    body: dict[str, Any] = {"status_id": CANCELLED}
    if write.staff_note:
        body["staff_notes"] = write.staff_note[:REASON_LIMIT]
    client.call("PUT", f"/orders/{order_id}", version="v2", body=body)
