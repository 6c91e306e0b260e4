"""Filling the store: resource documents as WooCommerce answers them (kept as given, ids
included, so a documented answer can be served back), and generated catalogs."""

from __future__ import annotations

import copy
from typing import Any

from . import blanks
from .catalog import Catalog

KINDS = ("products", "variations", "orders", "refunds", "customers", "webhooks")


def seed_documents(catalog: Catalog, data: dict[str, Any]) -> dict[str, int]:
    """`{"products": [...], "variations": {"<product id>": [...]}, "orders": [...],
    "refunds": {"<order id>": [...]}, "customers": [...], "webhooks": [...]}`: each document
    stored over its resource's blank (what it lacks keeps the blank's value)."""
    store = catalog.store
    counts = dict.fromkeys(KINDS, 0)
    for doc in data.get("products", []):
        product = _over(blanks.product(), doc)
        store.products[store.post_id(product["id"])] = product
        store.index_sku(product["id"], "", str(product.get("sku") or ""))
        catalog.terms.remember("categories", product["categories"])
        catalog.terms.remember("tags", product["tags"])
        for attribute in product["attributes"]:
            if attribute.get("id"):
                catalog.terms.attributes[attribute["id"]] = attribute["name"]
        counts["products"] += 1
    for parent, docs in (data.get("variations") or {}).items():
        for doc in docs:
            variation = _over(blanks.variation(), doc)
            store.variations[store.post_id(variation["id"])] = variation
            store.index_sku(variation["id"], "", str(variation.get("sku") or ""))
            store.adopt(variation["id"], int(parent))
            counts["variations"] += 1
    for doc in data.get("orders", []):
        order = _over(blanks.order(), doc)
        store.orders[store.post_id(order["id"])] = order
        counts["orders"] += 1
    for parent, docs in (data.get("refunds") or {}).items():
        for doc in docs:
            refund = copy.deepcopy({k: v for k, v in doc.items() if k != "_links"})
            store.refunds[store.post_id(refund["id"])] = refund
            store.refund_parent[refund["id"]] = int(parent)
            counts["refunds"] += 1
    for doc in data.get("customers", []):
        customer = _over(blanks.customer(), doc)
        store.customers[store.user_id(customer["id"])] = customer
        counts["customers"] += 1
    for doc in data.get("webhooks", []):
        webhook = _over(blanks.webhook(), doc)
        store.webhooks[store.webhook_id(webhook["id"])] = webhook
        counts["webhooks"] += 1
    return counts


def _over(blank: dict[str, Any], doc: dict[str, Any]) -> dict[str, Any]:
    given = copy.deepcopy({k: v for k, v in doc.items() if k != "_links"})
    if not isinstance(given.get("id"), int) or given["id"] <= 0:
        raise ValueError("a seeded document needs its positive integer id")
    return {**blank, **given}


def seed_generated(
    catalog: Catalog, products: int, variations: int = 0, stock: int = 10, prefix: str = "GEN"
) -> list[dict[str, Any]]:
    """`products` products with managed stock: simple ones when `variations` is 0, else
    variable ones with that many variations (a Size attribute). SKUs are `<prefix>-<n>` /
    `<prefix>-<n>-<m>`. Answers the stocked items (products or variations)."""
    stocked: list[dict[str, Any]] = []
    for n in range(products):
        if not variations:
            stocked.append(
                catalog.create_product(
                    {
                        "name": f"Generated {n}",
                        "sku": f"{prefix}-{n}",
                        "regular_price": "10.00",
                        "manage_stock": True,
                        "stock_quantity": stock,
                    }
                )
            )
            continue
        sizes = [f"S{m}" for m in range(variations)]
        parent = catalog.create_product(
            {
                "name": f"Generated {n}",
                "type": "variable",
                "attributes": [
                    {"name": "Size", "options": sizes, "variation": True, "visible": True}
                ],
            }
        )
        for m, size in enumerate(sizes):
            stocked.append(
                catalog.create_variation(
                    parent["id"],
                    {
                        "sku": f"{prefix}-{n}-{m}",
                        "regular_price": "10.00",
                        "manage_stock": True,
                        "stock_quantity": stock,
                        "attributes": [{"name": "Size", "option": size}],
                    },
                    derive=False,
                )
            )
        catalog.derive(parent)
    return stocked
