"""Recognising our own writes when the channel echoes them back (pure): the fingerprint of a
product's channel-side content, computed the same way from what a publish answered and from
what a product event carries: title, description, vendor, product type, status, tags (as a
set) and each variant's SKU, price, compare-at price and barcode (amounts as numbers)."""

from __future__ import annotations

import hashlib
import json
from decimal import Decimal

from stockbridge.channels.port_publish import PublishedProduct


def _amount(value: Decimal | None) -> str | None:
    return None if value is None else format(value.normalize(), "f")


def channel_fingerprint(product: PublishedProduct) -> str:
    plain = {
        "title": product.title,
        "description_html": product.description_html,
        "vendor": product.vendor,
        "product_type": product.product_type,
        "status": product.status,
        "tags": sorted(product.tags),
        "variants": sorted(
            (
                v.remote_id,
                v.sku,
                _amount(v.price),
                _amount(v.compare_at_price),
                v.barcode or "",
            )
            for v in product.variants
        ),
    }
    text = json.dumps(plain, sort_keys=True)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()
