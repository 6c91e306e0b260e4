"""Catalog export in our own format: one row per variant, product columns repeated."""

from __future__ import annotations

import csv
from typing import TextIO

from ..queries import products, spec_of
from . import stockbridge_format

EXPORT_CHUNK = 500


def export_catalog(stream: TextIO) -> tuple[int, int]:
    """Write every product that has variants to `stream` as CSV, streaming by chunks of
    products. Returns (products, variants) written."""
    writer = csv.writer(stream, lineterminator="\n")
    writer.writerow(stockbridge_format.HEADER)
    product_count = variant_count = 0
    for product in products().order_by("id").iterator(chunk_size=EXPORT_CHUNK):
        rows = stockbridge_format.rows_of(spec_of(product))
        writer.writerows(rows)
        product_count += 1 if rows else 0
        variant_count += len(rows)
    return product_count, variant_count
