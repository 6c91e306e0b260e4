"""Draft order lines, discounts and shipping line from a `DraftOrderInput`, and its checks.

A variant line takes its title, SKU, price, shipping and tax flags from the variant (the
line's own `title`, `sku`, `requiresShipping`, `taxable` and price apply to custom lines
only); a `priceOverride` replaces the variant's price. An applied discount is a fixed amount
(never more than what it applies to) or a percentage of it. A shipping line given by title
and price is custom (`code` "custom").
"""

from __future__ import annotations

import re
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from stockbridge_sandboxes.shopify.resolvers.payloads import money, user_error
from stockbridge_sandboxes.shopify.store import Obj, Store, ref

CENT = Decimal("0.01")


def _price(value: Any) -> Decimal | None:
    if value is None:
        return None
    if isinstance(value, dict):
        value = value.get("amount")
    return None if value is None else Decimal(str(value))


def discount_amount(discount: Obj | None, base: Decimal) -> Decimal:
    """What an applied discount takes off `base`: a percentage of it, or a fixed amount (never
    more than `base`)."""
    if not discount:
        return Decimal(0)
    value = Decimal(str(discount.get("value") or 0))
    if discount.get("valueType") == "PERCENTAGE":
        taken = (base * value / 100).quantize(CENT, rounding=ROUND_HALF_UP)
    else:
        fixed = _price(discount.get("amountWithCurrency")) or _price(discount.get("amount"))
        taken = fixed if fixed is not None else value
    return max(Decimal(0), min(taken, base))


def applied_discount(discount: Obj | None, amount: Decimal, currency: str) -> Obj | None:
    if not discount:
        return None
    value = Decimal(str(discount.get("value") or 0))
    return {
        "title": discount.get("title"),
        "description": discount.get("description") or "",
        "value": float(value),
        "valueType": discount.get("valueType"),
        "amountSet": money(amount, currency),
        "amountV2": {"amount": money(amount, currency)["shopMoney"]["amount"]}
        | {"currencyCode": currency},
    }


def _variant_line(store: Store, row: Obj, variant: Obj) -> Obj:
    product = store.deref(variant.get("product")) or {}
    variant_title = variant.get("title")
    if variant_title == "Default Title":
        variant_title = None
    title = product.get("title") or variant.get("displayName") or ""
    override = _price(row.get("priceOverride"))
    return {
        "title": title,
        "name": f"{title} - {variant_title}" if variant_title else title,
        "sku": variant.get("sku") or "",
        "variantTitle": variant_title,
        "vendor": product.get("vendor"),
        "custom": False,
        "requiresShipping": (store.deref(variant.get("inventoryItem")) or {}).get(
            "requiresShipping", True
        )
        is not False,
        "taxable": bool(variant.get("taxable", True)),
        "unit": override if override is not None else Decimal(str(variant.get("price") or 0)),
        "variant": ref(variant["id"]),
        "product": ref(product["id"]) if product.get("id") else None,
    }


def _custom_line(row: Obj) -> Obj:
    unit = _price(row.get("originalUnitPriceWithCurrency"))
    if unit is None:
        unit = _price(row.get("originalUnitPrice")) or Decimal(0)
    return {
        "title": row.get("title"),
        "name": row.get("title"),
        "sku": row.get("sku"),
        "variantTitle": None,
        "vendor": None,
        "custom": True,
        "requiresShipping": row.get("requiresShipping", True) is not False,
        "taxable": row.get("taxable", True) is not False,
        "unit": unit,
        "variant": None,
        "product": None,
    }


def input_problems(store: Store, data: Obj, partial: bool = False) -> list[Obj]:
    """Shopify's checks on a `DraftOrderInput`, answered one at a time in its order (an
    update's input may leave the lines out)."""
    rows = data.get("lineItems") or []
    email = data.get("email")
    if email is not None and not re.fullmatch(r"[^@\s]+@[^@\s]+\.[^@\s]+", str(email)):
        return [user_error(["email"], "Email is invalid")]
    reserve = data.get("reserveInventoryUntil")
    if isinstance(reserve, str) and reserve[:19] < store.now()[:19]:
        return [user_error(None, "Reserve until can't be in the past")]
    if not rows and not (partial and "lineItems" not in data):
        return [user_error(None, "Add at least 1 product")]
    for index, row in enumerate(rows):
        if int(row.get("quantity") or 0) < 1:
            return [
                user_error(
                    ["lineItems", str(index), "quantity"],
                    "Quantity must be greater than or equal to 1",
                )
            ]
        if row.get("variantId"):
            if store.get(row["variantId"], "ProductVariant") is None:
                number = str(row["variantId"]).rsplit("/", 1)[-1]
                return [user_error(None, f"Product with ID {number} is no longer available.")]
            continue
        if not row.get("title"):
            return [user_error(None, "Merchandise title is empty.")]
        price = _price(row.get("originalUnitPriceWithCurrency"))
        if price is None:
            price = _price(row.get("originalUnitPrice"))
        if price is not None and price < 0:
            return [user_error(None, "Cannot send negative price for line_item")]
    terms = data.get("paymentTerms")
    if terms is not None and not terms.get("paymentTermsTemplateId"):
        return [user_error(None, "Payment terms template id can not be empty.")]
    return []


def build_lines(store: Store, data: Obj, currency: str) -> tuple[list[Obj], Decimal, Decimal]:
    """The draft's line items, the sum of their original totals and of their discounts."""
    lines, original, taken = [], Decimal(0), Decimal(0)
    for row in data.get("lineItems") or []:
        variant = (
            store.get(row.get("variantId"), "ProductVariant") if row.get("variantId") else None
        )
        fields = _variant_line(store, row, variant) if variant else _custom_line(row)
        quantity = int(row.get("quantity") or 0)
        unit = fields.pop("unit")
        total = unit * quantity
        discount = discount_amount(row.get("appliedDiscount"), total)
        original, taken = original + total, taken + discount
        line = store.create(
            "DraftOrderLineItem",
            fields
            | {
                "quantity": quantity,
                "customAttributes": [
                    {"key": a.get("key"), "value": a.get("value")}
                    for a in row.get("customAttributes") or []
                ],
                "appliedDiscount": applied_discount(row.get("appliedDiscount"), discount, currency),
                "originalUnitPriceSet": money(unit, currency),
                "originalTotalSet": money(total, currency),
                "discountedTotalSet": money(total - discount, currency),
                "totalDiscountSet": money(discount, currency),
                "discountedUnitPriceSet": money(
                    ((total - discount) / quantity).quantize(CENT) if quantity else 0, currency
                ),
            },
        )
        lines.append(line)
    return lines, original, taken


def shipping_line(row: Obj | None, currency: str) -> tuple[Obj | None, Decimal]:
    if not row:
        return None, Decimal(0)
    price = _price(row.get("priceWithCurrency"))
    if price is None:
        price = _price(row.get("price")) or Decimal(0)
    handle = row.get("shippingRateHandle")
    return {
        "title": row.get("title"),
        "code": handle or "custom",
        "custom": not handle,
        "source": None,
        "shippingRateHandle": handle,
        "originalPriceSet": money(price, currency),
        "discountedPriceSet": money(price, currency),
    }, price
