"""`orderCreate`: an order from the Admin API, with Shopify's order math.

Total = line subtotal - discounts + shipping + taxes (taxes added unless `taxesIncluded`).
The financial status comes from the input, else from the transactions (sales covering the
total: PAID, authorizations: AUTHORIZED), else PENDING. With `inventoryBehaviour`
DECREMENT_* the ordered units leave `available` (into `committed` while unfulfilled).
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from graphql import GraphQLResolveInfo

from stockbridge.sandboxes.shopify.places import complete_address
from stockbridge.sandboxes.shopify.resolvers.inventory import (
    ensure_level,
    level_for,
    quantity,
    set_quantity,
)
from stockbridge.sandboxes.shopify.resolvers.metafields import set_metafields
from stockbridge.sandboxes.shopify.resolvers.payloads import (
    amount_of,
    currency_of,
    money,
    normalize_tags,
    user_error,
)
from stockbridge.sandboxes.shopify.resolvers.registry import Context, mutation
from stockbridge.sandboxes.shopify.rest import order_payload
from stockbridge.sandboxes.shopify.store import Obj, Store, ref

FINANCIAL = {
    "PAID": "PAID",
    "PENDING": "PENDING",
    "AUTHORIZED": "AUTHORIZED",
    "PARTIALLY_PAID": "PARTIALLY_PAID",
    "PARTIALLY_REFUNDED": "PARTIALLY_REFUNDED",
    "REFUNDED": "REFUNDED",
    "VOIDED": "VOIDED",
    "EXPIRED": "EXPIRED",
}


def _bag(value: Any, currency: str) -> Obj:
    """A MoneyBag from a MoneyBagInput, keeping the presentment side when given."""
    shop = (value or {}).get("shopMoney") or {}
    bag = money(shop.get("amount") or 0, shop.get("currencyCode") or currency)
    if (value or {}).get("presentmentMoney"):
        other = money(
            value["presentmentMoney"].get("amount") or 0,
            value["presentmentMoney"].get("currencyCode") or currency,
        )
        bag["presentmentMoney"] = other["shopMoney"]
    return bag


def _tax_lines(rows: list[Obj] | None, currency: str) -> tuple[list[Obj], Decimal]:
    lines, total = [], Decimal(0)
    for row in rows or []:
        amount = amount_of(row.get("priceSet"))
        total += amount
        lines.append(
            {
                "title": row.get("title"),
                "rate": row.get("rate"),
                "ratePercentage": row.get("ratePercentage"),
                "priceSet": _bag(row.get("priceSet"), currency),
            }
        )
    return lines, total


def next_order_name(store: Store) -> str:
    numbers = [
        int(str(o.get("name", "#0"))[1:])
        for o in store.all("Order")
        if str(o.get("name", "")).startswith("#") and str(o["name"])[1:].isdigit()
    ]
    return f"#{max([1000, *numbers]) + 1}"


def _customer(store: Store, data: Obj) -> Obj | None:
    spec = data.get("customer") or {}
    gid = (spec.get("toAssociate") or {}).get("id") or data.get("customerId")
    if gid:
        return store.get(gid, "Customer")
    upsert = spec.get("toUpsert")
    if not spec and data.get("email"):
        upsert = {"email": data["email"]}  # Shopify files the order under its email's customer
    if upsert:
        for customer in store.all("Customer"):
            if upsert.get("email") and customer.get("email") == upsert["email"]:
                return customer
        now = store.now()
        return store.create(
            "Customer",
            {
                "email": upsert.get("email"),
                "firstName": upsert.get("firstName"),
                "lastName": upsert.get("lastName"),
                "phone": upsert.get("phone"),
                "displayName": " ".join(
                    x for x in (upsert.get("firstName"), upsert.get("lastName")) if x
                )
                or upsert.get("email")
                or "",
                "tags": normalize_tags(upsert.get("tags")),
                "createdAt": now,
                "updatedAt": now,
                "addresses": [],
                "state": "DISABLED",
                "canDelete": True,
            },
        )
    return None


def _order_problem(store: Store, data: Obj) -> Obj | None:
    """Input checks Shopify makes before anything else (field paths use integer indexes)."""
    processed = data.get("processedAt")
    if isinstance(processed, str) and processed[:19] > store.now()[:19]:
        return user_error(
            ["order", "processedAt"], "Processed at can't be in the future", "PROCESSED_AT_INVALID"
        )
    if data.get("customerId") and data.get("customer"):
        return user_error(
            ["order"], "Cannot specify both customerId and customer", "REDUNDANT_CUSTOMER_FIELDS"
        )
    for kind in ("lineItems", "shippingLines"):
        for index, row in enumerate(data.get(kind) or []):
            for tax_index, tax in enumerate(row.get("taxLines") or []):
                if tax.get("rate") in (None, ""):
                    return user_error(
                        ["order", kind, index, "taxLines", tax_index, "rate"],
                        "Tax line rate is missing",
                        "TAX_LINE_RATE_MISSING",
                    )
    return None


@mutation("orderCreate")
def order_create(ctx: Context, _s: Any, args: dict[str, Any], _i: GraphQLResolveInfo) -> Any:
    from stockbridge.sandboxes.shopify.resolvers.products import default_location

    store = ctx.store
    data = args.get("order") or {}
    options = args.get("options") or {}
    rows = data.get("lineItems") or []
    problem = _order_problem(store, data)
    if problem is not None:
        return {"order": None, "userErrors": [problem]}
    if not rows:
        return {
            "order": None,
            "userErrors": [
                user_error(
                    ["order", "lineItems"], "Line items must have at least one line item", "INVALID"
                )
            ],
        }
    currency = data.get("currency") or currency_of(store)
    variants = [store.get(row.get("variantId"), "ProductVariant") for row in rows]
    for row, variant in zip(rows, variants, strict=True):
        if not (row.get("title") or variant):
            return {
                "order": None,
                "userErrors": [
                    user_error(["order", "lineItems"], "Line items Title can't be blank")
                ],
            }
    location = default_location(store)
    now = store.now()
    order = store.create(
        "Order",
        {
            "name": data.get("name") or next_order_name(store),
            "email": data.get("email"),
            "phone": data.get("phone"),
            "note": data.get("note"),
            "poNumber": data.get("poNumber"),
            "tags": normalize_tags(data.get("tags")),
            "test": bool(data.get("test")),
            "customAttributes": [
                {"key": a.get("key"), "value": a.get("value")}
                for a in data.get("customAttributes") or []
            ],
            "createdAt": data.get("processedAt") or now,
            "processedAt": data.get("processedAt") or now,
            "updatedAt": now,
            "closed": bool(data.get("closedAt")),
            "closedAt": data.get("closedAt"),
            "cancelledAt": None,
            "cancelReason": None,
            "taxesIncluded": bool(data.get("taxesIncluded")),
            "currencyCode": currency,
            "sourceName": data.get("sourceName"),
            "sourceIdentifier": data.get("sourceIdentifier"),
            "lineItems": [],
            "fulfillments": [],
            "refunds": [],
            "fulfillmentOrders": [],
            "transactions": [],
            "discountCodes": [],
        },
    )
    for key in ("billingAddress", "shippingAddress"):
        if data.get(key):
            order[key] = complete_address(dict(data[key]))
    customer = _customer(store, data)
    if customer is not None:
        order["customer"] = ref(customer["id"])
    fo = store.create(
        "FulfillmentOrder",
        {
            "status": "OPEN",
            "requestStatus": "UNSUBMITTED",
            "order": ref(order["id"]),
            "assignedLocation": {"name": location.get("name"), "location": ref(location["id"])},
            "lineItems": [],
            "createdAt": now,
            "updatedAt": now,
        },
    )
    order["fulfillmentOrders"].append(ref(fo["id"]))
    subtotal = Decimal(0)
    taxes = Decimal(0)
    fulfilled = data.get("fulfillmentStatus") == "FULFILLED" or bool(data.get("fulfillment"))
    decrement = str(options.get("inventoryBehaviour") or "BYPASS").startswith("DECREMENT")
    for row, variant in zip(rows, variants, strict=True):
        qty = int(row.get("quantity") or 0)
        product = store.deref((variant or {}).get("product")) or {}
        price_bag = (
            _bag(row["priceSet"], currency)
            if row.get("priceSet")
            else money((variant or {}).get("price") or 0, currency)
        )
        price = amount_of(price_bag)
        subtotal += price * qty
        tax_lines, tax = _tax_lines(row.get("taxLines"), currency)
        taxes += tax
        line = store.create(
            "LineItem",
            {
                "title": row.get("title") or product.get("title"),
                "quantity": qty,
                "sku": row.get("sku") if row.get("sku") is not None else (variant or {}).get("sku"),
                "variant": ref(variant["id"]) if variant else None,
                "variantTitle": row.get("variantTitle"),
                "vendor": row.get("vendor"),
                "requiresShipping": bool(row.get("requiresShipping")),
                "taxable": row.get("taxable", True),
                "originalUnitPriceSet": price_bag,
                "taxLines": tax_lines,
                "fulfillableQuantity": 0 if fulfilled else qty,
                "currentQuantity": qty,
            },
        )
        order["lineItems"].append(ref(line["id"]))
        fo_line = store.create(
            "FulfillmentOrderLineItem",
            {
                "lineItem": ref(line["id"]),
                "totalQuantity": qty,
                "remainingQuantity": 0 if fulfilled else qty,
            },
        )
        fo["lineItems"].append(ref(fo_line["id"]))
        item = store.deref((variant or {}).get("inventoryItem"))
        if decrement and item is not None:
            level = level_for(store, item, location["id"]) or ensure_level(store, item, location)
            set_quantity(store, level, "available", quantity(level, "available") - qty)
            if not fulfilled:
                set_quantity(store, level, "committed", quantity(level, "committed") + qty)
    shipping_lines, shipping, shipping_tax = [], Decimal(0), Decimal(0)
    for row in data.get("shippingLines") or []:
        tax_lines, tax = _tax_lines(row.get("taxLines"), currency)
        shipping_tax += tax
        shipping += amount_of(row.get("priceSet"))
        shipping_lines.append(
            {
                "title": row.get("title"),
                "code": row.get("code"),
                "source": row.get("source"),
                "originalPriceSet": _bag(row.get("priceSet"), currency),
                "discountedPriceSet": _bag(row.get("priceSet"), currency),
                "taxLines": tax_lines,
            }
        )
    order["shippingLines"] = shipping_lines
    tax_lines, order_tax = _tax_lines(data.get("taxLines"), currency)
    taxes += shipping_tax + order_tax
    discounts = Decimal(0)
    code = data.get("discountCode") or {}
    if code.get("itemFixedDiscountCode"):
        spec = code["itemFixedDiscountCode"]
        discounts = amount_of(spec.get("amountSet"))
        order["discountCodes"] = [spec.get("code")]
    elif code.get("itemPercentageDiscountCode"):
        spec = code["itemPercentageDiscountCode"]
        discounts = (subtotal * Decimal(str(spec.get("percentage") or 0)) / 100).quantize(
            Decimal("0.01")
        )
        order["discountCodes"] = [spec.get("code")]
    elif code.get("freeShippingDiscountCode"):
        spec = code["freeShippingDiscountCode"]
        discounts = shipping
        order["discountCodes"] = [spec.get("code")]
    total = subtotal - discounts + shipping + (Decimal(0) if data.get("taxesIncluded") else taxes)
    order["subtotalPriceSet"] = money(subtotal - discounts, currency)
    order["currentSubtotalPriceSet"] = money(subtotal - discounts, currency)
    order["totalShippingPriceSet"] = money(shipping, currency)
    order["totalTaxSet"] = money(taxes, currency)
    order["currentTotalTaxSet"] = money(taxes, currency)
    order["totalDiscountsSet"] = money(discounts, currency)
    order["currentTotalDiscountsSet"] = money(discounts, currency)
    order["totalPriceSet"] = money(total, currency)
    order["currentTotalPriceSet"] = money(total, currency)
    order["totalRefundedSet"] = money(0, currency)
    received = Decimal(0)
    capturable = Decimal(0)
    authorized = False
    gateways: list[str] = []
    for tx in data.get("transactions") or []:
        kind = tx.get("kind") or "SALE"
        tx_status = tx.get("status") or "SUCCESS"
        made = store.create(
            "OrderTransaction",
            {
                "kind": kind,
                "status": tx_status,
                "gateway": tx.get("gateway") or "manual",
                "amountSet": _bag(tx.get("amountSet"), currency),
                "test": bool(tx.get("test")),
                "createdAt": tx.get("processedAt") or now,
                "processedAt": tx.get("processedAt") or now,
            },
        )
        order["transactions"].append(ref(made["id"]))
        if made["gateway"] not in gateways:
            gateways.append(made["gateway"])
        if tx_status == "SUCCESS" and kind in ("SALE", "CAPTURE"):
            received += amount_of(made["amountSet"])
        if tx_status == "SUCCESS" and kind == "AUTHORIZATION":
            authorized = True
            capturable += amount_of(made["amountSet"])
    order["paymentGatewayNames"] = gateways
    order["totalCapturableSet"] = money(capturable, currency)
    order["capturable"] = capturable > 0
    order["totalReceivedSet"] = money(received, currency)
    order["netPaymentSet"] = money(received, currency)
    outstanding = max(total - received - capturable, Decimal(0))
    order["totalOutstandingSet"] = money(outstanding, currency)
    status: str | None
    if data.get("financialStatus"):
        status = FINANCIAL.get(str(data["financialStatus"]), "PENDING")
    elif received >= total and received > 0:
        status = "PAID"
    elif received > 0:
        status = "PARTIALLY_PAID"
    elif authorized:
        status = "AUTHORIZED"
    else:
        status = None  # no payment recorded: Shopify leaves the status empty
    order["displayFinancialStatus"] = status
    if fulfilled:
        fo["status"] = "CLOSED"
        fulfillment = store.create(
            "Fulfillment",
            {
                "name": f"{order['name']}-F1",
                "status": "SUCCESS",
                "displayStatus": "FULFILLED",
                "createdAt": now,
                "updatedAt": now,
                "order": ref(order["id"]),
                "trackingInfo": [],
                "fulfillmentLineItems": [
                    ref(
                        store.create(
                            "FulfillmentLineItem",
                            {
                                "lineItem": entry,
                                "quantity": (store.deref(entry) or {}).get("quantity"),
                            },
                        )["id"]
                    )
                    for entry in order["lineItems"]
                ],
            },
        )
        order["fulfillments"].append(ref(fulfillment["id"]))
        order["displayFulfillmentStatus"] = "FULFILLED"
    else:
        order["displayFulfillmentStatus"] = "UNFULFILLED"
    set_metafields(store, order, data.get("metafields"))
    ctx.emit("orders/create", order_payload(store, order))
    return {"order": order, "userErrors": []}
