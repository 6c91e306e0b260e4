"""Discounts an order edit stages: `orderEditAddLineItemDiscount` and `orderEditRemoveDiscount`.

A line-item discount is a manual discount application taken off each unit (`EACH`): a
percentage of the unit price, or a fixed amount per unit (at most the unit price). The line's
discounted unit price drops by it, and its one allocation holds the per-unit amount times the
staged quantity. Removing the application restores the line's price.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from graphql import GraphQLResolveInfo

from stockbridge_sandboxes.shopify.resolvers.order_edits import (
    NO_CALCULATED_ORDER,
    NO_LINE_ITEM,
    calculated_lines,
    currencies,
    line_subtotal,
    open_calculated_order,
    recalculate,
    session_of,
)
from stockbridge_sandboxes.shopify.resolvers.order_money import CENT, Pair
from stockbridge_sandboxes.shopify.resolvers.payloads import amount_text, user_error
from stockbridge_sandboxes.shopify.resolvers.registry import Context, mutation
from stockbridge_sandboxes.shopify.store import Obj, ref


def _refused(errors: list[Obj]) -> Obj:
    return {
        "addedDiscountStagedChange": None,
        "calculatedLineItem": None,
        "calculatedOrder": None,
        "orderEditSession": None,
        "userErrors": errors,
    }


def discount_value(discount: Obj, currency: str) -> tuple[Obj | None, list[Obj]]:
    """The application's `value` (MoneyV2 or PricingPercentageValue), or the input's errors."""
    fixed, percent = discount.get("fixedValue"), discount.get("percentValue")
    if (fixed is None) == (percent is None):
        return None, [user_error(["discount"], "Specify either a fixed value or a percent value.")]
    if percent is not None:
        if not 0 <= float(percent) <= 100:
            return None, [user_error(["discount", "percentValue"], "must be between 0 and 100")]
        return {"__typename": "PricingPercentageValue", "percentage": float(percent)}, []
    fixed = fixed or {}
    amount = Decimal(str(fixed.get("amount") or 0))
    if amount < 0:
        return None, [
            user_error(["discount", "fixedValue", "amount"], "must be greater than or equal to 0")
        ]
    if fixed.get("currencyCode") != currency:
        return None, [
            user_error(["discount", "fixedValue", "amount"], f"Currency must be {currency}.")
        ]
    value = {"__typename": "MoneyV2", "amount": amount_text(amount), "currencyCode": currency}
    return value, []


def unit_discount(value: Obj, unit: Pair) -> Pair:
    if value["__typename"] == "PricingPercentageValue":
        rate = Decimal(str(value["percentage"])) / 100
        return Pair((unit.shop * rate).quantize(CENT), (unit.presentment * rate).quantize(CENT))
    amount = Decimal(str(value["amount"]))
    return Pair(min(amount, unit.shop), min(amount, unit.presentment))


@mutation("orderEditAddLineItemDiscount")
def order_edit_add_line_item_discount(
    ctx: Context, _s: Any, args: dict[str, Any], _i: GraphQLResolveInfo
) -> Any:
    store = ctx.store
    calc = open_calculated_order(ctx, args.get("id"))
    if calc is None:
        return _refused([user_error(["id"], NO_CALCULATED_ORDER)])
    lines = calculated_lines(store, calc)
    line = next((x for x in lines if x["id"] == args.get("lineItemId")), None)
    if line is None:
        return _refused([user_error(["id"], NO_LINE_ITEM)])
    order = store.deref(calc.get("originalOrder")) or {}
    cur = currencies(order, lines)
    discount = args.get("discount") or {}
    value, errors = discount_value(discount, cur.presentment)
    if value is None:
        return _refused(errors)
    description = discount.get("description")
    application = store.create(
        "CalculatedManualDiscountApplication",
        {
            "description": description,
            "allocationMethod": "EACH",
            "appliedTo": "LINE",
            "targetSelection": "EXPLICIT",
            "targetType": "LINE_ITEM",
            "value": value,
            "calculatedOrder": ref(calc["id"]),
        },
    )
    unit = cur.pair(line.get("originalUnitPriceSet"))
    off = unit_discount(value, unit)
    line["unitDiscountSet"] = cur.bag(off)
    line["discountedUnitPriceSet"] = cur.bag(unit - off)
    line["hasStagedLineItemDiscount"] = True
    line["calculatedDiscountAllocations"] = [
        {"allocatedAmountSet": cur.bag(off), "discountApplication": ref(application["id"])}
    ]
    line_subtotal(cur, line)
    calc.setdefault("addedDiscountApplications", []).append(ref(application["id"]))
    change = store.create(
        "OrderStagedChangeAddLineItemDiscount", {"description": description or "", "value": value}
    )
    recalculate(store, calc)
    return {
        "addedDiscountStagedChange": change,
        "calculatedLineItem": line,
        "calculatedOrder": calc,
        "orderEditSession": session_of(calc),
        "userErrors": [],
    }


@mutation("orderEditRemoveDiscount")
def order_edit_remove_discount(
    ctx: Context, _s: Any, args: dict[str, Any], _i: GraphQLResolveInfo
) -> Any:
    store = ctx.store
    calc = open_calculated_order(ctx, args.get("id"))
    if calc is None:
        return {
            "calculatedOrder": None,
            "orderEditSession": None,
            "userErrors": [user_error(["id"], NO_CALCULATED_ORDER, "INVALID")],
        }
    target = ref(str(args.get("discountApplicationId")))
    if target not in (calc.get("addedDiscountApplications") or []):
        return {
            "calculatedOrder": None,
            "orderEditSession": None,
            "userErrors": [
                user_error(
                    ["discountApplicationId"], "The discount application does not exist.", "INVALID"
                )
            ],
        }
    calc["addedDiscountApplications"].remove(target)
    lines = calculated_lines(store, calc)
    order = store.deref(calc.get("originalOrder")) or {}
    cur = currencies(order, lines)
    for line in lines:
        allocations = line.get("calculatedDiscountAllocations") or []
        if not any(a.get("discountApplication") == target for a in allocations):
            continue
        line["calculatedDiscountAllocations"] = []
        line["unitDiscountSet"] = None
        line["discountedUnitPriceSet"] = line.get("originalUnitPriceSet")
        line["hasStagedLineItemDiscount"] = False
        line_subtotal(cur, line)
    recalculate(store, calc)
    return {"calculatedOrder": calc, "orderEditSession": session_of(calc), "userErrors": []}
