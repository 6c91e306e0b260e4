"""REST value conventions: numeric ids, money text and `*_set` bags, tags, currencies."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from typing import Any

from stockbridge_sandboxes.shopify.gid import gid_number
from stockbridge_sandboxes.shopify.store import Obj, Store, is_ref

CENTS = Decimal("0.01")


def legacy_id(gid: Any) -> int | None:
    """The numeric id in a gid (`gid://shopify/Order/12` -> 12; query strings ignored)."""
    number = gid_number(gid if isinstance(gid, str) else "")
    return int(number) if number.isdigit() else None


def ref_id(value: Any) -> int | None:
    return legacy_id(value.get("__ref") if is_ref(value) else (value or {}).get("id"))


def money_text(amount: Any) -> str:
    """Shopify's REST money text: a decimal with two places ("108.00", "0.00")."""
    try:
        value = Decimal(str(amount if amount not in (None, "") else 0))
    except InvalidOperation:
        value = Decimal(0)
    return format(value.quantize(CENTS), "f")


def bag_side(bag: Any, key: str) -> Obj:
    side = bag.get(key) if isinstance(bag, dict) else None
    return side if isinstance(side, dict) else {}


def price_set(bag: Any, currency: str) -> Obj:
    """A GraphQL MoneyBag as REST's `*_set`: shop and presentment money (the presentment side
    is the shop side when the bag has none)."""
    shop = bag_side(bag, "shopMoney")
    other = bag_side(bag, "presentmentMoney") or shop
    return {
        "shop_money": {
            "amount": money_text(shop.get("amount")),
            "currency_code": str(shop.get("currencyCode") or currency),
        },
        "presentment_money": {
            "amount": money_text(other.get("amount")),
            "currency_code": str(other.get("currencyCode") or shop.get("currencyCode") or currency),
        },
    }


def shop_amount_text(bag: Any) -> str:
    return money_text(bag_side(bag, "shopMoney").get("amount"))


def shop_decimal(bag: Any) -> Decimal:
    return Decimal(money_text(bag_side(bag, "shopMoney").get("amount")))


def presented_decimal(bag: Any) -> Decimal:
    side = bag_side(bag, "presentmentMoney") or bag_side(bag, "shopMoney")
    return Decimal(money_text(side.get("amount")))


def sum_set(parts: list[tuple[Decimal, Decimal]], currency: str, presentment: str) -> Obj:
    shop = sum((p[0] for p in parts), Decimal(0))
    other = sum((p[1] for p in parts), Decimal(0))
    return {
        "shop_money": {"amount": money_text(shop), "currency_code": currency},
        "presentment_money": {"amount": money_text(other), "currency_code": presentment},
    }


def lower(value: Any) -> str | None:
    return str(value).lower() if value else None


def tags_text(obj: Obj) -> str:
    tags = obj.get("tags")
    return ", ".join(str(t) for t in tags) if isinstance(tags, list) else str(tags or "")


def deref_all(store: Store, entries: Any) -> list[Obj]:
    out = []
    for entry in entries or []:
        value = store.deref(entry) if is_ref(entry) else entry
        if isinstance(value, dict):
            out.append(value)
    return out


def shop_currency(store: Store) -> str:
    for shop in store.all("Shop"):
        if shop.get("currencyCode"):
            return str(shop["currencyCode"])
    return "USD"


def order_currency(store: Store, order: Obj) -> str:
    """The order's shop currency: its own, else its totals', else the shop's."""
    if order.get("currencyCode"):
        return str(order["currencyCode"])
    code = bag_side(order.get("totalPriceSet"), "shopMoney").get("currencyCode")
    return str(code) if code else shop_currency(store)


def order_presentment(order: Obj, currency: str) -> str:
    if order.get("presentmentCurrencyCode"):
        return str(order["presentmentCurrencyCode"])
    code = bag_side(order.get("totalPriceSet"), "presentmentMoney").get("currencyCode")
    return str(code) if code else currency
