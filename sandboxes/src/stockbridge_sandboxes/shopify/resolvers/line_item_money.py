"""An order line's name and the money Shopify derives from its unit price and discounts.

Shopify documents (2026-07 schema):
- `name`: the product title, "optionally appended with the title of the variant" (`" - "`);
- `originalTotalSet`: the line's total when the order was created, unit price x quantity,
  without discounts;
- `totalDiscountSet`: every discount allocated to the line (refunded and removed units
  included), not the order-level ones;
- `discountedTotalSet(withCodeDiscounts: false)`: the original total less line-level
  discounts; code-based discounts only when `withCodeDiscounts` is true;
- `discountedUnitPriceSet`: the approximate unit price after line-level discounts, code-based
  ones excluded; `discountedUnitPriceAfterAllDiscountsSet` after every allocated discount.
Amounts are Decimal, side by side in the shop and presentment currencies of the unit price.
A stored value (a hydrated recording) stands; a line without a unit price or a quantity
answers NOT_SUPPORTED_BY_SANDBOX.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from graphql import GraphQLResolveInfo

from stockbridge_sandboxes.shopify.resolvers.order_money import CENT
from stockbridge_sandboxes.shopify.resolvers.payloads import amount_text
from stockbridge_sandboxes.shopify.resolvers.registry import Context, computed
from stockbridge_sandboxes.shopify.sdl.modeled import not_supported
from stockbridge_sandboxes.shopify.store import Obj

SIDES = ("shopMoney", "presentmentMoney")


def is_code_based(allocation: Obj) -> bool:
    """Whether an allocation comes from a discount code (orderCreate marks its own)."""
    application = allocation.get("discountApplication") or {}
    return bool(allocation.get("__codeBased")) or (
        isinstance(application, dict) and application.get("__typename") == "DiscountCodeApplication"
    )


def _side(bag: Any, side: str) -> tuple[Decimal, str] | None:
    money = (bag or {}).get(side) if isinstance(bag, dict) else None
    if not isinstance(money, dict) or money.get("amount") is None:
        return None
    return Decimal(str(money["amount"])), str(money.get("currencyCode") or "")


def _unit(line: Obj, field_name: str) -> dict[str, tuple[Decimal, str]]:
    unit = line.get("originalUnitPriceSet")
    sides = {side: _side(unit, side) for side in SIDES}
    if sides["shopMoney"] is None or line.get("quantity") is None:
        raise not_supported("LineItem", field_name)
    shop = sides["shopMoney"]
    assert shop is not None
    return {side: value or shop for side, value in sides.items()}


def _allocated(line: Obj, side: str, which: str) -> Decimal:
    total = Decimal(0)
    for allocation in line.get("discountAllocations") or []:
        if not isinstance(allocation, dict):
            continue
        code = is_code_based(allocation)
        if (which == "line" and code) or (which == "code" and not code):
            continue
        found = _side(allocation.get("allocatedAmountSet"), side)
        if found is not None:
            total += found[0]
    return total


def _bag(amounts: dict[str, tuple[Decimal, str]]) -> Obj:
    return {
        side: {"amount": amount_text(amount.quantize(CENT)), "currencyCode": currency}
        for side, (amount, currency) in amounts.items()
    }


def _original_total(line: Obj, field_name: str) -> dict[str, tuple[Decimal, str]]:
    quantity = int(line.get("quantity") or 0)
    return {
        side: (amount * quantity, currency)
        for side, (amount, currency) in _unit(line, field_name).items()
    }


@computed("LineItem", "name")
def line_name(_c: Context, line: Obj, _a: dict[str, Any], _i: GraphQLResolveInfo) -> Any:
    if line.get("name") is not None:
        return line["name"]
    if line.get("title") is None:
        raise not_supported("LineItem", "name")
    variant_title = line.get("variantTitle")
    return f"{line['title']} - {variant_title}" if variant_title else line["title"]


@computed("LineItem", "originalTotalSet")
def original_total(_c: Context, line: Obj, _a: dict[str, Any], _i: GraphQLResolveInfo) -> Any:
    if line.get("originalTotalSet") is not None:
        return line["originalTotalSet"]
    return _bag(_original_total(line, "originalTotalSet"))


@computed("LineItem", "totalDiscountSet")
def total_discount(_c: Context, line: Obj, _a: dict[str, Any], _i: GraphQLResolveInfo) -> Any:
    if line.get("totalDiscountSet") is not None:
        return line["totalDiscountSet"]
    unit = _unit(line, "totalDiscountSet")
    return _bag({side: (_allocated(line, side, "all"), unit[side][1]) for side in SIDES})


@computed("LineItem", "discountedTotalSet")
def discounted_total(_c: Context, line: Obj, args: dict[str, Any], _i: GraphQLResolveInfo) -> Any:
    if line.get("discountedTotalSet") is not None and not args.get("withCodeDiscounts"):
        return line["discountedTotalSet"]
    which = "all" if args.get("withCodeDiscounts") else "line"
    total = _original_total(line, "discountedTotalSet")
    return _bag(
        {
            side: (amount - _allocated(line, side, which), currency)
            for side, (amount, currency) in total.items()
        }
    )


def _unit_after(line: Obj, field_name: str, which: str) -> Obj:
    if line.get(field_name) is not None:
        return dict(line[field_name])
    unit = _unit(line, field_name)
    quantity = int(line.get("quantity") or 0)
    if quantity == 0:
        return _bag(unit)
    return _bag(
        {
            side: (amount - _allocated(line, side, which) / quantity, cur)
            for side, (amount, cur) in unit.items()
        }
    )


@computed("LineItem", "discountedUnitPriceSet")
def discounted_unit_price(
    _c: Context, line: Obj, _a: dict[str, Any], _i: GraphQLResolveInfo
) -> Any:
    return _unit_after(line, "discountedUnitPriceSet", "line")


@computed("LineItem", "discountedUnitPriceAfterAllDiscountsSet")
def discounted_unit_price_after_all(
    _c: Context, line: Obj, _a: dict[str, Any], _i: GraphQLResolveInfo
) -> Any:
    return _unit_after(line, "discountedUnitPriceAfterAllDiscountsSet", "all")


@computed("LineItem", "requiresShipping")
def requires_shipping(ctx: Context, line: Obj, _a: dict[str, Any], _i: GraphQLResolveInfo) -> Any:
    """ "Whether physical shipping is required for the variant": the variant's inventory item."""
    if line.get("requiresShipping") is not None:
        return line["requiresShipping"]
    variant = ctx.store.deref(line.get("variant")) or {}
    item = ctx.store.deref(variant.get("inventoryItem")) or {}
    if item.get("requiresShipping") is None:
        raise not_supported("LineItem", "requiresShipping")
    return bool(item["requiresShipping"])
