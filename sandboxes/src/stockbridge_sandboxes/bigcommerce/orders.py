"""Orders v2: a shopper's checkout (control API) takes stock from the default location;
orders are read with their products; shipments with tracking move the status to Partially
Shipped (3) or Shipped (2). Money is written as v2 does, a string with four decimals."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from .answers import StoreError
from .store import Doc, Store

STATUSES = {
    1: "Pending",
    2: "Shipped",
    3: "Partially Shipped",
    5: "Cancelled",
    11: "Awaiting Fulfillment",
    10: "Completed",
}


def _money(value: Decimal) -> str:
    return f"{value:.4f}"


def place(store: Store, body: Any) -> Doc:
    """A shopper's order: `{"lines": [{"sku", "quantity"}], "email", "first_name", ...}`."""
    lines = body.get("lines") if isinstance(body, dict) else None
    if not isinstance(lines, list) or not lines:
        raise StoreError(422, "an order needs lines")
    location = store.default_location()
    picked = []
    for line in lines:
        variant = store.variant_by_sku(str(line.get("sku")))
        quantity = line.get("quantity")
        if variant is None or not isinstance(quantity, int) or quantity < 1:
            raise StoreError(422, f"cannot buy {line!r}")
        if store.stock.get((variant["id"], location), 0) < quantity:
            raise StoreError(
                422,
                f"only {store.stock.get((variant['id'], location), 0)} of "
                f"{variant['sku']} in stock",
            )
        picked.append((variant, quantity))
    order_id = store.next_id("order")
    now = store.clock.rfc2822()
    total = Decimal(0)
    products = []
    for variant, quantity in picked:
        store.stock[(variant["id"], location)] -= quantity
        product = store.products[variant["product_id"]]
        price = Decimal(str(variant["price"] if variant["price"] is not None else product["price"]))
        total += price * quantity
        products.append(
            {
                "id": store.next_id("order_product"),
                "order_id": order_id,
                "product_id": product["id"],
                "variant_id": variant["id"],
                "name": product["name"],
                "sku": variant["sku"],
                "quantity": quantity,
                "quantity_shipped": 0,
                "base_price": _money(price),
                "price_inc_tax": _money(price),
                "total_inc_tax": _money(price * quantity),
                "order_address_id": order_id,
            }
        )
    address = {
        "first_name": body.get("first_name", "Guest"),
        "last_name": body.get("last_name", ""),
        "email": body.get("email", ""),
        "street_1": body.get("street_1", ""),
        "city": body.get("city", ""),
        "zip": body.get("zip", ""),
        "country_iso2": body.get("country_iso2", "US"),
    }
    order = {
        "id": order_id,
        "customer_id": 0,
        "date_created": now,
        "date_modified": now,
        "status_id": 11,
        "status": STATUSES[11],
        "currency_code": "USD",
        "subtotal_ex_tax": _money(total),
        "subtotal_inc_tax": _money(total),
        "total_ex_tax": _money(total),
        "total_inc_tax": _money(total),
        "items_total": sum(q for _, q in picked),
        "items_shipped": 0,
        "billing_address": address,
        "products": {
            "url": f"/v2/orders/{order_id}/products",
            "resource": f"/orders/{order_id}/products",
        },
    }
    store.orders[order_id] = order
    store.order_products[order_id] = products
    store.shipments[order_id] = []
    return order


def order(store: Store, order_id: int) -> Doc:
    found = store.orders.get(order_id)
    if found is None:
        raise StoreError(404, "The requested resource was not found.")
    return found


def ship(store: Store, order_id: int, body: Any) -> Doc:
    found = order(store, order_id)
    lines = body.get("items") if isinstance(body, dict) else None
    if not isinstance(lines, list) or not lines:
        raise StoreError(400, "items is required")
    by_id = {p["id"]: p for p in store.order_products[order_id]}
    for line in lines:
        product = by_id.get(line.get("order_product_id"))
        quantity = line.get("quantity")
        if product is None or not isinstance(quantity, int) or quantity < 1:
            raise StoreError(400, f"items: {line!r} is not a product of this order")
        if product["quantity_shipped"] + quantity > product["quantity"]:
            raise StoreError(400, f"items: more of {product['sku']} than the order holds")
    for line in lines:
        by_id[line["order_product_id"]]["quantity_shipped"] += line["quantity"]
    shipment = {
        "id": store.next_id("shipment"),
        "order_id": order_id,
        "date_created": store.clock.rfc2822(),
        "tracking_number": str(body.get("tracking_number", "")),
        "tracking_carrier": str(body.get("tracking_carrier", "")),
        "tracking_link": str(body.get("tracking_link", "")),
        "order_address_id": body.get("order_address_id", order_id),
        "items": lines,
    }
    store.shipments[order_id].append(shipment)
    shipped = sum(p["quantity_shipped"] for p in by_id.values())
    found["items_shipped"] = shipped
    found["status_id"] = 2 if shipped == found["items_total"] else 3
    found["status"] = STATUSES[found["status_id"]]
    found["date_modified"] = store.clock.rfc2822()
    return shipment
