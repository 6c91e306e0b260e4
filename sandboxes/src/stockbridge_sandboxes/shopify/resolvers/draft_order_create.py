"""`draftOrderCreate`: a new OPEN draft from variant and custom lines.

The draft's own `appliedDiscount` comes off the subtotal after the lines' discounts. Taxes
are not computed: the draft's tax is 0. A buyer comes from `purchasingEntity.customerId` (or
the deprecated `customerId`), and the draft's email defaults to the buyer's. The draft gets
the next "#D" name and an invoice URL. Lines, discounts and the checks: `draft_order_lines`.
"""

from __future__ import annotations

import uuid
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
from stockbridge_sandboxes.shopify.resolvers.draft_orders import next_draft_name
from stockbridge_sandboxes.shopify.resolvers.payloads import currency_of, money, normalize_tags
from stockbridge_sandboxes.shopify.resolvers.registry import Context, mutation
from stockbridge_sandboxes.shopify.store import Obj, Store, ref


def apply_input(store: Store, draft: Obj, data: Obj) -> None:
    """Sets a draft's fields and totals from a `DraftOrderInput`."""
    currency = draft.get("currencyCode") or currency_of(store)
    buyer = (data.get("purchasingEntity") or {}).get("customerId") or data.get("customerId")
    customer = store.get(buyer, "Customer") if buyer else None
    lines, original, line_discounts = build_lines(store, data, currency)
    lines_total = original - line_discounts
    order_discount = discount_amount(data.get("appliedDiscount"), lines_total)
    shipping, shipping_price = shipping_line(data.get("shippingLine"), currency)
    subtotal = lines_total - order_discount
    draft.update(
        {
            "email": data.get("email") or (customer or {}).get("email"),
            "phone": data.get("phone"),
            "note2": data.get("note"),
            "poNumber": data.get("poNumber"),
            "customer": ref(customer["id"]) if customer else None,
            "tags": sorted(normalize_tags(data.get("tags")), key=str.lower),
            "customAttributes": [
                {"key": a.get("key"), "value": a.get("value")}
                for a in data.get("customAttributes") or []
            ],
            "taxExempt": bool(data.get("taxExempt")),
            "reserveInventoryUntil": data.get("reserveInventoryUntil"),
            "visibleToCustomer": bool(data.get("visibleToCustomer")),
            "acceptAutomaticDiscounts": data.get("acceptAutomaticDiscounts"),
            "allowDiscountCodesInCheckout": bool(data.get("allowDiscountCodesInCheckout")),
            "discountCodes": list(data.get("discountCodes") or []),
            "appliedDiscount": applied_discount(
                data.get("appliedDiscount"), order_discount, currency
            ),
            "billingAddress": complete_address(dict(data["billingAddress"]))
            if data.get("billingAddress")
            else None,
            "shippingAddress": complete_address(dict(data["shippingAddress"]))
            if data.get("shippingAddress")
            else None,
            "shippingLine": shipping,
            "lineItems": [ref(line["id"]) for line in lines],
            "totalQuantityOfLineItems": sum(int(line["quantity"]) for line in lines),
            "lineItemsSubtotalPrice": money(lines_total, currency),
            "totalLineItemsPriceSet": money(original, currency),
            "subtotalPriceSet": money(subtotal, currency),
            "totalDiscountsSet": money(line_discounts + order_discount, currency),
            "totalShippingPriceSet": money(shipping_price, currency),
            "totalTaxSet": money(0, currency),
            "taxLines": [],
            "totalPriceSet": money(subtotal + shipping_price, currency),
            "updatedAt": store.now(),
        }
    )


@mutation("draftOrderCreate")
def draft_order_create(ctx: Context, _s: Any, args: dict[str, Any], _i: GraphQLResolveInfo) -> Any:
    store = ctx.store
    data = args.get("input") or {}
    errors = input_problems(store, data)
    if errors:
        return {"draftOrder": None, "userErrors": errors}
    now = store.now()
    currency = currency_of(store)
    draft = store.create(
        "DraftOrder",
        {
            "name": next_draft_name(store),
            "status": "OPEN",
            "ready": True,
            "currencyCode": currency,
            "presentmentCurrencyCode": currency,
            "taxesIncluded": False,
            "paymentTerms": None,
            "completedAt": None,
            "invoiceSentAt": None,
            "order": None,
            "createdAt": now,
        },
    )
    apply_input(store, draft, data)
    token = uuid.uuid5(uuid.NAMESPACE_URL, draft["id"]).hex
    draft["invoiceUrl"] = f"https://{store.shop_domain}/invoices/{token}"
    return {"draftOrder": draft, "userErrors": []}
