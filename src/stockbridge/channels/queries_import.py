"""Products a channel import brought in that lack what the hub needs to work with them (the
Aptimyz "unallocated" list): a supplier, a brand, a product type, a cost on every variant, a
price on every variant (an import without prices leaves them at 0)."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Exists, OuterRef, Q

from stockbridge.catalog.models import Product, Variant

from .models import Listing


@dataclass(frozen=True, slots=True)
class ToComplete:
    product_id: int
    handle: str
    title: str
    missing: tuple[str, ...]  # of: supplier, brand, product_type, cost, price


def to_complete(*, channel_id: int | None = None, limit: int | None = None) -> list[ToComplete]:
    """Products listed on `channel_id` (on any channel when None) that still miss something,
    oldest first, each with what it misses."""
    listed = Listing.objects.filter(variant__product_id=OuterRef("pk"))
    if channel_id is not None:
        listed = listed.filter(channel_id=channel_id)
    no_cost = Variant.objects.filter(product_id=OuterRef("pk"), cost__isnull=True)
    no_price = Variant.objects.filter(product_id=OuterRef("pk"), price=0)
    rows = (
        Product.objects.annotate(
            listed=Exists(listed), no_cost=Exists(no_cost), no_price=Exists(no_price)
        )
        .filter(listed=True)
        .filter(
            Q(supplier__isnull=True)
            | Q(brand="")
            | Q(product_type="")
            | Q(no_cost=True)
            | Q(no_price=True)
        )
        .order_by("id")
        .values_list(
            "id", "handle", "title", "supplier_id", "brand", "product_type", "no_cost", "no_price"
        )
    )
    if limit is not None:
        rows = rows[:limit]
    out: list[ToComplete] = []
    for pk, handle, title, supplier_id, brand, product_type, no_cost_, no_price_ in rows:
        missing = tuple(
            name
            for name, lacking in (
                ("supplier", supplier_id is None),
                ("brand", not brand),
                ("product_type", not product_type),
                ("cost", no_cost_),
                ("price", no_price_),
            )
            if lacking
        )
        out.append(ToComplete(product_id=pk, handle=handle, title=title, missing=missing))
    return out
