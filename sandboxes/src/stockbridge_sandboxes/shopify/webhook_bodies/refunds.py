"""Refunds (refunds/create) and their transactions."""

from __future__ import annotations

from stockbridge_sandboxes.shopify.store import Obj, Store, is_ref
from stockbridge_sandboxes.shopify.webhook_bodies.line_items import line_item_body
from stockbridge_sandboxes.shopify.webhook_bodies.values import (
    bag_side,
    deref_all,
    legacy_id,
    lower,
    order_currency,
    price_set,
    ref_id,
    shop_amount_text,
)


def transaction_body(store: Store, tx: Obj, order: Obj) -> Obj:
    currency = order_currency(store, order)
    bag = tx.get("amountSet")
    parent = tx.get("parentTransaction")
    return {
        "id": legacy_id(tx.get("id")),
        "admin_graphql_api_id": tx.get("id"),
        "order_id": legacy_id(order["id"]),
        "kind": lower(tx.get("kind")),
        "status": lower(tx.get("status")),
        "gateway": tx.get("gateway"),
        "amount": shop_amount_text(bag),
        "currency": str(bag_side(bag, "shopMoney").get("currencyCode") or currency),
        "test": bool(tx.get("test")),
        "parent_id": ref_id(parent) if isinstance(parent, dict) else None,
        "created_at": tx.get("createdAt"),
        "processed_at": tx.get("processedAt"),
    }


def refund_body(store: Store, refund: Obj, order: Obj) -> Obj:
    """The REST refund (refunds/create): numeric ids, refund lines with restock data."""
    currency = order_currency(store, order)
    rows = []
    for row in refund.get("refundLineItems") or []:
        entry = store.deref(row) if is_ref(row) else row
        if not isinstance(entry, dict):
            continue
        line = store.deref(entry.get("lineItem")) or {}
        subtotal = entry.get("subtotalSet")
        tax = entry.get("totalTaxSet")
        rows.append(
            {
                "id": legacy_id(entry.get("id")),
                "line_item_id": legacy_id(line.get("id")),
                "line_item": line_item_body(store, line, currency),
                "quantity": int(entry.get("quantity") or 0),
                "restock_type": str(entry.get("restockType") or "NO_RESTOCK").lower(),
                "location_id": ref_id(entry["location"]) if entry.get("location") else None,
                "subtotal": shop_amount_text(subtotal),
                "subtotal_set": price_set(subtotal, currency),
                "total_tax": shop_amount_text(tax),
                "total_tax_set": price_set(tax, currency),
            }
        )
    return {
        "id": legacy_id(refund["id"]),
        "admin_graphql_api_id": refund["id"],
        "order_id": legacy_id(order["id"]),
        "note": refund.get("note"),
        "created_at": refund.get("createdAt"),
        "processed_at": refund.get("createdAt"),
        "refund_line_items": rows,
        "transactions": [
            transaction_body(store, tx, order)
            for tx in deref_all(store, refund.get("transactions"))
        ],
        "order_adjustments": [],
    }
