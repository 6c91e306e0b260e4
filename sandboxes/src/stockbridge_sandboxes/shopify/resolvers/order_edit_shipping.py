"""Shipping lines an order edit stages: `orderEditAddShippingLine`, `orderEditUpdateShippingLine`
and `orderEditRemoveShippingLine`.

The calculated order lists the order's shipping lines (`stagedStatus: NONE`) and those the edit
adds (`ADDED`). Only an added line can be updated; removing an added line drops it, removing
one of the order's marks it `REMOVED`. The calculated total follows; on commit the order's
shipping lines and shipping total do.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from graphql import GraphQLResolveInfo

from stockbridge_sandboxes.shopify.resolvers.order_edit_additions import presented_price
from stockbridge_sandboxes.shopify.resolvers.order_edits import (
    NO_CALCULATED_ORDER,
    calculated_lines,
    currencies,
    open_calculated_order,
    recalculate,
    session_of,
    staged_shipping,
)
from stockbridge_sandboxes.shopify.resolvers.order_money import Currencies
from stockbridge_sandboxes.shopify.resolvers.payloads import user_error
from stockbridge_sandboxes.shopify.resolvers.registry import Context, mutation
from stockbridge_sandboxes.shopify.store import Obj, Store

NO_SHIPPING_LINE = "The shipping line does not exist on the order."


def _context(ctx: Context, args: dict[str, Any]) -> tuple[Obj, Obj, Currencies] | Obj:
    calc = open_calculated_order(ctx, args.get("id"))
    if calc is None:
        return _refused("id", NO_CALCULATED_ORDER)
    order = ctx.store.deref(calc.get("originalOrder")) or {}
    return calc, order, currencies(order, calculated_lines(ctx.store, calc))


def _refused(field: str, message: str) -> Obj:
    return {
        "calculatedOrder": None,
        "calculatedShippingLine": None,
        "orderEditSession": None,
        "userErrors": [user_error([field], message, "INVALID")],
    }


def _price_errors(price: Obj, currency: str) -> list[Obj]:
    if Decimal(str(price.get("amount") or 0)) < 0:
        return [
            user_error(
                ["shippingLine", "price", "amount"], "must be greater than or equal to 0", "INVALID"
            )
        ]
    if price.get("currencyCode") != currency:
        return [
            user_error(
                ["shippingLine", "price", "amount"], f"Currency must be {currency}.", "INVALID"
            )
        ]
    return []


def _answer(calc: Obj, line: Obj | None = None) -> Obj:
    answer = {"calculatedOrder": calc, "orderEditSession": session_of(calc), "userErrors": []}
    if line is not None:
        answer["calculatedShippingLine"] = line
    return answer


@mutation("orderEditAddShippingLine")
def order_edit_add_shipping_line(
    ctx: Context, _s: Any, args: dict[str, Any], _i: GraphQLResolveInfo
) -> Any:
    found = _context(ctx, args)
    if isinstance(found, dict):
        return found
    calc, order, cur = found
    data = args.get("shippingLine") or {}
    if not str(data.get("title") or "").strip():
        return _refused("shippingLine", "Title can't be blank")
    errors = _price_errors(data.get("price") or {}, cur.presentment)
    if errors:
        return {**_refused("shippingLine", ""), "userErrors": errors}
    price = presented_price(order, cur, Decimal(str(data["price"]["amount"])))
    line = {
        "id": ctx.store.new_gid("CalculatedShippingLine"),
        "title": data["title"],
        "price": cur.bag(price),
        "stagedStatus": "ADDED",
    }
    calc.setdefault("shippingLines", []).append(line)
    recalculate(ctx.store, calc)
    return _answer(calc, line)


def _find(calc: Obj, gid: Any) -> Obj | None:
    return next((x for x in calc.get("shippingLines") or [] if x.get("id") == gid), None)


@mutation("orderEditUpdateShippingLine")
def order_edit_update_shipping_line(
    ctx: Context, _s: Any, args: dict[str, Any], _i: GraphQLResolveInfo
) -> Any:
    found = _context(ctx, args)
    if isinstance(found, dict):
        return found
    calc, order, cur = found
    line = _find(calc, args.get("shippingLineId"))
    if line is None or line.get("stagedStatus") != "ADDED":
        return _refused("shippingLineId", NO_SHIPPING_LINE)
    data = args.get("shippingLine") or {}
    if "title" in data and not str(data.get("title") or "").strip():
        return _refused("shippingLine", "Title can't be blank")
    if data.get("price") is not None:
        errors = _price_errors(data["price"], cur.presentment)
        if errors:
            return {**_refused("shippingLine", ""), "userErrors": errors}
        line["price"] = cur.bag(presented_price(order, cur, Decimal(str(data["price"]["amount"]))))
    if data.get("title") is not None:
        line["title"] = data["title"]
    recalculate(ctx.store, calc)
    return _answer(calc)


@mutation("orderEditRemoveShippingLine")
def order_edit_remove_shipping_line(
    ctx: Context, _s: Any, args: dict[str, Any], _i: GraphQLResolveInfo
) -> Any:
    found = _context(ctx, args)
    if isinstance(found, dict):
        return found
    calc, _order, _cur = found
    line = _find(calc, args.get("shippingLineId"))
    if line is None or line.get("stagedStatus") == "REMOVED":
        return _refused("shippingLineId", NO_SHIPPING_LINE)
    if line.get("stagedStatus") == "ADDED":
        calc["shippingLines"].remove(line)
    else:
        line["stagedStatus"] = "REMOVED"
    recalculate(ctx.store, calc)
    return _answer(calc)


def commit_shipping(store: Store, order: Obj, calc: Obj) -> None:
    """The order's shipping lines and shipping total after the edit."""
    staged = calc.get("shippingLines") or []
    if not any(line.get("stagedStatus") in ("ADDED", "REMOVED") for line in staged):
        return
    cur = currencies(order, calculated_lines(store, calc))
    order["totalShippingPriceSet"] = cur.bag(staged_shipping(store, calc, order, cur))
    removed = {line.get("position") for line in staged if line["stagedStatus"] == "REMOVED"}
    kept = [
        line
        for position, line in enumerate(order.get("shippingLines") or [])
        if position not in removed
    ]
    for line in staged:
        if line["stagedStatus"] == "ADDED":
            kept.append(
                {
                    "id": store.new_gid("ShippingLine"),
                    "title": line["title"],
                    "originalPriceSet": line["price"],
                    "discountedPriceSet": line["price"],
                    "taxLines": [],
                }
            )
    order["shippingLines"] = kept
