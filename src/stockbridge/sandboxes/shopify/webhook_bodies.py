"""Webhook bodies: every topic's JSON, built here and nowhere else, in Shopify's REST shapes.

Shopify sends the REST resource of the topic (API-NOTES §2.8): snake_case keys, numeric ids
beside `admin_graphql_api_id`, tags as one comma-separated string, enum values in lower case,
and money as decimal text with two places ("108.00"), each amount with its `*_set` twin
holding the shop and presentment sides. The shapes follow the REST reference
(`../shared/shopify/rest-openapi-2022-10/`); a test validates every body built here against
it. A field the sandbox does not hold is left out, never filled with a made-up value.
"""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from typing import Any

from stockbridge.sandboxes.shopify.gid import gid_number
from stockbridge.sandboxes.shopify.store import Obj, Store, is_ref

CENTS = Decimal("0.01")

# GraphQL's displayFulfillmentStatus -> the REST order's fulfillment_status (null otherwise).
ORDER_FULFILLMENT = {
    "FULFILLED": "fulfilled",
    "PARTIALLY_FULFILLED": "partial",
    "RESTOCKED": "restocked",
}


def legacy_id(gid: Any) -> int | None:
    """The numeric id in a gid (`gid://shopify/Order/12` -> 12; query strings ignored)."""
    number = gid_number(gid if isinstance(gid, str) else "")
    return int(number) if number.isdigit() else None


def _ref_id(value: Any) -> int | None:
    return legacy_id(value.get("__ref") if is_ref(value) else (value or {}).get("id"))


def money_text(amount: Any) -> str:
    """Shopify's REST money text: a decimal with two places ("108.00", "0.00")."""
    try:
        value = Decimal(str(amount if amount not in (None, "") else 0))
    except InvalidOperation:
        value = Decimal(0)
    return format(value.quantize(CENTS), "f")


def _side(bag: Any, key: str) -> Obj:
    side = bag.get(key) if isinstance(bag, dict) else None
    return side if isinstance(side, dict) else {}


def price_set(bag: Any, currency: str) -> Obj:
    """A GraphQL MoneyBag as REST's `*_set`: shop and presentment money (the presentment side
    is the shop side when the bag has none)."""
    shop = _side(bag, "shopMoney")
    other = _side(bag, "presentmentMoney") or shop
    return {
        "shop_money": {
            "amount": money_text(shop.get("amount")),
            "currency_code": str(shop.get("currencyCode") or currency),
        },
        "presentment_money": {
            "amount": money_text(other.get("amount")),
            "currency_code": str(other.get("currencyCode") or shop.get("currencyCode") or currency),
        },
    }


def _amount(bag: Any) -> str:
    return money_text(_side(bag, "shopMoney").get("amount"))


def _decimal(bag: Any) -> Decimal:
    return Decimal(money_text(_side(bag, "shopMoney").get("amount")))


def _presented(bag: Any) -> Decimal:
    side = _side(bag, "presentmentMoney") or _side(bag, "shopMoney")
    return Decimal(money_text(side.get("amount")))


def _sum_set(parts: list[tuple[Decimal, Decimal]], currency: str, presentment: str) -> Obj:
    shop = sum((p[0] for p in parts), Decimal(0))
    other = sum((p[1] for p in parts), Decimal(0))
    return {
        "shop_money": {"amount": money_text(shop), "currency_code": currency},
        "presentment_money": {"amount": money_text(other), "currency_code": presentment},
    }


def _lower(value: Any) -> str | None:
    return str(value).lower() if value else None


def _tags(obj: Obj) -> str:
    tags = obj.get("tags")
    return ", ".join(str(t) for t in tags) if isinstance(tags, list) else str(tags or "")


def _deref_all(store: Store, entries: Any) -> list[Obj]:
    out = []
    for entry in entries or []:
        value = store.deref(entry) if is_ref(entry) else entry
        if isinstance(value, dict):
            out.append(value)
    return out


def shop_currency(store: Store) -> str:
    for shop in store.all("Shop"):
        if shop.get("currencyCode"):
            return str(shop["currencyCode"])
    return "USD"


def order_currency(store: Store, order: Obj) -> str:
    """The order's shop currency: its own, else its totals', else the shop's."""
    if order.get("currencyCode"):
        return str(order["currencyCode"])
    code = _side(order.get("totalPriceSet"), "shopMoney").get("currencyCode")
    return str(code) if code else shop_currency(store)


def order_presentment(order: Obj, currency: str) -> str:
    if order.get("presentmentCurrencyCode"):
        return str(order["presentmentCurrencyCode"])
    code = _side(order.get("totalPriceSet"), "presentmentMoney").get("currencyCode")
    return str(code) if code else currency


# -- addresses and customers -------------------------------------------------------------


def address_body(address: Any) -> Obj | None:
    """An order's billing or shipping address (REST keys; no id: order addresses have none)."""
    if not isinstance(address, dict):
        return None
    first, last = address.get("firstName"), address.get("lastName")
    name = address.get("name") or " ".join(str(p) for p in (first, last) if p) or None
    return {
        "first_name": first,
        "last_name": last,
        "name": name,
        "company": address.get("company"),
        "address1": address.get("address1"),
        "address2": address.get("address2"),
        "city": address.get("city"),
        "province": address.get("province"),
        "province_code": address.get("provinceCode"),
        "country": address.get("country"),
        "country_code": address.get("countryCodeV2") or address.get("countryCode"),
        "zip": address.get("zip"),
        "phone": address.get("phone"),
    }


def _customer_address(address: Obj, customer: Obj, default_id: Any) -> Obj:
    body = address_body(address) or {}
    return {
        "id": legacy_id(address.get("id")),
        "customer_id": legacy_id(customer.get("id")),
        **body,
        "country_name": address.get("country"),
        "default": address.get("id") == default_id,
    }


def customer_body(store: Store, customer: Obj) -> Obj:
    """The REST customer (customers/* topics, and the `customer` of an order)."""
    addresses = [a for a in _deref_all(store, customer.get("addresses")) if a.get("id")]
    default = (
        store.deref(customer.get("defaultAddress")) if customer.get("defaultAddress") else None
    )
    default_id = (default or {}).get("id")
    body: Obj = {
        "id": legacy_id(customer["id"]),
        "admin_graphql_api_id": customer["id"],
        "email": customer.get("email"),
        "first_name": customer.get("firstName"),
        "last_name": customer.get("lastName"),
        "phone": customer.get("phone"),
        "note": customer.get("note"),
        "state": _lower(customer.get("state")),
        "tags": _tags(customer),
        "tax_exempt": customer.get("taxExempt"),
        "created_at": customer.get("createdAt"),
        "updated_at": customer.get("updatedAt"),
        "addresses": [_customer_address(a, customer, default_id) for a in addresses],
    }
    if isinstance(default, dict) and default.get("id"):
        body["default_address"] = _customer_address(default, customer, default_id)
    if customer.get("verifiedEmail") is not None:
        body["verified_email"] = bool(customer["verifiedEmail"])
    return body


# -- orders --------------------------------------------------------------------------------


def _tax_line(row: Obj, currency: str) -> Obj:
    bag = row.get("priceSet")
    line: Obj = {
        "title": row.get("title"),
        "price": _amount(bag),
        "price_set": price_set(bag, currency),
    }
    if row.get("rate") is not None:
        line["rate"] = float(Decimal(str(row["rate"])))  # a ratio, not money: REST writes 0.06
    return line


def _allocations(rows: Any, currency: str) -> list[Obj]:
    return [
        {
            "amount": _amount(row.get("allocatedAmountSet")),
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
    allocations = _allocations(line.get("discountAllocations"), currency)
    discount = [
        (_decimal(r.get("allocatedAmountSet")), _presented(r.get("allocatedAmountSet")))
        for r in line.get("discountAllocations") or []
        if isinstance(r, dict)
    ]
    presentment = str(_side(price_bag, "presentmentMoney").get("currencyCode") or currency)
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
        "price": _amount(price_bag),
        "price_set": price_set(price_bag, currency),
        "total_discount": money_text(sum((d[0] for d in discount), Decimal(0))),
        "total_discount_set": _sum_set(discount, currency, presentment),
        "discount_allocations": allocations,
        "tax_lines": [_tax_line(t, currency) for t in line.get("taxLines") or []],
        "properties": [
            {"name": a.get("key"), "value": a.get("value")}
            for a in line.get("customAttributes") or []
        ],
    }


def _shipping_line(row: Obj, currency: str) -> Obj:
    original = row.get("originalPriceSet")
    discounted = row.get("discountedPriceSet") or original
    return {
        "title": row.get("title"),
        "code": row.get("code"),
        "source": row.get("source"),
        "price": _amount(original),
        "price_set": price_set(original, currency),
        "discounted_price": _amount(discounted),
        "discounted_price_set": price_set(discounted, currency),
        "discount_allocations": [],
        "tax_lines": [_tax_line(t, currency) for t in row.get("taxLines") or []],
    }


def _order_tax_lines(lines: list[Obj], shipping: list[Obj], currency: str) -> list[Obj]:
    """The order's taxes: its lines' and shipping lines' tax lines summed per title and rate."""
    totals: dict[tuple[Any, Any], list[Any]] = {}
    for row in [t for ln in lines + shipping for t in ln.get("taxLines") or []]:
        key = (row.get("title"), row.get("rate"))
        bag = row.get("priceSet")
        slot = totals.setdefault(key, [Decimal(0), Decimal(0), bag])
        slot[0] += _decimal(bag)
        slot[1] += _presented(bag)
    out = []
    for (title, rate), (shop, other, bag) in totals.items():
        presentment = str(_side(bag, "presentmentMoney").get("currencyCode") or currency)
        line: Obj = {
            "title": title,
            "price": money_text(shop),
            "price_set": _sum_set([(shop, other)], currency, presentment),
        }
        if rate is not None:
            line["rate"] = float(Decimal(str(rate)))
        out.append(line)
    return out


def _discount_codes(order: Obj, currency: str) -> list[Obj]:
    kind = {"itemPercentageDiscountCode": "percentage", "freeShippingDiscountCode": "shipping"}
    codes = [c for c in order.get("discountCodes") or [] if c]
    amount = _amount(order.get("totalDiscountsSet"))
    return [
        {
            "code": code,
            "amount": amount,
            "type": kind.get(str(order.get("discountCodeKind")), "fixed_amount"),
        }
        for code in codes[:1]
    ]


def order_body(store: Store, order: Obj) -> Obj:
    """The REST order (orders/create, updated, cancelled, fulfilled, partially_fulfilled, paid)."""
    currency = order_currency(store, order)
    presentment = order_presentment(order, currency)
    lines = _deref_all(store, order.get("lineItems"))
    shipping = [s for s in order.get("shippingLines") or [] if isinstance(s, dict)]
    line_total = [
        (
            _decimal(ln.get("originalUnitPriceSet")) * int(ln.get("quantity") or 0),
            _presented(ln.get("originalUnitPriceSet")) * int(ln.get("quantity") or 0),
        )
        for ln in lines
    ]
    name = str(order.get("name") or "")
    number = name.lstrip("#")
    customer = store.deref(order.get("customer")) if order.get("customer") else None
    body: Obj = {
        "id": legacy_id(order["id"]),
        "admin_graphql_api_id": order["id"],
        "name": name or None,
        "order_number": int(number) if number.isdigit() else None,
        "email": order.get("email"),
        "phone": order.get("phone"),
        "note": order.get("note"),
        "tags": _tags(order),
        "test": bool(order.get("test")),
        "created_at": order.get("createdAt"),
        "updated_at": order.get("updatedAt"),
        "processed_at": order.get("processedAt"),
        "cancelled_at": order.get("cancelledAt"),
        "cancel_reason": _lower(order.get("cancelReason")),
        "closed_at": order.get("closedAt"),
        "currency": currency,
        "presentment_currency": presentment,
        "taxes_included": bool(order.get("taxesIncluded")),
        "financial_status": _lower(order.get("displayFinancialStatus")),
        "fulfillment_status": ORDER_FULFILLMENT.get(str(order.get("displayFulfillmentStatus"))),
        "source_name": order.get("sourceName"),
        "source_identifier": order.get("sourceIdentifier"),
        "payment_gateway_names": list(order.get("paymentGatewayNames") or []),
        "customer": customer_body(store, customer) if isinstance(customer, dict) else None,
        "billing_address": address_body(order.get("billingAddress")),
        "shipping_address": address_body(order.get("shippingAddress")),
        "line_items": [line_item_body(store, ln, currency) for ln in lines],
        "shipping_lines": [_shipping_line(s, currency) for s in shipping],
        "tax_lines": _order_tax_lines(lines, shipping, currency),
        "discount_codes": _discount_codes(order, currency),
        "note_attributes": [
            {"name": a.get("key"), "value": a.get("value")}
            for a in order.get("customAttributes") or []
        ],
        "total_line_items_price": money_text(sum((p[0] for p in line_total), Decimal(0))),
        "total_line_items_price_set": _sum_set(line_total, currency, presentment),
    }
    for rest_key, bag_key in (
        ("subtotal_price", "subtotalPriceSet"),
        ("total_price", "totalPriceSet"),
        ("total_tax", "totalTaxSet"),
        ("total_discounts", "totalDiscountsSet"),
        ("current_subtotal_price", "currentSubtotalPriceSet"),
        ("current_total_price", "currentTotalPriceSet"),
        ("current_total_tax", "currentTotalTaxSet"),
        ("current_total_discounts", "currentTotalDiscountsSet"),
    ):
        bag = order.get(bag_key)
        if bag_key.startswith("current") and not isinstance(bag, dict):
            original = bag_key.removeprefix("current")  # no change since creation
            bag = order.get(original[0].lower() + original[1:])
        body[rest_key] = _amount(bag)
        body[f"{rest_key}_set"] = price_set(bag, currency)
    body["total_shipping_price_set"] = price_set(order.get("totalShippingPriceSet"), currency)
    if isinstance(order.get("totalOutstandingSet"), dict):
        body["total_outstanding"] = _amount(order["totalOutstandingSet"])
    body["fulfillments"] = [
        fulfillment_body(store, f, order) for f in _deref_all(store, order.get("fulfillments"))
    ]
    body["refunds"] = [
        refund_body(store, r, order) for r in _deref_all(store, order.get("refunds"))
    ]
    return body


# -- refunds, transactions, fulfillments -----------------------------------------------------


def transaction_body(store: Store, tx: Obj, order: Obj) -> Obj:
    currency = order_currency(store, order)
    bag = tx.get("amountSet")
    parent = tx.get("parentTransaction")
    return {
        "id": legacy_id(tx.get("id")),
        "admin_graphql_api_id": tx.get("id"),
        "order_id": legacy_id(order["id"]),
        "kind": _lower(tx.get("kind")),
        "status": _lower(tx.get("status")),
        "gateway": tx.get("gateway"),
        "amount": _amount(bag),
        "currency": str(_side(bag, "shopMoney").get("currencyCode") or currency),
        "test": bool(tx.get("test")),
        "parent_id": _ref_id(parent) if isinstance(parent, dict) else None,
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
                "location_id": _ref_id(entry["location"]) if entry.get("location") else None,
                "subtotal": _amount(subtotal),
                "subtotal_set": price_set(subtotal, currency),
                "total_tax": _amount(tax),
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
            for tx in _deref_all(store, refund.get("transactions"))
        ],
        "order_adjustments": [],
    }


def fulfillment_body(store: Store, fulfillment: Obj, order: Obj) -> Obj:
    """The REST fulfillment (fulfillments/create|update), its lines with the fulfilled units."""
    currency = order_currency(store, order)
    tracking = [t for t in fulfillment.get("trackingInfo") or [] if isinstance(t, dict)]
    lines = []
    for entry in _deref_all(store, fulfillment.get("fulfillmentLineItems")):
        line = store.deref(entry.get("lineItem")) or {}
        body = line_item_body(store, line, currency)
        body["quantity"] = int(entry.get("quantity") or 0)
        lines.append(body)
    return {
        "id": legacy_id(fulfillment["id"]),
        "admin_graphql_api_id": fulfillment["id"],
        "order_id": legacy_id(order["id"]),
        "name": fulfillment.get("name"),
        "status": _lower(fulfillment.get("status")),
        "location_id": _ref_id(fulfillment["location"]) if fulfillment.get("location") else None,
        "notify_customer": bool(fulfillment.get("notifyCustomer")),
        "created_at": fulfillment.get("createdAt"),
        "updated_at": fulfillment.get("updatedAt"),
        "tracking_company": tracking[0].get("company") if tracking else None,
        "tracking_number": tracking[0].get("number") if tracking else None,
        "tracking_numbers": [str(t.get("number")) for t in tracking if t.get("number")],
        "tracking_url": tracking[0].get("url") if tracking else None,
        "tracking_urls": [str(t.get("url")) for t in tracking if t.get("url")],
        "line_items": lines,
    }


# -- catalog and inventory -------------------------------------------------------------------


def _available(store: Store, item: Obj) -> int:
    total = 0
    for level in _deref_all(store, item.get("inventoryLevels")):
        for q in level.get("quantities") or []:
            if q.get("name") == "available":
                total += int(q.get("quantity") or 0)
    return total


def variant_body(store: Store, product: Obj, variant: Obj) -> Obj:
    item = store.deref(variant.get("inventoryItem")) or {}
    options = [str(o.get("value")) for o in variant.get("selectedOptions") or []]
    body: Obj = {
        "id": legacy_id(variant.get("id")),
        "admin_graphql_api_id": variant.get("id"),
        "product_id": legacy_id(product["id"]),
        "title": variant.get("title"),
        "price": money_text(variant.get("price")),
        "compare_at_price": (
            money_text(variant["compareAtPrice"]) if variant.get("compareAtPrice") else None
        ),
        "sku": variant.get("sku"),
        "barcode": variant.get("barcode"),
        "position": int(variant.get("position") or 1),
        "inventory_item_id": legacy_id(item.get("id")),
        "inventory_policy": str(variant.get("inventoryPolicy") or "DENY").lower(),
        "inventory_management": "shopify" if item.get("tracked") else None,
        "inventory_quantity": _available(store, item),
        "taxable": bool(variant.get("taxable", True)),
        "created_at": variant.get("createdAt"),
        "updated_at": variant.get("updatedAt"),
    }
    for index in range(3):
        body[f"option{index + 1}"] = options[index] if index < len(options) else None
    return body


def product_body(store: Store, product: Obj) -> Obj:
    """The REST product (products/create|update) with its variants and options."""
    variants = _deref_all(store, product.get("variants"))
    options = []
    for position, option in enumerate(_deref_all(store, product.get("options")), start=1):
        values = [v.get("name") for v in _deref_all(store, option.get("optionValues"))]
        options.append(
            {
                "id": legacy_id(option.get("id")),
                "product_id": legacy_id(product["id"]),
                "name": option.get("name"),
                "position": int(option.get("position") or position),
                "values": [str(v) for v in values if v is not None],
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
        "status": _lower(product.get("status")),
        "tags": _tags(product),
        "created_at": product.get("createdAt"),
        "updated_at": product.get("updatedAt"),
        "variants": [variant_body(store, product, v) for v in variants],
        "options": [o for o in options if o["id"] is not None],
    }


def product_deleted_body(product: Obj) -> Obj:
    """products/delete carries only the id."""
    return {"id": legacy_id(product["id"])}


def inventory_level_body(store: Store, level: Obj) -> Obj:
    """inventory_levels/update: item, location, `available` now, when."""
    available = 0
    stamp = None
    for q in level.get("quantities") or []:
        if q.get("name") == "available":
            available, stamp = int(q.get("quantity") or 0), q.get("updatedAt")
    return {
        "inventory_item_id": _ref_id(level.get("item")),
        "location_id": _ref_id(level.get("location")),
        "available": available,
        "updated_at": stamp or level.get("updatedAt") or store.now(),
        "admin_graphql_api_id": level.get("id"),
    }


# -- shop and bulk operations ----------------------------------------------------------------


def shop_body(shop: Obj, store: Store) -> Obj:
    """The REST shop (app/uninstalled, shop/update): what the sandbox holds of it."""
    return {
        "id": legacy_id(shop.get("id")),
        "name": shop.get("name"),
        "email": shop.get("email"),
        "domain": store.shop_domain,
        "myshopify_domain": store.shop_domain,
        "currency": shop_currency(store),
    }


def bulk_operation_body(op: Obj) -> Obj:
    """bulk_operations/finish (API-NOTES §2.6): the operation's id, times, status, type."""
    return {
        "admin_graphql_api_id": op["id"],
        "completed_at": op.get("completedAt"),
        "created_at": op.get("createdAt"),
        "error_code": _lower(op.get("errorCode")),
        "status": _lower(op.get("status")),
        "type": _lower(op.get("type")),
    }
