"""`orderCreate`: an order from the Admin API, with Shopify's order math (order_money.py).

The financial status comes from the input, else from the transactions (sales covering the
total: PAID, authorizations: AUTHORIZED), else none. With `inventoryBehaviour` DECREMENT_*
the ordered units leave `available` (into `committed` while unfulfilled). A line links its
variant's product, else the product `productId` names; its `properties` are its custom
attributes.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from graphql import GraphQLResolveInfo

from stockbridge_sandboxes.shopify.places import complete_address
from stockbridge_sandboxes.shopify.resolvers.inventory import (
    ensure_level,
    level_for,
    quantity,
    set_quantity,
)
from stockbridge_sandboxes.shopify.resolvers.metafields import set_metafields
from stockbridge_sandboxes.shopify.resolvers.order_money import (
    ZERO,
    Currencies,
    Pair,
    discount_allocations,
    item_discount,
    tax_lines,
)
from stockbridge_sandboxes.shopify.resolvers.orders import notify_paid, order_number
from stockbridge_sandboxes.shopify.resolvers.payloads import (
    currency_of,
    normalize_tags,
    user_error,
)
from stockbridge_sandboxes.shopify.resolvers.registry import Context, mutation
from stockbridge_sandboxes.shopify.store import Obj, Store, ref
from stockbridge_sandboxes.shopify.webhook_bodies import order_body

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


def _variant_title(row: Obj, variant: Obj | None) -> Any:
    """The line's variant title: the input's, else the variant's (a default variant has none)."""
    if row.get("variantTitle") is not None or variant is None:
        return row.get("variantTitle")
    title = variant.get("title")
    return None if title == "Default Title" else title


def next_order_number(store: Store) -> int:
    """The shop's next order number: one past the highest, from 1001 (prefix `#`)."""
    numbers = [n for n in (order_number(o) for o in store.all("Order")) if n is not None]
    return max([1000, *numbers]) + 1


def next_order_name(store: Store) -> str:
    return f"#{next_order_number(store)}"


def customer_for_order(store: Store, data: Obj) -> Obj | None:
    """The customer an order input names, or the one its e-mail files it under (created)."""
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
    from stockbridge_sandboxes.shopify.resolvers.products import default_location

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
    cur = Currencies(currency, data.get("presentmentCurrency") or currency)
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
    number = next_order_number(store)
    order = store.create(
        "Order",
        {
            "number": number,
            "name": data.get("name") or f"#{number}",
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
            "presentmentCurrencyCode": cur.presentment,
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
    customer = customer_for_order(store, data)
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
    subtotal, taxes, line_totals, lines = ZERO, ZERO, [], []
    fulfilled = data.get("fulfillmentStatus") == "FULFILLED" or bool(data.get("fulfillment"))
    decrement = str(options.get("inventoryBehaviour") or "BYPASS").startswith("DECREMENT")
    # "Returns true if inventory quantities for an order's line items have been reserved".
    order["confirmed"] = decrement
    for row, variant in zip(rows, variants, strict=True):
        qty = int(row.get("quantity") or 0)
        product = (
            store.deref((variant or {}).get("product"))
            or store.get(row.get("productId"), "Product")
            or {}
        )
        if row.get("priceSet"):
            price, price_bag = cur.pair(row["priceSet"]), cur.input_bag(row["priceSet"])
        else:
            unit = Decimal(str((variant or {}).get("price") or 0))
            price = Pair(unit, unit)
            price_bag = cur.bag(price)
        line_totals.append(price.times(qty))
        subtotal = subtotal + price.times(qty)
        line_taxes, tax = tax_lines(row.get("taxLines"), cur)
        taxes = taxes + tax
        line = store.create(
            "LineItem",
            {
                "title": row.get("title") or product.get("title"),
                "quantity": qty,
                "sku": row.get("sku") if row.get("sku") is not None else (variant or {}).get("sku"),
                "variant": ref(variant["id"]) if variant else None,
                "product": ref(product["id"]) if product.get("id") else None,
                "customAttributes": [
                    {"key": p.get("name"), "value": p.get("value")}
                    for p in row.get("properties") or []
                ],
                "variantTitle": _variant_title(row, variant),
                "vendor": row.get("vendor") or (product.get("vendor") if variant else None),
                "requiresShipping": bool(row.get("requiresShipping")),
                "taxable": row.get("taxable", True),
                "originalUnitPriceSet": price_bag,
                "taxLines": line_taxes,
                "discountAllocations": [],
                "fulfillableQuantity": 0 if fulfilled else qty,
                "currentQuantity": qty,
            },
        )
        order["lineItems"].append(ref(line["id"]))
        lines.append(line)
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
    shipping_lines, shipping, shipping_tax = [], ZERO, ZERO
    for row in data.get("shippingLines") or []:
        line_taxes, tax = tax_lines(row.get("taxLines"), cur)
        shipping_tax = shipping_tax + tax
        shipping = shipping + cur.pair(row.get("priceSet"))
        shipping_lines.append(
            {
                "title": row.get("title"),
                "code": row.get("code"),
                "source": row.get("source"),
                "originalPriceSet": cur.input_bag(row.get("priceSet")),
                "discountedPriceSet": cur.input_bag(row.get("priceSet")),
                "taxLines": line_taxes,
            }
        )
    order["shippingLines"] = shipping_lines
    _, order_tax = tax_lines(data.get("taxLines"), cur)
    taxes = taxes + shipping_tax + order_tax
    code = data.get("discountCode") or {}
    shares = item_discount(code, line_totals, cur)
    for line, share in zip(lines, shares, strict=False):
        line["discountAllocations"] = discount_allocations(share, cur)
    discounts = sum(shares, ZERO)
    for kind in ("itemFixedDiscountCode", "itemPercentageDiscountCode", "freeShippingDiscountCode"):
        if code.get(kind):
            order["discountCodes"] = [code[kind].get("code")]
            order["__discountKind"] = kind
            if kind == "freeShippingDiscountCode":
                discounts = shipping
            break
    total = subtotal - discounts + shipping + (ZERO if data.get("taxesIncluded") else taxes)
    order["subtotalPriceSet"] = cur.bag(subtotal - discounts)
    order["currentSubtotalPriceSet"] = cur.bag(subtotal - discounts)
    order["totalShippingPriceSet"] = cur.bag(shipping)
    order["totalTaxSet"] = cur.bag(taxes)
    order["currentTotalTaxSet"] = cur.bag(taxes)
    order["totalDiscountsSet"] = cur.bag(discounts)
    order["currentTotalDiscountsSet"] = cur.bag(discounts)
    order["totalPriceSet"] = cur.bag(total)
    order["currentTotalPriceSet"] = cur.bag(total)
    order["totalRefundedSet"] = cur.bag(ZERO)
    received, capturable = ZERO, ZERO
    authorized = False
    gateways: list[str] = []
    tx_rows = data.get("transactions") or []
    if not tx_rows and data.get("financialStatus") == "PAID" and total.shop > 0:
        # An order created as paid without its payments records one manual sale of the total.
        tx_rows = [{"kind": "SALE", "amountSet": cur.bag(total), "test": data.get("test")}]
    for tx in tx_rows:
        kind = tx.get("kind") or "SALE"
        tx_status = tx.get("status") or "SUCCESS"
        made = store.create(
            "OrderTransaction",
            {
                "kind": kind,
                "status": tx_status,
                "gateway": tx.get("gateway") or "manual",
                "amountSet": cur.input_bag(tx.get("amountSet")),
                "test": bool(tx.get("test")),
                "createdAt": tx.get("processedAt") or now,
                "processedAt": tx.get("processedAt") or now,
            },
        )
        order["transactions"].append(ref(made["id"]))
        if made["gateway"] not in gateways:
            gateways.append(made["gateway"])
        if tx_status == "SUCCESS" and kind in ("SALE", "CAPTURE"):
            received = received + cur.pair(tx.get("amountSet"))
        if tx_status == "SUCCESS" and kind == "AUTHORIZATION":
            authorized = True
            capturable = capturable + cur.pair(tx.get("amountSet"))
    order["paymentGatewayNames"] = gateways
    order["totalCapturableSet"] = cur.bag(capturable)
    order["capturable"] = capturable.shop > 0
    order["totalReceivedSet"] = cur.bag(received)
    order["netPaymentSet"] = cur.bag(received)
    outstanding = total - received - capturable
    order["totalOutstandingSet"] = cur.bag(
        Pair(max(outstanding.shop, Decimal(0)), max(outstanding.presentment, Decimal(0)))
    )
    status: str | None
    if data.get("financialStatus"):
        status = FINANCIAL.get(str(data["financialStatus"]), "PENDING")
    elif received.shop >= total.shop and received.shop > 0:
        status = "PAID"
    elif received.shop > 0:
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
    ctx.emit("orders/create", order_body(store, order))
    notify_paid(ctx, order, None)
    return {"order": order, "userErrors": []}
