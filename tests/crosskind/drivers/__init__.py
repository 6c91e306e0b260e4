"""One driver per channel kind (see `protocol.py`); `DRIVERS` is what the suite is
parametrised over: a new kind joins by adding its driver here."""

from __future__ import annotations

from collections.abc import Callable, Iterator

from stockbridge.inventory.models import Location

from . import bigcommerce, shopify, woocommerce
from .protocol import Driver

Opener = Callable[[Location], Iterator[Driver]]

# kind -> (the optional operations it supports, how to open a store of it)
DRIVERS: dict[str, tuple[frozenset[str], Opener]] = {
    "shopify": (shopify.ShopifyDriver.supports, shopify.open_store),
    "woocommerce": (woocommerce.WooDriver.supports, woocommerce.open_store),
    "bigcommerce": (bigcommerce.BigCommerceDriver.supports, bigcommerce.open_store),
}
