"""Draft order mutations: `draftOrderDelete`, `draftOrderDuplicate` and `draftOrderInvoiceSend`.

A duplicate is a new OPEN draft (the next "#D" name, its own invoice URL) with the original's
buyer, addresses, email, tags, custom attributes and lines, but none of its discounts, shipping
line, tax exemption or inventory reservation: its totals are the lines' original totals.

Sending an invoice needs a recipient (the `to` address given, else the draft's email: "To
can't be blank") and a draft that is not already paid (a COMPLETED draft: "Draft order Invoice
can't be sent. This draft order is already paid."); a refused send still answers the draft.
A sent invoice marks the draft INVOICE_SENT. An unknown or deleted draft is "not found".
"""

from __future__ import annotations

import re
import uuid
from decimal import Decimal
from typing import Any

from graphql import GraphQLResolveInfo

from stockbridge_sandboxes.shopify.resolvers.payloads import amount_of, money, user_error
from stockbridge_sandboxes.shopify.resolvers.registry import Context, mutation
from stockbridge_sandboxes.shopify.store import Obj, Store, is_ref, ref

NOT_FOUND = "Draft order not found"


@mutation("draftOrderDelete")
def draft_order_delete(ctx: Context, _s: Any, args: dict[str, Any], _i: GraphQLResolveInfo) -> Any:
    draft = ctx.store.get((args.get("input") or {}).get("id"), "DraftOrder")
    if draft is None:
        return {"deletedId": None, "userErrors": [user_error(["id"], NOT_FOUND)]}
    ctx.store.delete(draft["id"])
    return {"deletedId": draft["id"], "userErrors": []}


@mutation("draftOrderInvoiceSend")
def draft_order_invoice_send(
    ctx: Context, _s: Any, args: dict[str, Any], _i: GraphQLResolveInfo
) -> Any:
    draft = ctx.store.get(args.get("id"), "DraftOrder")
    if draft is None:
        return {"draftOrder": None, "userErrors": [user_error(None, NOT_FOUND)]}
    errors = []
    if not ((args.get("email") or {}).get("to") or draft.get("email")):
        errors.append(user_error(None, "To can't be blank"))
    if draft.get("status") == "COMPLETED":
        errors.append(
            user_error(None, "Draft order Invoice can't be sent. This draft order is already paid.")
        )
    if errors:
        return {"draftOrder": draft, "userErrors": errors}
    now = ctx.store.now()
    draft["status"], draft["invoiceSentAt"], draft["updatedAt"] = "INVOICE_SENT", now, now
    return {"draftOrder": draft, "userErrors": []}


KEPT = ("email", "phone", "customer", "billingAddress", "shippingAddress", "tags", "note2")
LINE_KEPT = (
    "title",
    "name",
    "quantity",
    "sku",
    "variantTitle",
    "custom",
    "requiresShipping",
    "taxable",
    "customAttributes",
    "originalUnitPriceSet",
    "originalTotalSet",
    "variant",
    "product",
    "vendor",
)


def next_draft_name(store: Store) -> str:
    numbers = [
        int(m.group(1))
        for d in store.all("DraftOrder")
        if (m := re.fullmatch(r"#D(\d+)", str(d.get("name") or "")))
    ]
    return f"#D{max([0, *numbers]) + 1}"


def _invoice_url(draft: Obj, new_id: str) -> str | None:
    base = str(draft.get("invoiceUrl") or "")
    token = uuid.uuid5(uuid.NAMESPACE_URL, new_id).hex  # opaque, like Shopify's
    if "/invoices/" in base:
        return base.rsplit("/invoices/", 1)[0] + f"/invoices/{token}"
    return None


@mutation("draftOrderDuplicate")
def draft_order_duplicate(
    ctx: Context, _s: Any, args: dict[str, Any], _i: GraphQLResolveInfo
) -> Any:
    store = ctx.store
    source = store.get(args.get("id") or args.get("draftOrderId"), "DraftOrder")
    if source is None:
        return {"draftOrder": None, "userErrors": [user_error(["id"], NOT_FOUND)]}
    now = store.now()
    currency = None
    lines, subtotal, count = [], Decimal(0), 0
    for entry in source.get("lineItems") or []:
        line = (store.deref(entry) if is_ref(entry) else entry) or {}
        total = line.get("originalTotalSet") or line.get("discountedTotalSet")
        shop = (total or {}).get("shopMoney") or {}
        currency = currency or shop.get("currencyCode")
        made = store.create(
            "DraftOrderLineItem",
            {key: line.get(key) for key in LINE_KEPT if key in line}
            | {
                "appliedDiscount": None,
                "discountedTotalSet": total,
                "totalDiscountSet": money(0, shop.get("currencyCode") or "USD"),
            },
        )
        lines.append(ref(made["id"]))
        subtotal += amount_of(total)
        count += int(line.get("quantity") or 0)
    currency = currency or "USD"
    draft = store.create(
        "DraftOrder",
        {key: source.get(key) for key in KEPT if key in source}
        | {
            "name": next_draft_name(store),
            "status": "OPEN",
            "ready": True,
            "customAttributes": list(source.get("customAttributes") or []),
            "taxExempt": False,
            "taxesIncluded": bool(source.get("taxesIncluded")),
            "reserveInventoryUntil": None,
            "paymentTerms": None,
            "appliedDiscount": None,
            "shippingLine": None,
            "lineItems": lines,
            "subtotalPriceSet": money(subtotal, currency),
            "totalPriceSet": money(subtotal, currency),
            "totalDiscountsSet": money(0, currency),
            "totalShippingPriceSet": money(0, currency),
            "totalQuantityOfLineItems": count,
            "createdAt": now,
            "updatedAt": now,
        },
    )
    draft["invoiceUrl"] = _invoice_url(source, draft["id"])
    return {"draftOrder": draft, "userErrors": []}
