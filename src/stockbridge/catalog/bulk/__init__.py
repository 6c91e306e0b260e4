"""Storing checked products with a few bulk queries per batch: products, tags, attributes,
variants and images. Unchanged products are left alone (re-imports are cheap).

Only `services.upsert_products` calls `write`, after every check; nothing else writes the
catalog here. Split by use case: `products` (what is new, changed or unchanged; product rows,
tags, attributes), `variants` (variants and images), `rows` (one prepared statement over many
rows, also used by the writers of imports)."""

from .products import Item, normal, write
from .rows import insert_rows, insert_values, update_rows

__all__ = ["Item", "insert_rows", "insert_values", "normal", "update_rows", "write"]
