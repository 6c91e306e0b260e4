"""Linking a variant to a channel's listing by hand, and unlinking it (the seeds' "link on
the eCommerce tab", "unlink and re-link"): one transaction each, keyword-only arguments,
every value bounded before anything is written. The ids are the store's own; a wrong one
shows at the next push or reconcile, which marks the listing removed with the reason."""

from __future__ import annotations

from django.db import IntegrityError, transaction

from stockbridge.catalog.models import Variant
from stockbridge.platform import bounds, clock
from stockbridge.platform.errors import Conflict, NotFound

from .models import Channel, Listing, ListingStatus

ID_LIMIT = 255


def link_variant(
    *,
    channel_id: int,
    variant_id: int,
    remote_product_id: str,
    remote_variant_id: str,
    remote_inventory_item_id: str = "",
) -> Listing:
    """Link the variant to the channel's listing named by its remote ids. Raises FieldError
    (an id empty or too long), NotFound (`channel_id`, `variant_id`), Conflict (the variant is
    already linked on this channel: `variant_id`; the remote variant already belongs to
    another variant: `remote_variant_id`); nothing is written then."""
    product = bounds.check_text(
        "remote_product_id", remote_product_id, limit=ID_LIMIT, required=True
    ).strip()
    remote = bounds.check_text(
        "remote_variant_id", remote_variant_id, limit=ID_LIMIT, required=True
    ).strip()
    item = bounds.check_text(
        "remote_inventory_item_id", remote_inventory_item_id, limit=ID_LIMIT
    ).strip()
    with transaction.atomic():
        if not Channel.objects.filter(pk=channel_id).exists():
            raise NotFound("channel_id", f"no channel {channel_id}")
        sku = Variant.objects.filter(pk=variant_id).values_list("sku", flat=True).first()
        if sku is None:
            raise NotFound("variant_id", f"no variant {variant_id}")
        if Listing.objects.filter(channel_id=channel_id, variant_id=variant_id).exists():
            raise Conflict(
                "variant_id", f"SKU {sku} is already linked on this channel: unlink it first"
            )
        other = (
            Listing.objects.filter(channel_id=channel_id, remote_variant_id=remote)
            .select_related("variant")
            .first()
        )
        if other is not None:
            raise Conflict(
                "remote_variant_id",
                f"the store's variant {remote} is already linked to SKU {other.variant.sku}",
            )
        now = clock.now()
        try:
            with transaction.atomic():
                return Listing.objects.create(
                    channel_id=channel_id,
                    variant_id=variant_id,
                    remote_product_id=product,
                    remote_variant_id=remote,
                    remote_inventory_item_id=item,
                    status=ListingStatus.LINKED,
                    created_at=now,
                    updated_at=now,
                )
        except IntegrityError as exc:  # a concurrent link won
            raise Conflict("remote_variant_id", "was linked by someone else meanwhile") from exc


def unlink_variant(*, channel_id: int, variant_id: int) -> None:
    """Remove the variant's listing on the channel (its levels and pending pushes go with it;
    nothing is sent to the store). Raises NotFound (`variant_id`) when it is not linked."""
    with transaction.atomic():
        deleted, _ = Listing.objects.filter(channel_id=channel_id, variant_id=variant_id).delete()
        if not deleted:
            raise NotFound(
                "variant_id", f"variant {variant_id} is not linked on channel {channel_id}"
            )
