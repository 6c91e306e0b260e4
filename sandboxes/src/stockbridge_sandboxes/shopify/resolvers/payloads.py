"""Shapes shared by mutation payloads: user errors, handles, money, tags."""

from __future__ import annotations

import re
from decimal import Decimal
from typing import Any

from stockbridge_sandboxes.shopify.store import Obj, Store

MAX_STRING = 255


def user_error(field: list[Any] | None, message: str, code: str | None = None) -> Obj:
    error: Obj = {"field": field, "message": message}
    if code is not None:
        error["code"] = code
    return error


def too_long(value: Any, field: list[str], label: str) -> Obj | None:
    if isinstance(value, str) and len(value) > MAX_STRING:
        return user_error(field, f"{label} is too long (maximum is {MAX_STRING} characters)")
    return None


def slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-") or "product"


def unique_handle(store: Store, type_name: str, wanted: str, own_id: str | None = None) -> str:
    def taken(handle: str) -> bool:
        owner = store.handle_owner(type_name, handle)
        return owner is not None and owner != own_id

    if not taken(wanted):
        return wanted
    # Shopify bumps a numeric tail ("cap-41" -> "cap-42"), else appends "-1", "-2", ...
    match = re.fullmatch(r"(.*)-(\d+)", wanted)
    stem, n = (match.group(1), int(match.group(2)) + 1) if match else (wanted, 1)
    while taken(f"{stem}-{n}"):
        n += 1
    return f"{stem}-{n}"


def amount_text(amount: Any) -> str:
    """Shopify's decimal text for money: "15.0", "11884.9", "0.0"."""
    value = Decimal(str(amount or 0)).quantize(Decimal("0.01")).normalize()
    text = format(value, "f")
    return text if "." in text else f"{text}.0"


def money(amount: Any, currency: str = "USD") -> Obj:
    value = amount_text(amount)
    return {
        "shopMoney": {"amount": value, "currencyCode": currency},
        "presentmentMoney": {"amount": value, "currencyCode": currency},
    }


def amount_of(bag: Any) -> Decimal:
    shop = (bag or {}).get("shopMoney") if isinstance(bag, dict) else None
    return Decimal(str((shop or {}).get("amount") or 0))


def currency_of(store: Store, *bags: Any) -> str:
    """The currency of the first money bag given, else the shop's, else USD."""
    for bag in bags:
        if isinstance(bag, dict) and isinstance(bag.get("currencyCode"), str):
            return str(bag["currencyCode"])
        shop = (bag or {}).get("shopMoney") if isinstance(bag, dict) else None
        if shop and shop.get("currencyCode"):
            return str(shop["currencyCode"])
    for shop_obj in store.all("Shop"):
        if shop_obj.get("currencyCode"):
            return str(shop_obj["currencyCode"])
    return "USD"


def normalize_tags(tags: Any) -> list[str]:
    """Shopify's tag rules: comma-separated parts, trimmed, case-insensitively unique (the
    first spelling wins), sorted without regard to case."""
    if isinstance(tags, str):
        tags = [tags]
    out: dict[str, str] = {}
    for entry in tags or []:
        for part in str(entry).split(","):
            tag = part.strip()
            if tag and tag.lower() not in out:
                out[tag.lower()] = tag
    return sorted(out.values(), key=str.lower)
