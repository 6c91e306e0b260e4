"""What WooCommerce derives from what is stored: a product's permalink, price, on-sale flag,
stock status, purchasability and price HTML; a variable product's from its published
variations; a variation's from its own prices and stock."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from . import fields
from .store import Store
from .terms import slugify


def derive_variation(store: Store, product: dict[str, Any], child: dict[str, Any]) -> None:
    """What WooCommerce derives for one variation (its parent's permalink as it stands)."""
    _price(child)
    _stock(child, product)
    child["purchasable"] = child["price"] != "" and child["status"] == "publish"
    query = "&".join(
        f"attribute_{'pa_' if a['id'] else ''}{slugify(a['name'])}={slugify(a['option'])}"
        for a in child["attributes"]
    )
    child["permalink"] = product["permalink"] + (
        ("&" if "?" in product["permalink"] else "?") + query if query else ""
    )


def derive(store: Store, product: dict[str, Any]) -> None:
    """Recompute what WooCommerce derives, for a product and its variations."""
    home = store.site.home_url.rstrip("/")
    if product["status"] == "publish":
        product["permalink"] = f"{home}/product/{product['slug']}/"
    else:
        product["permalink"] = f"{home}/?post_type=product&p={product['id']}"
    children = sorted(store.children(product["id"]), key=lambda v: (v["menu_order"], v["id"]))
    for child in children:
        derive_variation(store, product, child)
    product["variations"] = [c["id"] for c in children]
    product["shipping_required"] = not product["virtual"]
    product["shipping_taxable"] = product["shipping_required"] and product["tax_status"] in (
        "taxable",
        "shipping",
    )
    if product["type"] == "variable":
        priced = [
            Decimal(c["price"]) for c in children if c["price"] != "" and c["status"] == "publish"
        ]
        product["regular_price"] = product["sale_price"] = ""
        product["price"] = _money(min(priced)) if priced else ""
        product["on_sale"] = any(c["on_sale"] for c in children)
        product["purchasable"] = any(c["purchasable"] for c in children)
        _stock(product, None)
        if not product["manage_stock"]:
            statuses = {c["stock_status"] for c in children}
            product["stock_status"] = next(
                (s for s in fields.STOCK_STATUSES if s in statuses), "outofstock"
            )
        product["price_html"] = _price_html(store, priced, on_sale=False)
    else:
        _price(product)
        _stock(product, None)
        product["purchasable"] = product["price"] != "" and product["status"] == "publish"
        product["price_html"] = (
            _price_html(
                store,
                [Decimal(product["price"])],
                on_sale=product["on_sale"],
                regular=product["regular_price"],
            )
            if product["price"] != ""
            else ""
        )
    product["backordered"] = product["stock_status"] == "onbackorder"


def _price_html(store: Store, prices: list[Decimal], *, on_sale: bool, regular: str = "") -> str:
    if not prices:
        return ""
    symbol = store.site.currency_symbol

    def amount(value: Decimal) -> str:
        return (
            '<span class="woocommerce-Price-amount amount"><bdi>'
            f'<span class="woocommerce-Price-currencySymbol">{symbol}</span>{_money(value)}'
            "</bdi></span>"
        )

    low, high = min(prices), max(prices)
    if low != high:
        return f"{amount(low)} &ndash; {amount(high)}"
    if on_sale and regular:
        return f'<del aria-hidden="true">{amount(Decimal(regular))}</del> <ins>{amount(low)}</ins>'
    return amount(low)


def _price(item: dict[str, Any]) -> None:
    regular, sale = item["regular_price"], item["sale_price"]
    item["on_sale"] = sale != "" and (regular == "" or Decimal(sale) < Decimal(regular))
    item["price"] = sale if item["on_sale"] else regular
    item["backorders_allowed"] = item["backorders"] != "no"


def _stock(item: dict[str, Any], parent: dict[str, Any] | None) -> None:
    """A managed item's stock status follows its quantity (out of stock at zero or less,
    unless backorders are allowed); an unmanaged one keeps the status it was given."""
    item["backorders_allowed"] = item["backorders"] != "no"
    if item["manage_stock"]:
        quantity = int(item["stock_quantity"] or 0)
        item["stock_quantity"] = quantity
        if quantity > 0:
            item["stock_status"] = "instock"
        else:
            item["stock_status"] = "onbackorder" if item["backorders_allowed"] else "outofstock"
    else:
        item["stock_quantity"] = None
    item["backordered"] = item["stock_status"] == "onbackorder"


def _money(value: Decimal) -> str:
    return f"{value:.2f}"
