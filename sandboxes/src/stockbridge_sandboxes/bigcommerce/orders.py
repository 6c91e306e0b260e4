"""Orders v2: a shopper's checkout (control API) takes stock from the default location;
orders are read with their products, shipping addresses, coupons and taxes, listed with the
documented filters (`min_date_modified`, `min_date_created`, `status_id`, `sort`); shipments
with tracking move the status to Partially Shipped (3) or Shipped (2). A status change moves
no stock (the API documents none; the hub that syncs the store sets its levels). Money is
written as v2 does, a string with four decimals."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from email.utils import parsedate_to_datetime
from typing import Any

from .answers import StoreError
from .store import Doc, Store

STATUSES = {
    0: "Incomplete",
    1: "Pending",
    2: "Shipped",
    3: "Partially Shipped",
    4: "Refunded",
    5: "Cancelled",
    6: "Declined",
    7: "Awaiting Payment",
    8: "Awaiting Pickup",
    9: "Awaiting Shipment",
    10: "Completed",
    11: "Awaiting Fulfillment",
    12: "Manual Verification Required",
    13: "Disputed",
    14: "Partially Refunded",
}
CANCELLED = 5
SHIPMENT_TEXTS = (
    "tracking_number", "tracking_carrier", "shipping_provider", "tracking_link", "comments",
    "shipping_method",
)  # fmt: skip
SORTABLE = ("id", "date_created", "date_modified", "status_id")


def money(value: Decimal) -> str:
    return f"{value:.4f}"


ADDRESS = {  # a v2 address's fields and what a checkout leaves them at
    "first_name": "Guest", "last_name": "", "company": "", "street_1": "", "street_2": "",
    "city": "", "state": "", "zip": "", "country": "", "country_iso2": "US", "phone": "",
    "email": "",
}  # fmt: skip


def _address(body: dict[str, Any]) -> Doc:
    return {key: str(body.get(key, default)) for key, default in ADDRESS.items()}


def _picked(store: Store, lines: Any, location: int) -> list[tuple[Doc, int]]:
    if not isinstance(lines, list) or not lines:
        raise StoreError(422, "an order needs lines")
    picked = []
    for line in lines:
        variant = store.variant_by_sku(str(line.get("sku")))
        quantity = line.get("quantity")
        if variant is None or not isinstance(quantity, int) or quantity < 1:
            raise StoreError(422, f"cannot buy {line!r}")
        held = store.stock.get((variant["id"], location), 0)
        if held < quantity:
            raise StoreError(422, f"only {held} of {variant['sku']} in stock")
        picked.append((variant, quantity))
    return picked


def place(store: Store, body: Any) -> Doc:
    """A shopper's order: `{"lines": [{"sku", "quantity"}], "email", "first_name", ...,
    "customer_id", "shipping_cost", "shipping_method"}`; paid (captured) at once."""
    body = body if isinstance(body, dict) else {}
    location = store.default_location()
    picked = _picked(store, body.get("lines"), location)
    order_id = store.next_id("order")
    address_id = store.next_id("order_address")
    now = store.clock.rfc2822()
    subtotal = Decimal(0)
    products = []
    for variant, quantity in picked:
        store.stock[(variant["id"], location)] -= quantity
        product = store.products[variant["product_id"]]
        given = variant.get("price")
        price = Decimal(str(given if given is not None else product.get("price", 0)))
        subtotal += price * quantity
        products.append(
            {
                "id": store.next_id("order_product"),
                "order_id": order_id,
                "product_id": product["id"],
                "variant_id": variant["id"],
                "name": product.get("name", ""),
                "sku": variant.get("sku", ""),
                "quantity": quantity,
                "quantity_shipped": 0,
                "quantity_refunded": 0,
                "is_refunded": False,
                "refund_amount": money(Decimal(0)),
                "base_price": money(price),
                "price_ex_tax": money(price),
                "price_inc_tax": money(price),
                "price_tax": money(Decimal(0)),
                "total_ex_tax": money(price * quantity),
                "total_inc_tax": money(price * quantity),
                "total_tax": money(Decimal(0)),
                "applied_discounts": [],
                "order_address_id": address_id,
            }
        )
    shipping = Decimal(str(body.get("shipping_cost", "0")))
    total = subtotal + shipping
    address = _address(body)
    order = {
        "id": order_id,
        "customer_id": int(body.get("customer_id", 0)),
        "date_created": now,
        "date_modified": now,
        "status_id": 11,
        "status": STATUSES[11],
        "payment_status": "captured",
        "payment_method": "Test Payment Gateway",
        "currency_code": "USD",
        "is_tax_inclusive_pricing": False,
        "subtotal_ex_tax": money(subtotal),
        "subtotal_inc_tax": money(subtotal),
        "shipping_cost_ex_tax": money(shipping),
        "shipping_cost_inc_tax": money(shipping),
        "total_tax": money(Decimal(0)),
        "discount_amount": money(Decimal(0)),
        "coupon_discount": money(Decimal(0)),
        "refunded_amount": money(Decimal(0)),
        "total_ex_tax": money(total),
        "total_inc_tax": money(total),
        "items_total": sum(q for _, q in picked),
        "items_shipped": 0,
        "customer_message": str(body.get("customer_message", "")),
        "is_deleted": False,
        "shipping_address_count": 1,
        "billing_address": address,
        "products": {
            "url": f"/v2/orders/{order_id}/products",
            "resource": f"/orders/{order_id}/products",
        },
        "shipping_addresses": {
            "url": f"/v2/orders/{order_id}/shipping_addresses",
            "resource": f"/orders/{order_id}/shipping_addresses",
        },
        "coupons": {
            "url": f"/v2/orders/{order_id}/coupons",
            "resource": f"/orders/{order_id}/coupons",
        },
    }
    store.orders[order_id] = order
    store.order_products[order_id] = products
    store.order_addresses[order_id] = [
        {
            **address,
            "id": address_id,
            "order_id": order_id,
            "items_total": order["items_total"],
            "items_shipped": 0,
            "shipping_method": str(body.get("shipping_method", "Flat Rate")),
            "base_cost": money(shipping),
            "cost_ex_tax": money(shipping),
            "cost_inc_tax": money(shipping),
            "cost_tax": money(Decimal(0)),
        }
    ]
    store.shipments[order_id] = []
    store.refunds[order_id] = []
    return order


def order(store: Store, order_id: int) -> Doc:
    found = store.orders.get(order_id)
    if found is None:
        raise StoreError(404, "The requested resource was not found.")
    return found


def _when(text: str, name: str) -> datetime:
    try:
        return datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        pass
    try:
        return parsedate_to_datetime(text)
    except (TypeError, ValueError):
        raise StoreError(400, f"{name} must be an RFC-2822 or ISO-8601 date") from None


def listed(store: Store, query: dict[str, str]) -> list[Doc]:
    """`GET /orders` filtered and sorted as documented (incomplete orders are never listed)."""
    rows = [o for o in store.orders.values() if o.get("status_id") != 0]
    for name, stamp in (
        ("min_date_modified", "date_modified"),
        ("min_date_created", "date_created"),
    ):
        if name in query:
            since = _when(query[name], name)
            rows = [o for o in rows if parsedate_to_datetime(o[stamp]) >= since]
    if "status_id" in query:
        rows = [o for o in rows if str(o.get("status_id")) == query["status_id"]]
    field, _, direction = query.get("sort", "id:asc").partition(":")
    if field not in SORTABLE or direction not in ("", "asc", "desc"):
        raise StoreError(400, "sort must be one of id, date_created, date_modified, status_id")

    def key(o: Doc) -> tuple[Any, int]:
        value = o[field]
        return (parsedate_to_datetime(value) if field.startswith("date_") else value, o["id"])

    return sorted(rows, key=key, reverse=direction == "desc")


def touch(store: Store, found: Doc) -> None:
    found["date_modified"] = store.clock.rfc2822()


def set_status(store: Store, found: Doc, status_id: int) -> None:
    found["status_id"] = status_id
    found["status"] = STATUSES[status_id]
    touch(store, found)


def ship(store: Store, order_id: int, body: Any) -> Doc:
    found = order(store, order_id)
    lines = body.get("items") if isinstance(body, dict) else None
    if not isinstance(lines, list) or not lines:
        raise StoreError(400, "items is required")
    if found.get("status_id") == CANCELLED:
        raise StoreError(400, "the order is cancelled")
    by_id = {p["id"]: p for p in store.order_products[order_id]}
    wanted: dict[int, int] = {}
    for line in lines:
        product = by_id.get(line.get("order_product_id"))
        quantity = line.get("quantity")
        if product is None or not isinstance(quantity, int) or quantity < 1:
            raise StoreError(400, f"items: {line!r} is not a product of this order")
        wanted[product["id"]] = wanted.get(product["id"], 0) + quantity
    for product_id, quantity in wanted.items():
        product = by_id[product_id]
        if product["quantity_shipped"] + quantity > product["quantity"]:
            raise StoreError(400, f"items: more of {product['sku']} than the order holds")
    for product_id, quantity in wanted.items():
        by_id[product_id]["quantity_shipped"] += quantity
    shipment = {
        "id": store.next_id("shipment"),
        "order_id": order_id,
        "date_created": store.clock.rfc2822(),
        "tracking_number": str(body.get("tracking_number", "")),
        "tracking_carrier": str(body.get("tracking_carrier", "")),
        "shipping_provider": str(body.get("shipping_provider", "")),
        "shipping_method": str(body.get("shipping_method", "")),
        "tracking_link": str(body.get("tracking_link", "")),
        "comments": str(body.get("comments", "")),
        "order_address_id": body.get("order_address_id", 0),
        "items": [
            {"order_product_id": p, "product_id": by_id[p]["product_id"], "quantity": q}
            for p, q in wanted.items()
        ],
    }
    store.shipments[order_id].append(shipment)
    shipped = sum(p["quantity_shipped"] for p in by_id.values())
    found["items_shipped"] = shipped
    for address in store.order_addresses[order_id]:
        address["items_shipped"] = shipped
    set_status(store, found, 2 if shipped == found["items_total"] else 3)
    return shipment


def shipment(store: Store, order_id: int, shipment_id: int) -> Doc:
    order(store, order_id)
    found = next((s for s in store.shipments[order_id] if s["id"] == shipment_id), None)
    if found is None:
        raise StoreError(404, "The requested resource was not found.")
    return found


def update_shipment(store: Store, order_id: int, shipment_id: int, body: Any) -> Doc:
    """`PUT /orders/{id}/shipments/{id}`: its tracking, address, method and cost (the items
    stay)."""
    found = shipment(store, order_id, shipment_id)
    if not isinstance(body, dict):
        raise StoreError(400, "The request body must be a JSON object.")
    address = body.get("order_address_id", found.get("order_address_id"))
    if not isinstance(address, int) or isinstance(address, bool):
        raise StoreError(400, "order_address_id must be a whole number")
    cost = body.get("merchant_shipping_cost")
    try:
        cost = None if cost is None else money(Decimal(str(cost)))
    except ArithmeticError:
        raise StoreError(400, "merchant_shipping_cost must be an amount") from None
    for key in SHIPMENT_TEXTS:
        if key in body:
            found[key] = str(body[key])
    found["order_address_id"] = address
    if cost is not None:
        found["merchant_shipping_cost"] = cost
    touch(store, order(store, order_id))
    return found
