"""Catalogs to start from: a small sample store, or N generated products with variants."""

from __future__ import annotations

import gc

from stockbridge_sandboxes.shopify.resolvers.inventory import ensure_level, set_quantity
from stockbridge_sandboxes.shopify.resolvers.location_add import merchant_location
from stockbridge_sandboxes.shopify.resolvers.options import refresh
from stockbridge_sandboxes.shopify.resolvers.products import create_product, new_variant
from stockbridge_sandboxes.shopify.store import Obj, Store

SAMPLE = (
    ("Harbour Rain Jacket", "Outerwear", "Stockbridge Goods", ("S", "M", "L"), "54.00"),
    ("Fell Walking Socks", "Socks", "Stockbridge Goods", ("37-40", "41-45"), "12.50"),
    ("Quay Canvas Tote", "Bags", "Quay & Co", (), "24.00"),
    ("Lantern Enamel Mug", "Homeware", "Quay & Co", (), "9.75"),
    ("Moor Wool Beanie", "Accessories", "Stockbridge Goods", ("Charcoal", "Moss"), "18.00"),
)


def locations(store: Store) -> list[Obj]:
    existing = store.all("Location")
    if existing:
        return existing
    return [
        store.put("gid://shopify/Location/1", merchant_location(store, "Stockbridge Warehouse")),
        store.put("gid://shopify/Location/2", merchant_location(store, "High Street Shop")),
    ]


def _stock(store: Store, variant: Obj, where: list[Obj], available: int) -> None:
    item = store.deref(variant["inventoryItem"])
    assert item is not None
    item["tracked"] = True
    for index, location in enumerate(where):
        level = ensure_level(store, item, location)
        set_quantity(store, level, "available", available if index == 0 else available // 2)


def _product(
    store: Store,
    title: str,
    kind: str,
    vendor: str,
    sizes: tuple[str, ...],
    price: str,
    sku: str,
    where: list[Obj],
    available: int,
) -> Obj:
    option = "Size" if kind != "Accessories" else "Colour"
    data: Obj = {
        "title": title,
        "productType": kind,
        "vendor": vendor,
        "status": "ACTIVE",
        "tags": [kind.lower()],
    }
    if sizes:
        data["productOptions"] = [{"name": option, "values": [{"name": s} for s in sizes]}]
    product = create_product(store, data)
    variants = [store.deref(v) for v in product["variants"]]
    first = variants[0]
    assert first is not None
    for extra in sizes[1:]:
        variants.append(
            new_variant(
                store,
                product,
                {"title": extra, "selectedOptions": [{"name": option, "value": extra}]},
            )
        )
    if sizes[1:]:
        refresh(store, product)  # the variants added after the first select their values
    for index, variant in enumerate(v for v in variants if v is not None):
        variant["price"] = price
        store.set_sku(variant, f"{sku}-{index + 1}" if sizes else sku)
        item = store.deref(variant["inventoryItem"])
        if item is not None:
            store.set_sku(item, variant["sku"])
        _stock(store, variant, where, available)
    return product


def seed_sample(store: Store) -> list[Obj]:
    where = locations(store)
    return [
        _product(store, title, kind, vendor, sizes, price, f"SB-{n + 1:03d}", where, 10 + n * 5)
        for n, (title, kind, vendor, sizes, price) in enumerate(SAMPLE)
    ]


def seed_generated(store: Store, products: int, variants_per_product: int = 1) -> int:
    """`products` products with `variants_per_product` variants each, stocked at location 1.

    The catalog is plain dicts that refer to each other by gid (no reference cycles), so the
    cyclic garbage collector is paused while it is built: its passes over a growing heap
    would otherwise cost more than building it (100,000 variants well under 10 s)."""
    paused = gc.isenabled()
    gc.disable()
    try:
        return _generate(store, products, variants_per_product)
    finally:
        if paused:
            gc.enable()


def _generate(store: Store, products: int, variants_per_product: int) -> int:
    where = locations(store)[:1]
    sizes = (
        tuple(f"V{i + 1}" for i in range(variants_per_product))
        if (variants_per_product > 1)
        else ()
    )
    for n in range(products):
        _product(
            store,
            f"Generated product {n + 1}",
            "Generated",
            "Sandbox",
            sizes,
            f"{10 + n % 90}.00",
            f"GEN-{n + 1:06d}",
            where,
            5 + n % 20,
        )
    return products * max(1, variants_per_product)
