"""The write service of "Publish listings": after a product is published, its variants are
linked as listings (created, or their remote ids and content fingerprint updated) and the
images and collections it made are remembered (`PublishedRef`), in one transaction."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime

from django.db import transaction

from stockbridge.platform import bounds, clock

from .models import Listing, ListingStatus, PublishedProductState, PublishedRef

UPDATED_FIELDS = (
    "remote_product_id",
    "remote_variant_id",
    "remote_inventory_item_id",
    "status",
    "status_reason",
    "content_fingerprint",
    "updated_at",
)


@dataclass(frozen=True, slots=True)
class PublishedLink:
    variant_id: int
    remote_product_id: str
    remote_variant_id: str
    remote_inventory_item_id: str


@dataclass(frozen=True, slots=True)
class ProductState:
    remote_product_id: str
    fingerprint: str
    remote_updated_at: datetime | None


def remember_state(*, channel_id: int, state: ProductState) -> None:
    """What the channel now holds of a product (its content fingerprint, its own time)."""
    _checked("remote_product_id", state.remote_product_id)
    with transaction.atomic():
        PublishedProductState.objects.update_or_create(
            channel_id=channel_id,
            remote_product_id=state.remote_product_id,
            defaults={
                "fingerprint": state.fingerprint,
                "remote_updated_at": state.remote_updated_at,
                "updated_at": clock.now(),
            },
        )


def state_of(channel_id: int, remote_product_id: str) -> ProductState | None:
    row = PublishedProductState.objects.filter(
        channel_id=channel_id, remote_product_id=remote_product_id
    ).first()
    if row is None:
        return None
    return ProductState(row.remote_product_id, row.fingerprint, row.remote_updated_at)


def _checked(field: str, value: str) -> str:
    return bounds.check_text(field, value, required=True)


def link_published(
    *,
    channel_id: int,
    links: Sequence[PublishedLink],
    fingerprint: str,
    refs: Mapping[tuple[str, str], str] | None = None,
    state: ProductState | None = None,
) -> None:
    """Link each variant to its remote variant (status linked, the reason cleared) with the
    content `fingerprint` published; remember `refs` {(kind, key): remote id}. Raises
    FieldError naming the bad value before anything is written."""
    for n, link in enumerate(links):
        _checked(f"links[{n}].remote_product_id", link.remote_product_id)
        _checked(f"links[{n}].remote_variant_id", link.remote_variant_id)
        bounds.check_text(f"links[{n}].remote_inventory_item_id", link.remote_inventory_item_id)
    for (kind, key), remote_id in (refs or {}).items():
        _checked("refs.kind", kind)
        _checked("refs.key", key)
        _checked("refs.remote_id", remote_id)
    now = clock.now()
    with transaction.atomic():
        by_variant = {link.variant_id: link for link in links}
        # a remote variant held by a listing of another variant is re-linked to this one
        Listing.objects.filter(
            channel_id=channel_id, remote_variant_id__in=[k.remote_variant_id for k in links]
        ).exclude(variant_id__in=list(by_variant)).delete()
        existing = {
            row.variant_id: row
            for row in Listing.objects.filter(
                channel_id=channel_id, variant_id__in=list(by_variant)
            )
        }
        changed = []
        for variant_id, link in by_variant.items():
            row = existing.get(variant_id)
            if row is None:
                continue
            row.remote_product_id = link.remote_product_id
            row.remote_variant_id = link.remote_variant_id
            row.remote_inventory_item_id = link.remote_inventory_item_id
            row.status = ListingStatus.LINKED
            row.status_reason = ""
            row.content_fingerprint = fingerprint
            row.updated_at = now
            changed.append(row)
        if changed:
            # the remote ids swap between rows only through a delete, so no unique clash
            Listing.objects.bulk_update(changed, UPDATED_FIELDS)
        Listing.objects.bulk_create(
            Listing(
                channel_id=channel_id,
                variant_id=link.variant_id,
                remote_product_id=link.remote_product_id,
                remote_variant_id=link.remote_variant_id,
                remote_inventory_item_id=link.remote_inventory_item_id,
                status=ListingStatus.LINKED,
                content_fingerprint=fingerprint,
                created_at=now,
                updated_at=now,
            )
            for link in links
            if link.variant_id not in existing
        )
        if state is not None:
            remember_state(channel_id=channel_id, state=state)
        for (kind, key), remote_id in (refs or {}).items():
            PublishedRef.objects.update_or_create(
                channel_id=channel_id,
                kind=kind,
                key=key,
                defaults={"remote_id": remote_id},
                create_defaults={"remote_id": remote_id, "created_at": now},
            )


def remembered(channel_id: int, kind: str) -> dict[str, str]:
    """{key: remote id} of what the channel already holds of `kind`."""
    return dict(
        PublishedRef.objects.filter(channel_id=channel_id, kind=kind).values_list(
            "key", "remote_id"
        )
    )


def mark_gone(*, channel_id: int, variant_ids: Sequence[int], reason: str) -> None:
    """The linked product is gone from the channel: its listings are removed, saying why."""
    Listing.objects.filter(channel_id=channel_id, variant_id__in=list(variant_ids)).update(
        status=ListingStatus.REMOVED, status_reason=reason[:500], updated_at=clock.now()
    )
