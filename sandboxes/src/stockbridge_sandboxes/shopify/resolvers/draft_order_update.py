"""`draftOrderUpdate`: changes only the fields the input names, then re-totals the draft.

Lines given replace the draft's lines; otherwise its lines stand with their totals. The
draft's own discount is re-taken from the (new or kept) lines' total, the shipping line is
the given one or the kept one, and the tax the draft showed is kept.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from graphql import GraphQLResolveInfo

from stockbridge_sandboxes.shopify.places import complete_address
from stockbridge_sandboxes.shopify.resolvers.draft_order_lines import (
    applied_discount,
    build_lines,
    discount_amount,
    input_problems,
    shipping_line,
)
from stockbridge_sandboxes.shopify.resolvers.draft_orders import NOT_FOUND
from stockbridge_sandboxes.shopify.resolvers.payloads import (
    amount_of,
    currency_of,
    money,
    normalize_tags,
    user_error,
)
from stockbridge_sandboxes.shopify.resolvers.registry import Context, mutation
from stockbridge_sandboxes.shopify.store import Obj, Store, is_ref, ref

PLAIN = {"email": "email", "phone": "phone", "note": "note2", "poNumber": "poNumber"}


def _kept_lines(store: Store, draft: Obj) -> tuple[Decimal, Decimal]:
    """The kept lines' original total and discounts."""
    original, taken = Decimal(0), Decimal(0)
    for entry in draft.get("lineItems") or []:
        line = (store.deref(entry) if is_ref(entry) else entry) or {}
        original += amount_of(line.get("originalTotalSet"))
        taken += amount_of(line.get("totalDiscountSet"))
    return original, taken


def _set_fields(store: Store, draft: Obj, data: Obj) -> None:
    for key, field in PLAIN.items():
        if key in data:
            draft[field] = data[key]
    if "tags" in data:
        draft["tags"] = sorted(normalize_tags(data["tags"]), key=str.lower)
    if "customAttributes" in data:
        draft["customAttributes"] = [
            {"key": a.get("key"), "value": a.get("value")}
            for a in data.get("customAttributes") or []
        ]
    for key in ("taxExempt", "reserveInventoryUntil", "visibleToCustomer"):
        if key in data:
            draft[key] = data[key]
    for key in ("billingAddress", "shippingAddress"):
        if key in data:
            draft[key] = complete_address(dict(data[key])) if data[key] else None
    buyer = (data.get("purchasingEntity") or {}).get("customerId") or data.get("customerId")
    customer = store.get(buyer, "Customer") if buyer else None
    if customer is not None:
        draft["customer"] = ref(customer["id"])


@mutation("draftOrderUpdate")
def draft_order_update(ctx: Context, _s: Any, args: dict[str, Any], _i: GraphQLResolveInfo) -> Any:
    store = ctx.store
    draft = store.get(args.get("id"), "DraftOrder")
    if draft is None:
        return {"draftOrder": None, "userErrors": [user_error(["id"], NOT_FOUND)]}
    data = args.get("input") or {}
    problems = input_problems(store, data, partial=True)
    if problems:
        return {"draftOrder": None, "userErrors": problems}
    currency = draft.get("currencyCode") or currency_of(store, draft.get("totalPriceSet"))
    _set_fields(store, draft, data)
    if "lineItems" in data:
        lines, original, line_discounts = build_lines(store, data, currency)
        draft["lineItems"] = [ref(line["id"]) for line in lines]
        draft["totalQuantityOfLineItems"] = sum(int(line["quantity"]) for line in lines)
    else:
        original, line_discounts = _kept_lines(store, draft)
    lines_total = original - line_discounts
    wanted = data["appliedDiscount"] if "appliedDiscount" in data else draft.get("appliedDiscount")
    order_discount = discount_amount(wanted, lines_total)
    draft["appliedDiscount"] = applied_discount(wanted, order_discount, currency)
    if "shippingLine" in data:
        draft["shippingLine"], shipping = shipping_line(data["shippingLine"], currency)
    else:
        kept = draft.get("shippingLine") or {}
        shipping = amount_of(kept.get("discountedPriceSet") or kept.get("originalPriceSet"))
    tax = Decimal(0) if draft.get("taxesIncluded") else amount_of(draft.get("totalTaxSet"))
    subtotal = lines_total - order_discount
    draft.update(
        {
            "lineItemsSubtotalPrice": money(lines_total, currency),
            "totalLineItemsPriceSet": money(original, currency),
            "subtotalPriceSet": money(subtotal, currency),
            "totalDiscountsSet": money(line_discounts + order_discount, currency),
            "totalShippingPriceSet": money(shipping, currency),
            "totalPriceSet": money(subtotal + shipping + tax, currency),
            "updatedAt": store.now(),
        }
    )
    return {"draftOrder": draft, "userErrors": []}
