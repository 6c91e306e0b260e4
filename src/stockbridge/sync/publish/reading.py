"""Reading the hub's products for a publish: which products a run covers (the season setting),
and each as a `SourceProduct` with its listings on the channel, a chunk at a time."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence

from django.db.models import QuerySet

from stockbridge.catalog.models import Product
from stockbridge.catalog.references import find_season
from stockbridge.channels.models import Channel, Listing, ListingStatus, LocationMapping
from stockbridge.channels.publish_settings import PublishSettings
from stockbridge.platform.errors import FieldError, NotFound

from .. import listed_quantities as lq
from .source import SourceImage, SourceProduct, SourceVariant, image_key


def product_ids(
    settings: PublishSettings, *, season: str | None = None, products: str | None = None
) -> list[int]:
    """The products a run publishes: those named by `products` (ids, comma-separated: the
    catalog's bulk "Publish" and resync's picks; none left is a run of nothing), else those
    of `season` (the argument, else the setting), every product when neither names one. An
    unknown season is a FieldError."""
    query: QuerySet[Product] = Product.objects.all()
    if products is not None:
        return list(query.filter(id__in=_ids(products)).order_by("id").values_list("id", flat=True))
    wanted = season if season is not None else settings.season
    if wanted:
        found = find_season(wanted)
        if found is None:
            raise NotFound("season", f"no season named {wanted!r}")
        query = query.filter(season=found)
    return list(query.order_by("id").values_list("id", flat=True))


def _ids(text: str) -> list[int]:
    parts = [part.strip() for part in text.split(",") if part.strip()]
    if not all(part.isdigit() and len(part) < 19 for part in parts):
        raise FieldError("products", "must be product ids separated by commas")
    return [int(part) for part in parts]


def load(channel: Channel, ids: Sequence[int], settings: PublishSettings) -> list[SourceProduct]:
    products = list(
        Product.objects.filter(id__in=list(ids))
        .select_related("season", "supplier")
        .prefetch_related("tags", "attributes", "variants", "images__variants")
        .order_by("id")
    )
    variant_ids = [v.pk for p in products for v in p.variants.all()]
    listings = {
        row.variant_id: row
        for row in Listing.objects.filter(
            channel=channel, variant_id__in=variant_ids, status=ListingStatus.LINKED
        )
    }
    available = _available(channel, variant_ids, settings)
    return [_source(p, listings, available) for p in products]


def _available(
    channel: Channel, variant_ids: list[int], settings: PublishSettings
) -> dict[int, int]:
    if not settings.location:
        return {}
    locations = list(
        LocationMapping.objects.filter(
            channel=channel, remote_location_id=settings.location
        ).values_list("location_id", flat=True)
    )
    stock = lq.availability(variant_ids, locations)
    return {
        variant_id: sum(max(on_hand - committed, 0) for on_hand, committed in levels.values())
        for variant_id, levels in stock.items()
    }


def _source(
    product: Product, listings: dict[int, Listing], available: dict[int, int]
) -> SourceProduct:
    images: list[SourceImage] = []
    file_only = 0
    by_variant: dict[int, SourceImage] = {}
    for image in sorted(product.images.all(), key=lambda i: (i.position, i.pk)):
        if not image.url:
            file_only += 1
            continue
        found = SourceImage(key=image_key(image.md5, image.url), url=image.url, alt=image.alt)
        images.append(found)
        for variant in image.variants.all():
            by_variant.setdefault(variant.pk, found)
    attributes = tuple(
        (a.name, tuple(str(v) for v in a.values))
        for a in sorted(product.attributes.all(), key=lambda a: a.position)
    )
    variants = []
    linked: dict[int, str] = {}
    for variant in sorted(product.variants.all(), key=lambda v: (v.position, v.pk)):
        listing = listings.get(variant.pk)
        if listing is not None:
            linked[variant.pk] = listing.remote_variant_id
        variants.append(
            SourceVariant(
                id=variant.pk,
                sku=variant.sku,
                values=tuple(str(v) for v in variant.attribute_values or ()),
                position=variant.position,
                currency=variant.currency,
                fields={
                    "sku": variant.sku,
                    "barcode": variant.barcode,
                    "price": variant.price,
                    "compare_at_price": variant.compare_at_price,
                    "cost": variant.cost,
                    "weight": variant.weight,
                },
                weight_unit=variant.weight_unit,
                image=by_variant.get(variant.pk),
                available=available.get(variant.pk, 0),
            )
        )
    mine = [listings[v.id] for v in variants if v.id in listings]
    remote_ids = Counter(row.remote_product_id for row in mine)
    fingerprints = {row.content_fingerprint for row in mine}
    complete = len(mine) == len(variants) and len(fingerprints) == 1
    return SourceProduct(
        id=product.pk,
        handle=product.handle,
        fields={
            "title": product.title,
            "description_html": product.description_html,
            "vendor": product.vendor,
            "brand": product.brand,
            "product_type": product.product_type,
            "product_group": product.product_group,
            "category": product.category,
            "status": product.status,
            "tags": sorted(t.name for t in product.tags.all()),
            "season": product.season.name if product.season else "",
            "supplier": product.supplier.name if product.supplier else "",
            "custom_fields": product.custom_fields or {},
        },
        attributes=attributes,
        variants=tuple(variants),
        images=tuple(images),
        file_only_images=file_only,
        linked=linked,
        remote_id=remote_ids.most_common(1)[0][0] if remote_ids else None,
        fingerprint=fingerprints.pop() if complete else "",
    )
