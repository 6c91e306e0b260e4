"""The writable properties of products and variations that the sandbox stores as sent, each
with the JSON type (and choices) WooCommerce's request schema accepts; a value of another type
is refused `rest_invalid_param` naming it, as WordPress validates against the schema."""

from __future__ import annotations

from typing import Any

from .errors import invalid_param

STATUSES = ("draft", "pending", "private", "publish")
STOCK_STATUSES = ("instock", "outofstock", "onbackorder")
BACKORDERS = ("no", "notify", "yes")
TAX_STATUSES = ("taxable", "shipping", "none")

SELLING: dict[str, Any] = {
    "sku": str,
    "regular_price": str,
    "sale_price": str,
    "date_on_sale_from": (str, type(None)),
    "date_on_sale_from_gmt": (str, type(None)),
    "date_on_sale_to": (str, type(None)),
    "date_on_sale_to_gmt": (str, type(None)),
    "status": STATUSES,
    "virtual": bool,
    "downloadable": bool,
    "download_limit": int,
    "download_expiry": int,
    "tax_status": TAX_STATUSES,
    "tax_class": str,
    "manage_stock": bool,
    "stock_quantity": (int, type(None)),
    "stock_status": STOCK_STATUSES,
    "backorders": BACKORDERS,
    "weight": str,
    "shipping_class": str,
    "menu_order": int,
    "description": str,
}

PRODUCT: dict[str, Any] = {
    **SELLING,
    "name": str,
    "slug": str,
    "type": ("simple", "grouped", "external", "variable"),
    "featured": bool,
    "catalog_visibility": ("visible", "catalog", "search", "hidden"),
    "short_description": str,
    "external_url": str,
    "button_text": str,
    "sold_individually": bool,
    "reviews_allowed": bool,
    "upsell_ids": list,
    "cross_sell_ids": list,
    "parent_id": int,
    "purchase_note": str,
    "grouped_products": list,
}

VARIATION: dict[str, Any] = dict(SELLING)


def check(name: str, value: Any, rule: Any) -> Any:
    """The value when it fits `rule` (a type, a tuple of types, or a tuple of choices)."""
    if isinstance(rule, tuple) and rule and isinstance(rule[0], str):
        if value not in rule:
            raise invalid_param(name, f"{name} is not one of {', '.join(rule)}.")
        return value
    types = rule if isinstance(rule, tuple) else (rule,)
    if isinstance(value, bool) and bool not in types:
        raise invalid_param(name, f"{name} is not of type {_names(types)}.")
    if not isinstance(value, types):
        raise invalid_param(name, f"{name} is not of type {_names(types)}.")
    return value


def _names(types: tuple[type, ...]) -> str:
    words = {
        str: "string",
        int: "integer",
        bool: "boolean",
        list: "array",
        dict: "object",
        type(None): "null",
    }
    return ",".join(words.get(t, t.__name__) for t in types)
