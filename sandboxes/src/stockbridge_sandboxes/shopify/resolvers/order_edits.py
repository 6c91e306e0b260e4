"""Order editing: `orderEditBegin` and `orderEditSetQuantity` (commit: `order_edit_commit.py`).

Shopify edits an order through a calculated order: `orderEditBegin` stages a copy of the
order's current lines (a `CalculatedLineItem` carries its line item's number, the calculated
order and its `OrderEditSession` share one), the edit mutations change only that copy, and
`orderEditCommit` applies it to the order: current quantities, added lines, inventory (a
removed unit is restocked when the edit asked for it) and the current totals, which may leave
a paid order owing a negative balance. Nothing touches the order before the commit.
"""

from __future__ import annotations

from typing import Any

from graphql import GraphQLResolveInfo

from stockbridge_sandboxes.shopify.gid import gid_number, gid_type, make_gid
from stockbridge_sandboxes.shopify.resolvers.order_money import ZERO, Currencies, Pair
from stockbridge_sandboxes.shopify.resolvers.orders import find_order
from stockbridge_sandboxes.shopify.resolvers.payloads import user_error
from stockbridge_sandboxes.shopify.resolvers.registry import Context, mutation
from stockbridge_sandboxes.shopify.store import Obj, Store, ref

NO_CALCULATED_ORDER = "The calculated order does not exist."
NO_LINE_ITEM = "The line item does not exist on the order."


def currencies(order: Obj, lines: list[Obj]) -> Currencies:
    """The order's shop and presentment currencies, from its totals or else its lines."""
    for bag in [order.get("currentTotalPriceSet"), order.get("totalPriceSet")] + [
        line.get("originalUnitPriceSet") for line in lines
    ]:
        if isinstance(bag, dict) and isinstance(bag.get("shopMoney"), dict):
            shop = bag["shopMoney"].get("currencyCode") or "USD"
            other = (bag.get("presentmentMoney") or {}).get("currencyCode") or shop
            return Currencies(shop, other)
    code = order.get("currencyCode") or "USD"
    return Currencies(code, order.get("presentmentCurrencyCode") or code)


def current_quantity(line: Obj) -> int:
    value = line.get("currentQuantity")
    return int(value if value is not None else line.get("quantity") or 0)


def unit_price(cur: Currencies, line: Obj) -> Pair:
    return cur.pair(line.get("discountedUnitPriceSet") or line.get("originalUnitPriceSet"))


def both_sides(bag: Any) -> Any:
    """A money bag recorded with its shop side only shows that side as presentment too."""
    if isinstance(bag, dict) and bag.get("shopMoney") and not bag.get("presentmentMoney"):
        return {**bag, "presentmentMoney": dict(bag["shopMoney"])}
    return bag


def _calculated_shipping(store: Store, entry: Obj, position: int) -> Obj:
    line = store.deref(entry) if "__ref" in entry else entry
    line = line or {}
    number = gid_number(line["id"]) if line.get("id") else ""
    return {
        "id": make_gid("CalculatedShippingLine", number)
        if number
        else store.new_gid("CalculatedShippingLine"),
        "title": line.get("title") or "",
        "price": both_sides(line.get("discountedPriceSet") or line.get("originalPriceSet")),
        "stagedStatus": "NONE",
        "position": position,
    }


def _calculated_line(store: Store, cur: Currencies, line: Obj) -> Obj:
    qty = current_quantity(line)
    calc = store.put(
        make_gid("CalculatedLineItem", gid_number(line["id"])),
        {
            "title": line.get("title") or line.get("name") or "",
            "quantity": qty,
            "sku": line.get("sku"),
            "variant": line.get("variant"),
            "variantTitle": line.get("variantTitle"),
            "image": line.get("image"),
            "customAttributes": line.get("customAttributes") or [],
            "originalUnitPriceSet": both_sides(line.get("originalUnitPriceSet")),
            "discountedUnitPriceSet": both_sides(
                line.get("discountedUnitPriceSet") or line.get("originalUnitPriceSet")
            ),
            "editableQuantity": qty,
            "editableQuantityBeforeChanges": qty,
            "hasStagedLineItemDiscount": False,
            "restockable": line.get("variant") is not None,
            "restocking": False,
            "uneditableSubtotalSet": cur.bag(ZERO),
            "lineItem": ref(line["id"]),
        },
    )
    line_subtotal(cur, calc)
    return calc


def line_subtotal(cur: Currencies, calc: Obj) -> None:
    """A line's subtotal, and its staged discount's allocation, at its staged quantity."""
    qty = int(calc["quantity"])
    calc["editableSubtotalSet"] = cur.bag(unit_price(cur, calc).times(qty))
    if calc.get("unitDiscountSet"):
        share = cur.bag(cur.pair(calc["unitDiscountSet"]).times(qty))
        for allocation in calc.get("calculatedDiscountAllocations") or []:
            allocation["allocatedAmountSet"] = share


def calculated_lines(store: Store, calc: Obj) -> list[Obj]:
    entries = list(calc.get("lineItems") or []) + list(calc.get("addedLineItems") or [])
    seen: dict[str, Obj] = {}
    for entry in entries:
        line = store.deref(entry)
        if line is not None:
            seen[line["id"]] = line
    return list(seen.values())


def paid_amount(order: Obj, cur: Currencies) -> Pair:
    """What the customer has paid: received less refunded, or else total less outstanding."""
    if isinstance(order.get("totalReceivedSet"), dict):
        return cur.pair(order["totalReceivedSet"]) - cur.pair(order.get("totalRefundedSet"))
    if isinstance(order.get("totalOutstandingSet"), dict):
        total = order.get("currentTotalPriceSet") or order.get("totalPriceSet")
        return cur.pair(total) - cur.pair(order["totalOutstandingSet"])
    return ZERO


def staged_shipping(store: Store, calc: Obj, order: Obj, cur: Currencies) -> Pair:
    """The order's shipping, less the lines the edit removes, plus those it adds."""
    shipping = cur.pair(order.get("totalShippingPriceSet"))
    for line in calc.get("shippingLines") or []:
        if line.get("stagedStatus") == "ADDED":
            shipping = shipping + cur.pair(line.get("price"))
        elif line.get("stagedStatus") == "REMOVED":
            shipping = shipping - cur.pair(line.get("price"))
    return shipping


def recalculate(store: Store, calc: Obj) -> None:
    """The calculated order's totals over its staged lines (shipping and taxes kept)."""
    order = store.deref(calc.get("originalOrder")) or {}
    lines = calculated_lines(store, calc)
    cur = currencies(order, lines)
    subtotal = sum((unit_price(cur, line).times(int(line["quantity"])) for line in lines), ZERO)
    shipping = staged_shipping(store, calc, order, cur)
    taxes = ZERO if order.get("taxesIncluded") else cur.pair(order.get("currentTotalTaxSet"))
    total = subtotal + shipping + taxes
    calc["subtotalLineItemsQuantity"] = sum(int(line["quantity"]) for line in lines)
    calc["subtotalPriceSet"] = cur.bag(subtotal)
    calc["totalPriceSet"] = cur.bag(total)
    calc["totalOutstandingSet"] = cur.bag(total - paid_amount(order, cur))


def open_calculated_order(ctx: Context, gid: Any) -> Obj | None:
    """The uncommitted calculated order named by its own id or by its edit session's."""
    if isinstance(gid, str) and gid_type(gid) == "OrderEditSession":
        gid = make_gid("CalculatedOrder", gid_number(gid))
    calc = ctx.store.get(gid, "CalculatedOrder")
    if calc is None or calc.get("committed"):
        return None
    return calc


def session_of(calc: Obj) -> Obj:
    return {"id": make_gid("OrderEditSession", gid_number(calc["id"]))}


def editable_problem(order: Obj) -> str | None:
    if order.get("cancelledAt") or order.get("merchantEditable") is False:
        return "The order cannot be edited."
    return None


@mutation("orderEditBegin")
def order_edit_begin(ctx: Context, _s: Any, args: dict[str, Any], _i: GraphQLResolveInfo) -> Any:
    store = ctx.store
    order = find_order(ctx, args.get("id"))
    if order is None:
        return {
            "calculatedOrder": None,
            "orderEditSession": None,
            "userErrors": [user_error(["id"], "The order does not exist.")],
        }
    problem = editable_problem(order)
    if problem:
        return {
            "calculatedOrder": None,
            "orderEditSession": None,
            "userErrors": [user_error(None, problem)],
        }
    lines = [store.deref(entry) or {} for entry in order.get("lineItems") or []]
    lines = [line for line in lines if line.get("id")]
    cur = currencies(order, lines)
    calc = store.create(
        "CalculatedOrder",
        {
            "originalOrder": ref(order["id"]),
            "committed": False,
            "notificationPreviewTitle": f"Order {order.get('name') or ''} updated".strip(),
            "taxLines": order.get("taxLines") or [],
            "lineItems": [ref(_calculated_line(store, cur, line)["id"]) for line in lines],
            "addedLineItems": [],
            "addedDiscountApplications": [],
            "shippingLines": [
                _calculated_shipping(store, line, index)
                for index, line in enumerate(order.get("shippingLines") or [])
                if isinstance(line, dict)
            ],
        },
    )
    recalculate(store, calc)
    return {"calculatedOrder": calc, "orderEditSession": session_of(calc), "userErrors": []}


def _no_calculated_order() -> Obj:
    return {
        "calculatedOrder": None,
        "calculatedLineItem": None,
        "orderEditSession": None,
        "userErrors": [user_error(["id"], NO_CALCULATED_ORDER)],
    }


def _failed(field: str, message: str) -> Obj:
    return {
        "calculatedOrder": None,
        "calculatedLineItem": None,
        "orderEditSession": None,
        "userErrors": [user_error([field], message)],
    }


@mutation("orderEditSetQuantity")
def order_edit_set_quantity(
    ctx: Context, _s: Any, args: dict[str, Any], _i: GraphQLResolveInfo
) -> Any:
    store = ctx.store
    calc = open_calculated_order(ctx, args.get("id"))
    if calc is None:
        return _no_calculated_order()
    qty = int(args.get("quantity") or 0)
    if qty < 0:
        return _failed("quantity", "must be greater than or equal to 0")
    line = next(
        (x for x in calculated_lines(store, calc) if x["id"] == args.get("lineItemId")), None
    )
    if line is None:
        return _failed("lineItemId", NO_LINE_ITEM)
    order = store.deref(calc.get("originalOrder")) or {}
    cur = currencies(order, [line])
    before = int(line.get("editableQuantityBeforeChanges") or 0)
    line["quantity"] = qty
    line["editableQuantity"] = qty
    line["restocking"] = bool(args.get("restock")) and qty < before and bool(line["restockable"])
    line_subtotal(cur, line)
    if qty == 0 and line.get("added"):
        calc["addedLineItems"].remove(ref(line["id"]))
    recalculate(store, calc)
    return {
        "calculatedOrder": calc,
        "calculatedLineItem": line,
        "orderEditSession": session_of(calc),
        "userErrors": [],
    }
