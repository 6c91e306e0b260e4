"""REST-shaped resource JSON for webhook payloads (snake_case, numeric ids, tags as text)."""

from __future__ import annotations

from typing import Any

from stockbridge.sandboxes.shopify.gid import gid_number
from stockbridge.sandboxes.shopify.store import Obj, Store


def legacy_id(gid: str | None) -> int | None:
    number = gid_number(gid or "")
    return int(number) if number.isdigit() else None


def product_payload(store: Store, product: Obj) -> dict[str, Any]:
    variants = []
    for entry in product.get("variants") or []:
        variant = store.deref(entry) or {}
        item = store.deref(variant.get("inventoryItem")) or {}
        variants.append(
            {
                "id": legacy_id(variant.get("id")),
                "product_id": legacy_id(product["id"]),
                "title": variant.get("title"),
                "price": variant.get("price"),
                "sku": variant.get("sku"),
                "barcode": variant.get("barcode"),
                "inventory_item_id": legacy_id(item.get("id")),
                "inventory_policy": str(variant.get("inventoryPolicy") or "DENY").lower(),
                "admin_graphql_api_id": variant.get("id"),
            }
        )
    return {
        "id": legacy_id(product["id"]),
        "admin_graphql_api_id": product["id"],
        "title": product.get("title"),
        "body_html": product.get("descriptionHtml"),
        "vendor": product.get("vendor"),
        "product_type": product.get("productType"),
        "handle": product.get("handle"),
        "status": str(product.get("status") or "").lower(),
        "tags": ", ".join(product.get("tags") or []),
        "variants": variants,
        "created_at": product.get("createdAt"),
        "updated_at": product.get("updatedAt"),
    }


def order_payload(store: Store, order: Obj) -> dict[str, Any]:
    lines = []
    for entry in order.get("lineItems") or []:
        line = store.deref(entry) or {}
        variant = store.deref(line.get("variant")) or {}
        price = ((line.get("originalUnitPriceSet") or {}).get("shopMoney") or {}).get("amount")
        lines.append(
            {
                "id": legacy_id(line.get("id")),
                "admin_graphql_api_id": line.get("id"),
                "variant_id": legacy_id(variant.get("id")),
                "product_id": legacy_id((variant.get("product") or {}).get("__ref")),
                "title": line.get("title"),
                "sku": line.get("sku"),
                "quantity": line.get("quantity"),
                "price": price,
                "fulfillable_quantity": line.get("fulfillableQuantity"),
            }
        )
    total = ((order.get("totalPriceSet") or {}).get("shopMoney") or {}).get("amount")
    fulfillment = str(order.get("displayFulfillmentStatus") or "").lower()
    return {
        "id": legacy_id(order["id"]),
        "admin_graphql_api_id": order["id"],
        "name": order.get("name"),
        "order_number": int(str(order.get("name", "#0"))[1:] or 0),
        "email": order.get("email"),
        "created_at": order.get("createdAt"),
        "updated_at": order.get("updatedAt"),
        "cancelled_at": order.get("cancelledAt"),
        "closed_at": order.get("closedAt"),
        "currency": "USD",
        "total_price": total,
        "financial_status": str(order.get("displayFinancialStatus") or "").lower(),
        "fulfillment_status": None if fulfillment == "unfulfilled" else fulfillment,
        "tags": ", ".join(order.get("tags") or []),
        "line_items": lines,
    }


def customer_payload(customer: Obj) -> dict[str, Any]:
    return {
        "id": legacy_id(customer["id"]),
        "admin_graphql_api_id": customer["id"],
        "email": customer.get("email"),
        "first_name": customer.get("firstName"),
        "last_name": customer.get("lastName"),
        "tags": ", ".join(customer.get("tags") or []),
        "created_at": customer.get("createdAt"),
        "updated_at": customer.get("updatedAt"),
    }
