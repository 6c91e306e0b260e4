"""An order's line items with their prices, discounts and tax lines."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from stockbridge_sandboxes.shopify.store import Obj, Store
from stockbridge_sandboxes.shopify.webhook_bodies.values import (
    bag_side,
    legacy_id,
    money_text,
    presented_decimal,
    price_set,
    shop_amount_text,
    shop_decimal,
    sum_set,
)


def tax_line_body(row: Obj, currency: str) -> Obj:
    bag = row.get("priceSet")
    line: Obj = {
        "title": row.get("title"),
        "price": shop_amount_text(bag),
        "price_set": price_set(bag, currency),
    }
    if row.get("rate") is not None:
        line["rate"] = float(Decimal(str(row["rate"])))  # a ratio, not money: REST writes 0.06
    return line


def allocations_body(rows: Any, currency: str) -> list[Obj]:
    return [
        {
            "amount": shop_amount_text(row.get("allocatedAmountSet")),
            "amount_set": price_set(row.get("allocatedAmountSet"), currency),
            "discount_application_index": int(row.get("discountApplicationIndex") or 0),
        }
        for row in rows or []
        if isinstance(row, dict)
    ]


def line_item_body(store: Store, line: Obj, currency: str) -> Obj:
    variant = store.deref(line.get("variant")) or {}
    product = store.deref(line.get("product")) or store.deref(variant.get("product")) or {}
    item = store.deref(variant.get("inventoryItem")) or {}
    price_bag = line.get("originalUnitPriceSet")
    allocations = allocations_body(line.get("discountAllocations"), currency)
    discount = [
        (shop_decimal(r.get("allocatedAmountSet")), presented_decimal(r.get("allocatedAmountSet")))
        for r in line.get("discountAllocations") or []
        if isinstance(r, dict)
    ]
    presentment = str(bag_side(price_bag, "presentmentMoney").get("currencyCode") or currency)
    open_qty = int(line.get("fulfillableQuantity") or 0)
    quantity = int(line.get("quantity") or 0)
    title = line.get("title") or product.get("title")
    variant_title = line.get("variantTitle")
    if variant_title is None and variant.get("title") not in (None, "Default Title"):
        variant_title = variant.get("title")
    return {
        "id": legacy_id(line.get("id")),
        "admin_graphql_api_id": line.get("id"),
        "variant_id": legacy_id(variant.get("id")),
        "product_id": legacy_id(product.get("id")),
        "title": title,
        "variant_title": variant_title,
        "name": " - ".join(str(p) for p in (title, variant_title) if p) or None,
        "vendor": line.get("vendor") or product.get("vendor"),
        "sku": line.get("sku"),
        "quantity": quantity,
        "fulfillable_quantity": open_qty,
        "fulfillment_status": (
            "fulfilled" if quantity and not open_qty else "partial" if open_qty < quantity else None
        ),
        "requires_shipping": line.get("requiresShipping"),
        "taxable": line.get("taxable"),
        "product_exists": bool(product.get("id")) and store.get(product.get("id")) is not None,
        "variant_inventory_management": "shopify" if item.get("tracked") else None,
        "price": shop_amount_text(price_bag),
        "price_set": price_set(price_bag, currency),
        "total_discount": money_text(sum((d[0] for d in discount), Decimal(0))),
        "total_discount_set": sum_set(discount, currency, presentment),
        "discount_allocations": allocations,
        "tax_lines": [tax_line_body(t, currency) for t in line.get("taxLines") or []],
        "properties": [
            {"name": a.get("key"), "value": a.get("value")}
            for a in line.get("customAttributes") or []
        ],
    }
