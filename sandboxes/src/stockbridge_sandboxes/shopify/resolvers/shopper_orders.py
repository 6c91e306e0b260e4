"""Orders placed by a shopper at checkout (control API `POST /__sandbox/orders`).

Checkout checks the whole cart before it makes anything: every line names a known variant
and a whole quantity from 1 to `MAX_QUANTITY`, and a variant whose inventory is tracked and
whose policy is DENY is not sold beyond what is available where it ships from.

Order routing (Shopify's default rule: ship from the highest-ranked location that has the
item in stock, the default location ranked first, then the other active locations in the
order they were made): each line goes to the first location whose `available` covers it
(lines of one variant count together at a location); a line no location covers refuses the
cart, naming the default location's figure. The order gets one fulfillment order per
location its lines were routed to, and units are committed there. Untracked items and items
sold on when out of stock ship from the default location. The e-mail, a
customer id and the addresses are text of at most 255 characters, addresses only with
MailingAddressInput's fields. A refused cart
leaves nothing behind: no order, customer, fulfilment order or stock change. A placed order is
paid, in the shop's currency, totalled with Decimal (no taxes, shipping or discounts at this
checkout); its units move from `available` to `committed` and `orders/create` then
`orders/paid` are sent (the app publishes `inventory_levels/update` for the levels it moved).
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any

from stockbridge_sandboxes.shopify.places import complete_address
from stockbridge_sandboxes.shopify.resolvers.inventory import (
    ensure_level,
    level_for,
    quantity,
    set_quantity,
)
from stockbridge_sandboxes.shopify.resolvers.order_create import (
    customer_for_order,
    next_order_number,
)
from stockbridge_sandboxes.shopify.resolvers.orders import notify_paid, order_location
from stockbridge_sandboxes.shopify.resolvers.payloads import money
from stockbridge_sandboxes.shopify.resolvers.registry import Context
from stockbridge_sandboxes.shopify.store import Obj, ref
from stockbridge_sandboxes.shopify.webhook_bodies import order_body, shop_currency

MAX_QUANTITY = 1_000_000_000  # Shopify's inventory quantity limit
MAX_LINES = 250  # Shopify's input list limit
MAX_TEXT = 255  # Shopify's limit for e-mails and address fields
ADDRESS_FIELDS = (
    "firstName",
    "lastName",
    "company",
    "address1",
    "address2",
    "city",
    "provinceCode",
    "countryCode",
    "zip",
    "phone",
)


class CheckoutError(ValueError):
    """A cart checkout refuses: `field` names the input (e.g. `lineItems.0.quantity`)."""

    def __init__(self, field: str, message: str, code: str) -> None:
        super().__init__(f"{field}: {message}")
        self.field, self.message, self.code = field, message, code

    def as_dict(self) -> dict[str, str]:
        return {"field": self.field, "message": self.message, "code": self.code}


@dataclass(frozen=True)
class CartLine:
    variant: Obj
    quantity: int
    price: Decimal
    location: Obj | None = None  # where the line ships from (None: the default location)


def _quantity(value: Any, index: int) -> int:
    field = f"lineItems.{index}.quantity"
    if isinstance(value, bool) or not isinstance(value, int | str):
        raise CheckoutError(field, f"must be a whole number, got {value!r}", "INVALID")
    text = str(value).strip()
    if not text.lstrip("-").isdigit():
        raise CheckoutError(field, f"must be a whole number, got {value!r}", "INVALID")
    number = int(text)
    if number < 1 or number > MAX_QUANTITY:
        raise CheckoutError(field, f"must be between 1 and {MAX_QUANTITY}, got {number}", "INVALID")
    return number


def _price(variant: Obj, index: int) -> Decimal:
    try:
        return Decimal(str(variant.get("price") or 0)).quantize(Decimal("0.01"))
    except InvalidOperation:
        raise CheckoutError(
            f"lineItems.{index}.variantId", "the variant has no valid price", "INVALID"
        ) from None


def _text(value: Any, field: str) -> str | None:
    if value is None:
        return None
    if not isinstance(value, str) or len(value) > MAX_TEXT or "\x00" in value:
        raise CheckoutError(field, f"must be text of at most {MAX_TEXT} characters", "INVALID")
    return value


def checked_contact(email: Any, customer_id: Any, addresses: Any) -> tuple[str | None, Obj]:
    """The e-mail and addresses as checkout accepts them (text, bounded, known fields only)."""
    _text(customer_id, "customerId")
    checked: Obj = {}
    for key, address in (addresses or {}).items():
        if not isinstance(address, dict):
            raise CheckoutError(key, "must be an address object", "INVALID")
        unknown = sorted(set(address) - set(ADDRESS_FIELDS))
        if unknown:
            raise CheckoutError(f"{key}.{unknown[0]}", "is not an address field", "INVALID")
        checked[key] = {k: _text(v, f"{key}.{k}") for k, v in address.items()}
    return _text(email, "email"), checked


def checked_cart(ctx: Context, lines: Any) -> list[CartLine]:
    """The cart as checkout accepts it, or a CheckoutError naming the first refused line."""
    store = ctx.store
    if not isinstance(lines, list) or not lines:
        raise CheckoutError("lineItems", "must list at least one line", "BLANK")
    if len(lines) > MAX_LINES:
        raise CheckoutError("lineItems", f"must list at most {MAX_LINES} lines", "TOO_LONG")
    cart = []
    for index, entry in enumerate(lines):
        row = entry if isinstance(entry, dict) else {}
        variant = store.get(row.get("variantId"), "ProductVariant")
        if variant is None:
            raise CheckoutError(
                f"lineItems.{index}.variantId",
                f"unknown variant {row.get('variantId')!r}",
                "NOT_FOUND",
            )
        cart.append(
            CartLine(variant, _quantity(row.get("quantity", 1), index), _price(variant, index))
        )
    routed: list[CartLine] = []
    taken: dict[tuple[str, str], int] = {}  # (variant, location) -> units routed there so far
    default = order_location(store)
    locations = [default] + [
        x for x in store.all("Location") if x.get("isActive", True) and x["id"] != default["id"]
    ]
    for index, line in enumerate(cart):
        item = store.deref(line.variant.get("inventoryItem")) or {}
        if line.variant.get("inventoryPolicy", "DENY") != "DENY" or not item.get("tracked"):
            routed.append(line)
            continue
        for location in locations:
            level = level_for(store, item, location["id"])
            available = quantity(level, "available") if level is not None else 0
            before = taken.get((line.variant["id"], location["id"]), 0)
            if before + line.quantity <= available:
                taken[(line.variant["id"], location["id"])] = before + line.quantity
                routed.append(CartLine(line.variant, line.quantity, line.price, location))
                break
        else:
            level = level_for(store, item, default["id"])
            available = quantity(level, "available") if level is not None else 0
            ordered = taken.get((line.variant["id"], default["id"]), 0) + line.quantity
            raise CheckoutError(
                f"lineItems.{index}.quantity",
                f"only {max(available, 0)} of {line.variant.get('sku') or line.variant['id']} "
                f"available at {default.get('name')}, {ordered} ordered",
                "NOT_ENOUGH_IN_STOCK",
            )
    cart = routed
    return cart


def place_order(
    ctx: Context,
    lines: Any,
    email: Any = None,
    customer_id: Any = None,
    addresses: Any = None,
) -> Obj:
    """Check out `[{variantId, quantity}]` as a shopper; raises CheckoutError, writing nothing."""
    store = ctx.store
    email, addresses = checked_contact(email, customer_id, addresses)
    cart = checked_cart(ctx, lines)
    if customer_id is not None and store.get(customer_id, "Customer") is None:
        raise CheckoutError("customerId", f"unknown customer {customer_id!r}", "NOT_FOUND")
    location = order_location(store)
    currency = shop_currency(store)
    now = store.now()
    subtotal = sum((line.price * line.quantity for line in cart), Decimal(0))
    number = next_order_number(store)
    order = store.create(
        "Order",
        {
            "number": number,
            "name": f"#{number}",
            "confirmed": True,  # its units are reserved (committed) as it is placed
            "email": email,
            "createdAt": now,
            "updatedAt": now,
            "processedAt": now,
            "closed": False,
            "closedAt": None,
            "cancelledAt": None,
            "cancelReason": None,
            "test": False,
            "taxesIncluded": False,
            "currencyCode": currency,
            "presentmentCurrencyCode": currency,
            "sourceName": "web",
            "displayFinancialStatus": "PAID",
            "displayFulfillmentStatus": "UNFULFILLED",
            "tags": [],
            "note": None,
            "lineItems": [],
            "shippingLines": [],
            "discountCodes": [],
            "fulfillments": [],
            "refunds": [],
            "fulfillmentOrders": [],
        },
    )
    customer = customer_for_order(store, {"customerId": customer_id, "email": email})
    if customer is not None:
        order["customer"] = ref(customer["id"])
    for key in ("billingAddress", "shippingAddress"):
        if isinstance(addresses.get(key), dict):
            order[key] = complete_address(dict(addresses[key]))
    # One fulfillment order per location the lines were routed to, in the order first used.
    fos: dict[str, Obj] = {}
    for line in cart:
        at = line.location or location
        fo = fos.get(at["id"])
        if fo is None:
            fo = fos[at["id"]] = store.create(
                "FulfillmentOrder",
                {
                    "status": "OPEN",
                    "requestStatus": "UNSUBMITTED",
                    "order": ref(order["id"]),
                    "assignedLocation": {"name": at.get("name"), "location": ref(at["id"])},
                    "lineItems": [],
                    "createdAt": now,
                    "updatedAt": now,
                },
            )
            order["fulfillmentOrders"].append(ref(fo["id"]))
        _add_line(ctx, order, fo, line, at, currency)
    for key in ("subtotalPriceSet", "totalPriceSet", "totalReceivedSet", "netPaymentSet"):
        order[key] = money(subtotal, currency)
    order["currentSubtotalPriceSet"] = money(subtotal, currency)
    order["currentTotalPriceSet"] = money(subtotal, currency)
    for key in (
        "totalTaxSet",
        "currentTotalTaxSet",
        "totalDiscountsSet",
        "currentTotalDiscountsSet",
        "totalShippingPriceSet",
        "totalRefundedSet",
        "totalOutstandingSet",
    ):
        order[key] = money(0, currency)
    ctx.emit("orders/create", order_body(store, order))
    notify_paid(ctx, order, None)
    return order


def _add_line(
    ctx: Context, order: Obj, fo: Obj, line: CartLine, location: Obj, currency: str
) -> None:
    store = ctx.store
    variant = line.variant
    product = store.deref(variant.get("product")) or {}
    item = store.deref(variant.get("inventoryItem"))
    title = variant.get("title")
    made = store.create(
        "LineItem",
        {
            "title": product.get("title"),
            "variantTitle": None if title == "Default Title" else title,
            "vendor": product.get("vendor"),
            "quantity": line.quantity,  # currentQuantity is derived (line_item_quantities)
            "sku": variant.get("sku"),
            "variant": ref(variant["id"]),
            "product": ref(product["id"]) if product.get("id") else None,
            "fulfillableQuantity": line.quantity,
            "originalUnitPriceSet": money(line.price, currency),
            "taxable": bool(variant.get("taxable", True)),
            "requiresShipping": bool((item or {}).get("requiresShipping", True)),
            "taxLines": [],
            "discountAllocations": [],
            "customAttributes": [],
        },
    )
    order["lineItems"].append(ref(made["id"]))
    fo_line = store.create(
        "FulfillmentOrderLineItem",
        {
            "lineItem": ref(made["id"]),
            "totalQuantity": line.quantity,
            "remainingQuantity": line.quantity,
        },
    )
    fo["lineItems"].append(ref(fo_line["id"]))
    if item is not None:
        level = level_for(store, item, location["id"]) or ensure_level(store, item, location)
        set_quantity(store, level, "available", quantity(level, "available") - line.quantity)
        set_quantity(store, level, "committed", quantity(level, "committed") + line.quantity)
