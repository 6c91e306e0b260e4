"""Filling the store with documents in BigCommerce's answer shapes (kept as given, ids
included, so a documented answer can be served back): products (with their `variants`,
`options`, custom fields...), variants by product, locations, customers (with `addresses`),
hooks, v2 orders and what hangs off them (products, shipping addresses, shipments, coupons,
taxes) and v3 refunds by order.

The store keeps a document as its answer, and keeps beside it only what it must: a variant's
units (its `inventory_level`, held at the default location), a simple product's base variant
(a product without `variants` is sold as one, `base_variant_id`, holding the product's
`inventory_level`), a customer's `id` when the document has none."""

from __future__ import annotations

import copy
from dataclasses import fields
from typing import Any

from .store import Doc, Store

KINDS = (
    "products", "variants", "locations", "customers", "hooks", "orders", "order_products",
    "shipping_addresses", "shipments", "coupons", "taxes", "refunds",
)  # fmt: skip
ORDER_LISTS = ("order_products", "shipping_addresses", "shipments", "coupons", "taxes", "refunds")


def _given(doc: Any, kind: str) -> Doc:
    if not isinstance(doc, dict):
        raise ValueError(f"a seeded {kind} is a JSON object")
    return copy.deepcopy(doc)


def _id(doc: Doc, kind: str) -> int:
    ident = doc.get("id")
    if not isinstance(ident, int) or isinstance(ident, bool) or ident < 0:
        raise ValueError(f"a seeded {kind} needs its integer id")
    return ident


def _variant(store: Store, product_id: int, doc: Any) -> None:
    variant = _given(doc, "variant")
    variant_id = _id(variant, "variant")
    variant["product_id"] = product_id  # a variant belongs to the product it is listed under
    units = variant.pop("inventory_level", 0)
    store.variants[variant_id] = variant
    store.stock[(variant_id, store.default_location())] = int(units or 0)


def _product(store: Store, doc: Any) -> None:
    product = _given(doc, "product")
    product_id = _id(product, "product")
    variants = product.pop("variants", None)
    units = product.pop("inventory_level", 0)
    product.setdefault("options", [])  # shown only with `include=options`
    store.products[product_id] = product
    for variant in variants or []:
        _variant(store, product_id, variant)
    if variants:
        product.setdefault("base_variant_id", None)
        return
    base = product.get("base_variant_id")
    if not isinstance(base, int) or isinstance(base, bool):
        base = store.next_id("variant")
        product["base_variant_id"] = base
    _variant(store, product_id, {
        "id": base, "sku": product.get("sku", ""), "price": product.get("price"),
        "inventory_level": units, "purchasing_disabled": False,
    })  # fmt: skip


def seed_documents(store: Store, data: dict[str, Any]) -> dict[str, int]:
    """`{"products": [...], "variants": {"<product id>": [...]}, "locations": [...],
    "customers": [...], "hooks": [...], "orders": [...], "order_products": {"<order id>": [...]},
    "shipping_addresses": {...}, "shipments": {...}, "coupons": {...}, "taxes": {...},
    "refunds": {"<order id>": [...]}}`: each document stored as given (the parents a
    by-parent list names must be in the store, or seeded in the same call). Answers how many
    of each kind were stored. All of `data` is stored, or (a document refused: ValueError)
    none of it (ids it took stay taken: ids need only be unique)."""
    held = [f.name for f in fields(store) if f.name not in ("clock", "_ids")]
    before = {name: copy.deepcopy(getattr(store, name)) for name in held}
    try:
        return _seed(store, data)
    except (ValueError, TypeError, KeyError, AttributeError):
        for name, value in before.items():
            setattr(store, name, value)
        raise


def _seed(store: Store, data: dict[str, Any]) -> dict[str, int]:
    counts = dict.fromkeys(KINDS, 0)
    for doc in data.get("products", []):
        _product(store, doc)
        counts["products"] += 1
    for parent, docs in (data.get("variants") or {}).items():
        if int(parent) not in store.products:
            raise ValueError(f"variants of product {parent}, which is not in the store")
        for doc in docs:
            _variant(store, int(parent), doc)
            counts["variants"] += 1
    for doc in data.get("locations", []):
        location = _given(doc, "location")
        store.default_location()
        store.locations[_id(location, "location")] = location
        counts["locations"] += 1
    for doc in data.get("customers", []):
        customer = _given(doc, "customer")
        if "id" not in customer:
            customer["id"] = store.next_id("customer")
        store.customers[_id(customer, "customer")] = customer
        counts["customers"] += 1
    for doc in data.get("hooks", []):
        hook = _given(doc, "hook")
        store.hooks[_id(hook, "hook")] = hook
        counts["hooks"] += 1
    for doc in data.get("orders", []):
        order = _given(doc, "order")
        order_id = _id(order, "order")
        store.orders[order_id] = order
        for held in (
            store.order_products, store.order_addresses, store.shipments, store.coupons,
            store.taxes, store.refunds,
        ):  # fmt: skip
            held.setdefault(order_id, [])
        counts["orders"] += 1
    held_by = {
        "order_products": store.order_products,
        "shipping_addresses": store.order_addresses,
        "shipments": store.shipments,
        "coupons": store.coupons,
        "taxes": store.taxes,
        "refunds": store.refunds,
    }
    for kind in ORDER_LISTS:
        for parent, docs in (data.get(kind) or {}).items():
            if int(parent) not in store.orders:
                raise ValueError(f"{kind} of order {parent}, which is not in the store")
            for doc in docs:
                held_by[kind][int(parent)].append(_given(doc, kind))
                counts[kind] += 1
    return counts
