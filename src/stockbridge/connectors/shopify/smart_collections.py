"""An automatic ("smart") collection per product type: `collectionCreate` with one rule,
`TYPE EQUALS <product type>`, made once. An existing collection of that title and rule (an
earlier run, or a retry after a lost answer) is reused, so it is never made twice."""

from __future__ import annotations

import json

from stockbridge.channels.errors import Rejected, Unavailable

from .client import ShopifyClient


def _found(client: ShopifyClient, product_type: str) -> str | None:
    data = client.execute("collections_titled", {"query": f"title:{json.dumps(product_type)}"})
    for node in ((data.get("collections") or {}).get("nodes")) or []:
        rules = ((node.get("ruleSet") or {}).get("rules")) or []
        if node.get("title") == product_type and any(
            r.get("column") == "TYPE"
            and r.get("relation") == "EQUALS"
            and r.get("condition") == product_type
            for r in rules
        ):
            return str(node["id"])
    return None


def ensure_collection(client: ShopifyClient, product_type: str) -> str:
    existing = _found(client, product_type)
    if existing is not None:
        return existing
    data = client.execute(
        "collection_create_smart",
        {
            "input": {
                "title": product_type,
                "ruleSet": {
                    "appliedDisjunctively": False,
                    "rules": [{"column": "TYPE", "relation": "EQUALS", "condition": product_type}],
                },
            }
        },
    )
    payload = data.get("collectionCreate") or {}
    errors = payload.get("userErrors") or []
    if errors:
        words = "; ".join(str(e.get("message")) for e in errors)
        raise Rejected("product_type", f"Shopify refused the collection {product_type!r}: {words}")
    collection = payload.get("collection") or {}
    if not collection.get("id"):
        raise Unavailable("Shopify answered collectionCreate without the collection")
    return str(collection["id"])
