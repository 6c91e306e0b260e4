"""Product events from a channel (webhooks of kind PRODUCT), handled in the inbox:

- deleted there: only the links are removed (the hub's product stays; its listings are
  `removed` saying so). A product not linked here is ignored.
- updated there: our own write echoed back (its content has the fingerprint we recorded when
  we published it) changes nothing; an event older than the last one applied changes
  nothing; otherwise the fields the mapping template maps one to one (no transforms) are set
  in the hub: title, description, vendor, product type, status, and each linked variant's
  price, compare-at price and barcode. What the channel now holds is recorded.
- created there (not linked here): created here with its variants and linked, as Import
  listings imports one product (`created.py`; setting `create_from_channel`).
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from decimal import Decimal
from typing import Any, cast

from stockbridge.catalog.models import Product, Variant
from stockbridge.catalog.services import update_product, update_variant
from stockbridge.channels.access import webhooks_for
from stockbridge.channels.models import Channel, Listing, ListingStatus
from stockbridge.channels.port import InboundKind
from stockbridge.channels.port_product_created import CreatedProductReader
from stockbridge.channels.port_publish import ProductEventReader, PublishedProduct
from stockbridge.channels.publish_links import (
    ProductState,
    mark_gone,
    remember_state,
    state_of,
)
from stockbridge.channels.publish_mapping import MappingRow

from ..jobs.publish_listings import settings_of
from ..models import InboundEvent
from .created import create_here
from .echo import channel_fingerprint

DELETED = "deleted in the channel: only the link is removed"
# channel field (PublishedProduct attribute) <- mapping target, for one-to-one rows
PRODUCT_BACK = {
    "product.title": "title",
    "product.description_html": "description_html",
    "product.vendor": "vendor",
    "product.product_type": "product_type",
    "product.status": "status",
}
VARIANT_BACK = {
    "variant.price": "price",
    "variant.compare_at_price": "compare_at_price",
    "variant.barcode": "barcode",
}
HUB_STATUSES = ("active", "draft", "archived")


def _one_to_one(rows: tuple[MappingRow, ...], back: Mapping[str, str]) -> dict[str, str]:
    """{channel field: hub field} of the enabled rows without transforms."""
    return {
        back[row.target]: row.source
        for row in rows
        if row.enabled
        and not row.transforms
        and row.target in back
        and not row.source.startswith("custom_fields.")
    }


def handle(event: InboundEvent) -> str:
    channel = Channel.objects.get(pk=event.channel_id)
    codec = webhooks_for(channel)
    if codec is None or not hasattr(codec, "read_product_event"):
        return "this channel's product events are not read"
    body = json.loads(event.body)
    found = cast(ProductEventReader, codec).read_product_event(event.topic, body)
    listings = list(
        Listing.objects.filter(
            channel=channel, remote_product_id=found.remote_id, status=ListingStatus.LINKED
        )
    )
    if not listings:
        return _not_linked(channel, codec, event.topic, body, found.deleted)
    if found.deleted:
        mark_gone(
            channel_id=channel.pk, variant_ids=[row.variant_id for row in listings], reason=DELETED
        )
        return f"{len(listings)} listing(s) unlinked: {DELETED}"
    product = cast(PublishedProduct, found.product)
    known = state_of(channel.pk, found.remote_id)
    print_ = channel_fingerprint(product)
    if known is not None and known.fingerprint == print_:
        return "our own write echoed back: nothing applied"
    if (
        known is not None
        and known.remote_updated_at is not None
        and found.updated_at is not None
        and found.updated_at < known.remote_updated_at
    ):
        return "older than the last change applied: nothing applied"
    changed = _apply(channel, product, listings)
    remember_state(
        channel_id=channel.pk,
        state=ProductState(found.remote_id, print_, found.updated_at),
    )
    return ("updated here: " + ", ".join(changed)) if changed else "nothing to change here"


def _not_linked(
    channel: Channel, codec: object, topic: str, body: Mapping[str, Any], deleted: bool
) -> str:
    """A product not linked here: created in the channel -> created here (setting
    `create_from_channel`); anything else changes nothing."""
    if deleted or not isinstance(codec, CreatedProductReader):
        return "not linked here: nothing to do"
    remote = codec.created_product(topic, body)
    if remote is None:
        return "not linked here: nothing to do"
    enabled, settings = settings_of(channel.pk)
    if not (enabled and settings.create_from_channel):
        return "created in the channel; not created here (the setting create_from_channel is off)"
    return create_here(channel, remote)


def _apply(channel: Channel, product: PublishedProduct, listings: list[Listing]) -> list[str]:
    _, settings = settings_of(channel.pk)
    changed: list[str] = []
    variant_ids = [row.variant_id for row in listings]
    hub_product = Product.objects.filter(variants__id__in=variant_ids).distinct().first()
    if hub_product is None:
        return changed
    changes: dict[str, Any] = {}
    for field, source in _one_to_one(settings.mapping, PRODUCT_BACK).items():
        value = getattr(product, field)
        if field == "status" and value not in HUB_STATUSES:
            continue
        if getattr(hub_product, source, None) != value:
            changes[source] = value
    if changes:
        update_product(product_id=hub_product.pk, changes=changes)
        changed += sorted(changes)
    by_remote = {row.remote_variant_id: row.variant_id for row in listings}
    back = _one_to_one(settings.mapping, VARIANT_BACK)
    for remote in product.variants:
        variant_id = by_remote.get(remote.remote_id)
        if variant_id is None:
            continue
        variant = Variant.objects.get(pk=variant_id)
        mine: dict[str, Any] = {}
        for field, source in back.items():
            value = getattr(remote, field)
            if field == "barcode":
                value = value or ""
            elif value is not None and not isinstance(value, Decimal):
                continue
            if value is None and field == "price":
                continue
            if getattr(variant, source) != value:
                mine[source] = value
        if mine:
            update_variant(variant_id=variant_id, changes=mine)
            changed += [f"{variant.sku}.{name}" for name in sorted(mine)]
    return changed


def install() -> None:
    from ..inbox import register

    register(InboundKind.PRODUCT, handle)
