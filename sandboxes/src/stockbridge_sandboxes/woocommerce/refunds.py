"""Refunds and order notes as WooCommerce's REST controllers make them.

A refund (`POST /orders/<id>/refunds`) takes an `amount` (else the sum of its lines'
`refund_total`), its `line_items` named by the order's line `id` with the units and money
given back, `api_refund` (the sandbox has no gateway: true is refused as a gateway without
refund support) and `api_restock` (default true: the refunded units of managed items go back
to stock, `product.updated` for each). Its lines are stored as WooCommerce stores them:
negative quantities and totals, and meta `_refunded_item_id` naming the order line. The order
lists it (`refunds`: id, reason, total as a negative amount), becomes `refunded` when nothing
is left to give back, and `order.updated` goes out (`woocommerce_order_refunded`).

A note (`POST /orders/<id>/notes`: `note`, `customer_note`) is kept with the order; the
order's notes are listed newest first (`GET /orders/<id>/notes`)."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from typing import TYPE_CHECKING, Any

from .errors import RestError, invalid_param

if TYPE_CHECKING:
    from .app import WooSandbox

CENT = Decimal("0.01")


def _amount(value: Any, name: str) -> Decimal:
    try:
        return Decimal(str(value)).quantize(CENT)
    except (InvalidOperation, ValueError):
        raise invalid_param(name, f"{name} is not a decimal amount.") from None


def create_refund(app: WooSandbox, order: dict[str, Any], body: dict[str, Any]) -> dict[str, Any]:
    store = app.store
    if body.get("api_refund", True) is True:
        raise RestError(
            500,
            "woocommerce_rest_cannot_create_order_refund",
            "The payment gateway for this order does not support automatic refunds.",
        )
    lines_by_id = {line["id"]: line for line in order["line_items"]}
    given = body.get("line_items", [])
    if not isinstance(given, list) or not all(isinstance(g, dict) for g in given):
        raise invalid_param("line_items", "line_items is not of type array of objects.")
    items, restock, lines_total = [], [], Decimal(0)
    for entry in given:
        line = lines_by_id.get(entry.get("id"))
        quantity = entry.get("quantity", 0)
        if line is None or not isinstance(quantity, int) or quantity < 0:
            raise invalid_param("line_items", "line_items[] names no line of the order.")
        money = _amount(entry.get("refund_total", 0), "line_items")
        lines_total += money
        if quantity:
            restock.append((line, quantity))
        items.append(
            {
                "id": store.line_id(),
                "name": line["name"],
                "product_id": line["product_id"],
                "variation_id": line["variation_id"],
                "quantity": -quantity,
                "tax_class": line["tax_class"],
                "subtotal": f"{-money:.2f}",
                "subtotal_tax": "0.00",
                "total": f"{-money:.2f}",
                "total_tax": "0.00",
                "taxes": [],
                "meta_data": [
                    {"id": store.meta_id(), "key": "_refunded_item_id", "value": str(line["id"])}
                ],
                "sku": line["sku"],
                "price": line["price"],
            }
        )
    amount = _amount(body["amount"], "amount") if "amount" in body else lines_total
    already = sum((-Decimal(r["total"]) for r in order["refunds"]), Decimal(0))
    left = Decimal(order["total"]) - already
    if amount <= 0 or amount > left:
        raise RestError(
            400, "woocommerce_rest_cannot_create_order_refund", "Invalid refund amount."
        )
    refund_id = store.post_id()
    refund: dict[str, Any] = {
        "id": refund_id,
        "date_created": None,
        "date_created_gmt": None,
        "amount": f"{amount:.2f}",
        "reason": str(body.get("reason") or ""),
        "refunded_by": 1,
        "refunded_payment": False,
        "meta_data": [
            {"id": store.meta_id(), "key": str(m.get("key")), "value": m.get("value")}
            for m in body.get("meta_data", [])
            if isinstance(m, dict)
        ],
        "line_items": items,
    }
    store.stamp(refund, created=True)
    store.refunds[refund_id] = refund
    store.refund_parent[refund_id] = order["id"]
    order["refunds"].append(
        {"id": refund_id, "reason": refund["reason"], "total": f"{-amount:.2f}"}
    )
    if amount == left:
        order["status"] = "refunded"
    store.stamp(order, created=False)
    if body.get("api_restock", True) is True:
        for line, quantity in restock:
            app.sales.restock(line, quantity)
    return refund


def add_note(app: WooSandbox, order: dict[str, Any], body: dict[str, Any]) -> dict[str, Any]:
    text = body.get("note")
    if not isinstance(text, str) or not text:
        raise RestError(
            400, "rest_missing_callback_param", "Missing parameter(s): note", params=["note"]
        )
    note = {
        "id": app.store.post_id(),  # a comment id in WordPress; unique is what matters here
        "author": "WooCommerce",
        "date_created": None,
        "date_created_gmt": None,
        "note": text,
        "customer_note": body.get("customer_note") is True,
    }
    app.store.stamp(note, created=True)
    del note["date_modified"], note["date_modified_gmt"]
    app.store.notes.setdefault(order["id"], []).append(note)
    return note


def notes_of(app: WooSandbox, order: dict[str, Any]) -> list[dict[str, Any]]:
    return sorted(app.store.notes.get(order["id"], []), key=lambda n: -n["id"])
