"""Reading the hub's side of "push products": the products carrying the settings' tag, each
as a plain `HubProduct` with its listings on the channel, a chunk at a time."""

from __future__ import annotations

from collections.abc import Sequence

from stockbridge.catalog.models import Product
from stockbridge.channels.models import Listing

from .styles import HubProduct, HubVariant


def tagged_product_ids(tag: str) -> list[int]:
    return list(
        Product.objects.filter(tags__name__iexact=tag)
        .order_by("id")
        .values_list("id", flat=True)
        .distinct()
    )


def load(channel_id: int, ids: Sequence[int]) -> list[HubProduct]:
    products = list(
        Product.objects.filter(id__in=list(ids))
        .prefetch_related("tags", "attributes", "variants")
        .order_by("id")
    )
    variant_ids = [v.pk for p in products for v in p.variants.all()]
    linked = {
        row.variant_id: (row.remote_product_id, row.content_fingerprint)
        for row in Listing.objects.filter(channel_id=channel_id, variant_id__in=variant_ids)
    }
    return [
        HubProduct(
            id=p.pk,
            handle=p.handle,
            title=p.title,
            description=p.description_html,
            tags=tuple(t.name for t in p.tags.all()),
            attribute_names=tuple(a.name for a in p.attributes.all()),
            variants=tuple(
                HubVariant(
                    id=v.pk,
                    sku=v.sku,
                    barcode=v.barcode,
                    values=tuple(str(x) for x in v.attribute_values),
                    currency=v.currency,
                    price=v.price,
                    wholesale_price=v.wholesale_price,
                )
                for v in p.variants.all()
            ),
            linked={v.pk: linked[v.pk] for v in p.variants.all() if v.pk in linked},
        )
        for p in products
    ]
