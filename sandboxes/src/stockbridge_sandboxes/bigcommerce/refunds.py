"""Refunds (v3 payment actions): a quote for items, then the refund itself paid back to the
order's payment provider. Items are `PRODUCT` by order product id and quantity, or
`SHIPPING`/`ORDER` by amount; a refund cannot give back more units than were sold (less those
refunded) nor more money than was paid. The API takes no restock flag: a refund leaves stock
as it is (the merchant returns units to stock separately)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from .answers import StoreError
from .orders import money, order, set_status, touch
from .store import Doc, Store

PROVIDER = "testgateway"
AMOUNT_TYPES = ("ORDER", "SHIPPING", "HANDLING", "TAX", "FEE")


def _invalid(field: str, reason: str) -> StoreError:
    return StoreError(422, "JSON data is missing or invalid", {field: reason})


def _total(store: Store, order_id: int, items: Any) -> Decimal:
    """What the items come to, every item checked."""
    if not isinstance(items, list) or not items:
        raise _invalid("items", "at least one item is required")
    lines = {p["id"]: p for p in store.order_products[order_id]}
    wanted: dict[int, int] = {}
    total = Decimal(0)
    for n, item in enumerate(items):
        kind = item.get("item_type") if isinstance(item, dict) else None
        if kind == "PRODUCT":
            line = lines.get(item.get("item_id"))
            quantity = item.get("quantity")
            if line is None:
                raise _invalid(f"items[{n}].item_id", "not a product of this order")
            if not isinstance(quantity, int) or quantity < 1:
                raise _invalid(f"items[{n}].quantity", "must be a whole number of at least 1")
            wanted[line["id"]] = wanted.get(line["id"], 0) + quantity
            if wanted[line["id"]] > line["quantity"] - line["quantity_refunded"]:
                raise _invalid(f"items[{n}].quantity", "more than is left to refund")
            total += Decimal(line["price_inc_tax"]) * quantity
        elif kind in AMOUNT_TYPES:
            amount = item.get("amount")
            if isinstance(amount, bool) or not isinstance(amount, int | float) or amount <= 0:
                raise _invalid(f"items[{n}].amount", "must be a positive number")
            total += Decimal(str(amount))
        else:
            raise _invalid(f"items[{n}].item_type", "unknown item type")
    return total.quantize(Decimal("0.01"))


def _left(found: Doc) -> Decimal:
    return Decimal(found["total_inc_tax"]) - Decimal(found["refunded_amount"])


def quote(store: Store, order_id: int, body: Any) -> Doc:
    found = order(store, order_id)
    total = _total(store, order_id, (body or {}).get("items") if isinstance(body, dict) else None)
    if total > _left(found):
        raise _invalid("items", "more than is left to refund")
    option = {
        "provider_id": PROVIDER,
        "provider_description": "Test Payment Gateway",
        "amount": float(total),
        "offline": False,
        "offline_provider": False,
        "offline_reason": "",
    }
    return {
        "order_id": order_id,
        "total_refund_amount": float(total),
        "total_refund_tax_amount": 0,
        "order_level_refund_amount": 0,
        "rounding": 0,
        "adjustment": 0,
        "tax_inclusive": False,
        "refund_methods": [[option]],
    }


def create(store: Store, order_id: int, body: Any) -> Doc:
    found = order(store, order_id)
    if not isinstance(body, dict):
        raise _invalid("body", "must be a JSON object")
    items = body.get("items") or []
    total = _total(store, order_id, items)
    override = body.get("merchant_calculated_override")
    if isinstance(override, dict):
        total = Decimal(str(override.get("total_amount", 0))).quantize(Decimal("0.01"))
    payments = body.get("payments")
    if not isinstance(payments, list) or not payments:
        raise _invalid("payments", "at least one payment is required")
    if found.get("customer_id", 0) == 0 and any(
        isinstance(p, dict) and p.get("provider_id") == "storecredit" for p in payments
    ):
        raise StoreError(422, "Unable to provide store credit for a guest customer.", listed=True)
    paid = sum((Decimal(str(p.get("amount", 0))) for p in payments), Decimal(0))
    if paid.quantize(Decimal("0.01")) != total:
        raise _invalid("payments", f"must add up to the refund's total {total}")
    if total > _left(found):
        raise _invalid("payments", "more than is left to refund")
    lines = {p["id"]: p for p in store.order_products[order_id]}
    for item in items:
        if item["item_type"] == "PRODUCT":
            line = lines[item["item_id"]]
            line["quantity_refunded"] += item["quantity"]
            line["is_refunded"] = line["quantity_refunded"] == line["quantity"]
            given = (
                Decimal(line["refund_amount"]) + Decimal(line["price_inc_tax"]) * item["quantity"]
            )
            line["refund_amount"] = money(given)
    refund = {
        "id": store.next_id("refund"),
        "order_id": order_id,
        "user_id": 0,
        "created": store.clock.rfc3339(),
        "reason": str(body.get("reason", "")),
        "total_amount": float(total),
        "total_tax": 0,
        "uses_merchant_override_values": isinstance(override, dict),
        "items": [
            {
                k: v
                for k, v in {
                    "item_type": item["item_type"],
                    "item_id": item["item_id"],
                    "quantity": item.get("quantity"),
                    "requested_amount": item.get("amount"),
                    "reason": str(item.get("reason", "")),
                }.items()
                if v is not None
            }
            for item in items
        ],
        "payments": [
            {
                "id": store.next_id("refund_payment"),
                "provider_id": str(p.get("provider_id", PROVIDER)),
                "amount": float(Decimal(str(p.get("amount", 0)))),
                "offline": bool(p.get("offline", False)),
                "is_declined": False,
                "declined_message": "",
            }
            for p in payments
        ],
    }
    store.refunds[order_id].append(refund)
    found["refunded_amount"] = money(Decimal(found["refunded_amount"]) + total)
    if _left(found) <= 0:
        found["payment_status"] = "refunded"
        set_status(store, found, 4)
    else:
        found["payment_status"] = "partially refunded"
        if found.get("status_id") not in (2, 3, 5):
            set_status(store, found, 14)
        touch(store, found)
    return refund


def tax_service_gone(store: Store, order_id: int) -> Doc:
    """The answer (503) to a refund while the store's tax service is unavailable (the sandbox's
    `tax_service_down` fault): the order named, nothing refunded."""
    order(store, order_id)
    failed = {"order_id": order_id, "status": 503, "error": "Tax service gone away"}
    return {"data": [failed], "meta": {}}


def of_order(store: Store, order_id: int) -> list[Doc]:
    order(store, order_id)
    return list(store.refunds[order_id])
