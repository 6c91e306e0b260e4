"""Lines an order edit adds: `orderEditAddVariant`, `orderEditAddCustomItem`, and committing
an added line.

An added line is a `CalculatedLineItem` of its own (listed in `addedLineItems`, not in the
calculated order's `lineItems`), priced at the variant's price and titled by its product. On
commit it becomes a new order line in a new open fulfillment order, and a tracked variant's
units move from `available` to `committed` at the edit's location.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from graphql import GraphQLResolveInfo

from stockbridge_sandboxes.shopify.resolvers.inventory import (
    ensure_level,
    level_for,
    quantity,
    set_quantity,
)
from stockbridge_sandboxes.shopify.resolvers.order_edits import (
    NO_CALCULATED_ORDER,
    calculated_lines,
    currencies,
    line_subtotal,
    open_calculated_order,
    recalculate,
    session_of,
)
from stockbridge_sandboxes.shopify.resolvers.order_money import CENT, ZERO, Currencies, Pair
from stockbridge_sandboxes.shopify.resolvers.orders import order_location
from stockbridge_sandboxes.shopify.resolvers.payloads import user_error
from stockbridge_sandboxes.shopify.resolvers.registry import Context, mutation
from stockbridge_sandboxes.shopify.store import Obj, Store, ref


def quantity_errors(qty: int) -> list[Obj]:
    """Shopify checks an added quantity twice: above 0, and not negative."""
    errors = []
    if qty <= 0:
        errors.append(user_error(["quantity"], "must be greater than 0"))
    if qty < 0:
        errors.append(user_error(["quantity"], "must be greater than or equal to 0"))
    return errors


def _refused(errors: list[Obj]) -> Obj:
    return {
        "calculatedOrder": None,
        "calculatedLineItem": None,
        "orderEditSession": None,
        "userErrors": errors,
    }


def stage_added_line(store: Store, calc: Obj, fields: Obj) -> Obj:
    qty = int(fields["quantity"])
    line = store.create(
        "CalculatedLineItem",
        {
            "customAttributes": [],
            "editableQuantity": qty,
            "editableQuantityBeforeChanges": 0,
            "hasStagedLineItemDiscount": False,
            "restocking": False,
            "image": None,
            "added": True,
            **fields,
        },
    )
    order = store.deref(calc.get("originalOrder")) or {}
    cur = currencies(order, [line])
    line["discountedUnitPriceSet"] = line["originalUnitPriceSet"]
    line["uneditableSubtotalSet"] = cur.bag(ZERO)
    line_subtotal(cur, line)
    calc.setdefault("addedLineItems", []).append(ref(line["id"]))
    recalculate(store, calc)
    return line


@mutation("orderEditAddVariant")
def order_edit_add_variant(
    ctx: Context, _s: Any, args: dict[str, Any], _i: GraphQLResolveInfo
) -> Any:
    store = ctx.store
    calc = open_calculated_order(ctx, args.get("id"))
    if calc is None:
        return _refused([user_error(["id"], NO_CALCULATED_ORDER)])
    qty = int(args.get("quantity") or 0)
    errors = quantity_errors(qty)
    if errors:
        return _refused(errors)
    variant = store.get(args.get("variantId"), "ProductVariant")
    if variant is None:
        return _refused([user_error(["variantId"], "The variant does not exist in the shop.")])
    order = store.deref(calc.get("originalOrder")) or {}
    cur = currencies(order, calculated_lines(store, calc))
    price = cur.pair({"shopMoney": {"amount": variant.get("price") or 0}})
    product = store.deref(variant.get("product")) or {}
    variant_title = variant.get("title")
    line = stage_added_line(
        store,
        calc,
        {
            "title": product.get("title") or variant.get("displayName") or "",
            "variantTitle": None if variant_title == "Default Title" else variant_title,
            "sku": variant.get("sku"),
            "variant": ref(variant["id"]),
            "quantity": qty,
            "restockable": True,
            "originalUnitPriceSet": cur.bag(price),
            "location": args.get("locationId"),
        },
    )
    return {
        "calculatedOrder": calc,
        "calculatedLineItem": line,
        "orderEditSession": session_of(calc),
        "userErrors": [],
    }


def custom_item_errors(args: dict[str, Any], currency: str) -> list[Obj]:
    errors = []
    title = str(args.get("title") or "")
    if not title.strip():
        errors.append(user_error(["title"], "can't be blank"))
    elif len(title) > 255:
        errors.append(user_error(["title"], "is too long (maximum is 255 characters)"))
    if int(args.get("quantity") or 0) <= 0:
        errors.append(user_error(["quantity"], "must be greater than 0"))
    price = args.get("price") or {}
    if Decimal(str(price.get("amount") or 0)) < 0:
        errors.append(user_error(["price", "amount"], "must be greater than or equal to 0"))
    elif price.get("currencyCode") != currency:
        errors.append(user_error(["price", "amount"], f"Currency must be {currency}."))
    return errors


def presented_price(order: Obj, cur: Currencies, amount: Decimal) -> Pair:
    """An amount in the order's presentment currency, with its shop side at the order's ratio."""
    if cur.shop == cur.presentment:
        return Pair(amount, amount)
    bag = order.get("totalPriceSet") or {}
    shop, shown = cur.pair(bag).shop, cur.pair(bag).presentment
    return Pair((amount * shop / shown).quantize(CENT) if shown else amount, amount)


@mutation("orderEditAddCustomItem")
def order_edit_add_custom_item(
    ctx: Context, _s: Any, args: dict[str, Any], _i: GraphQLResolveInfo
) -> Any:
    store = ctx.store
    calc = open_calculated_order(ctx, args.get("id"))
    if calc is None:
        return _refused([user_error(["id"], NO_CALCULATED_ORDER)])
    order = store.deref(calc.get("originalOrder")) or {}
    cur = currencies(order, calculated_lines(store, calc))
    errors = custom_item_errors(args, cur.presentment)
    if errors:
        return _refused(errors)
    price = presented_price(order, cur, Decimal(str(args["price"]["amount"])))
    line = stage_added_line(
        store,
        calc,
        {
            "title": args["title"],
            "variantTitle": None,
            "sku": None,
            "variant": None,
            "quantity": int(args["quantity"]),
            "restockable": False,
            "taxable": args.get("taxable", True) is not False,
            "requiresShipping": args.get("requiresShipping", True) is not False,
            "originalUnitPriceSet": cur.bag(price),
            "location": args.get("locationId"),
        },
    )
    return {
        "calculatedOrder": calc,
        "calculatedLineItem": line,
        "orderEditSession": session_of(calc),
        "userErrors": [],
    }


def commit_added_line(store: Store, order: Obj, calc_line: Obj) -> Obj | None:
    """An added line becomes an order line, fulfilled from a new open fulfillment order."""
    qty = int(calc_line.get("quantity") or 0)
    if qty <= 0:
        return None
    line = store.create(
        "LineItem",
        {
            "title": calc_line.get("title"),
            "name": calc_line.get("title"),
            "quantity": qty,
            "currentQuantity": qty,
            "fulfillableQuantity": qty,
            "sku": calc_line.get("sku"),
            "variant": calc_line.get("variant"),
            "variantTitle": calc_line.get("variantTitle"),
            "customAttributes": calc_line.get("customAttributes") or [],
            "requiresShipping": bool(calc_line.get("requiresShipping", True)),
            "taxable": bool(calc_line.get("taxable", True)),
            "originalUnitPriceSet": calc_line.get("originalUnitPriceSet"),
            "discountedUnitPriceSet": calc_line.get("discountedUnitPriceSet"),
            "taxLines": [],
            "discountAllocations": [],
        },
    )
    order.setdefault("lineItems", []).append(ref(line["id"]))
    location = store.get(calc_line.get("location"), "Location") or order_location(store)
    if not location.get("id") and isinstance(calc_line.get("location"), str):
        location = {"id": calc_line["location"]}
    fo_line = store.create(
        "FulfillmentOrderLineItem",
        {"lineItem": ref(line["id"]), "totalQuantity": qty, "remainingQuantity": qty},
    )
    fo = store.create(
        "FulfillmentOrder",
        {
            "status": "OPEN",
            "requestStatus": "UNSUBMITTED",
            "order": ref(order["id"]),
            "assignedLocation": {
                "name": location.get("name"),
                "location": ref(location["id"]) if location.get("id") else None,
            },
            "lineItems": [ref(fo_line["id"])],
            "createdAt": store.now(),
            "updatedAt": store.now(),
        },
    )
    order.setdefault("fulfillmentOrders", []).append(ref(fo["id"]))
    variant = store.deref(calc_line.get("variant")) or {}
    item = store.deref(variant.get("inventoryItem"))
    tracked = item is not None and item.get("id") and item.get("tracked", True) is not False
    if item is not None and tracked and location.get("id"):
        level = level_for(store, item, location["id"]) or ensure_level(store, item, location)
        set_quantity(store, level, "available", quantity(level, "available") - qty)
        set_quantity(store, level, "committed", quantity(level, "committed") + qty)
    return line
