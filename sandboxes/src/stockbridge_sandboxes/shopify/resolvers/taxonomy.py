"""Product categories from Shopify's Standard Product Taxonomy (`TaxonomyCategory`).

The sandbox knows the categories its store holds (a recording's `TaxonomyCategory` objects
are hydrated like any other); it invents none. A product input naming a category the store
does not know fails the whole mutation with Shopify's top-level
`INVALID_PRODUCT_TAXONOMY_NODE_ID` error, whatever the id's shape.
"""

from __future__ import annotations

from graphql import GraphQLError

from stockbridge_sandboxes.shopify.store import Obj, Store, ref


def check_category(store: Store, data: Obj) -> None:
    """Refuse a product input whose `category` is not a known taxonomy category."""
    gid = data.get("category")
    if gid is not None and store.get(gid, "TaxonomyCategory") is None:
        raise GraphQLError(
            "Invalid product_taxonomy_node_id",
            extensions={"code": "INVALID_PRODUCT_TAXONOMY_NODE_ID"},
        )


def apply_category(store: Store, product: Obj, data: Obj) -> None:
    """Set (or, given null, clear) the product's category from a checked input."""
    if "category" not in data:
        return
    category = store.get(data["category"], "TaxonomyCategory") if data["category"] else None
    product["category"] = ref(category["id"]) if category is not None else None
