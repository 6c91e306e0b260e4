"""A search for one SKU answered from the store's SKU index instead of a scan of the catalog.

`query: "sku:ABC-1"` (one term, no wildcard or comparison) narrows the candidates of
`productVariants`, `inventoryItems` and `products` to the objects holding that SKU; the
search itself still runs over them, so the answer is the one a full scan gives. A SKU that
reads as a number is left to the scan (the search compares numbers by value: `1` is `001`).
"""

from __future__ import annotations

import re

from stockbridge_sandboxes.shopify.store import Obj, Store

ONE_SKU = re.compile(r"""^\s*sku:(?P<quote>["']?)(?P<sku>[^\s"'*<>=()\\]+)(?P=quote)\s*$""")
INDEXED = ("ProductVariant", "InventoryItem", "Product")


def _is_number(text: str) -> bool:
    try:
        float(text)
    except ValueError:
        return False
    return True


def sku_candidates(store: Store, type_name: str, query_text: object) -> list[Obj] | None:
    """The objects that may match a one-SKU search, in store order; None when the search is
    not one the index answers (then every object is a candidate)."""
    if type_name not in INDEXED or not isinstance(query_text, str):
        return None
    found = ONE_SKU.match(query_text)
    if found is None or _is_number(found["sku"]):
        return None
    if type_name != "Product":
        return store.with_sku(type_name, found["sku"])
    products: dict[str, Obj] = {}
    for variant in store.with_sku("ProductVariant", found["sku"]):
        product = store.deref(variant.get("product"))
        if isinstance(product, dict) and "id" in product:
            products.setdefault(product["id"], product)
    return sorted(products.values(), key=lambda obj: store.order.get(obj["id"], 0))
