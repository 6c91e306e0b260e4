"""Linking hub variants to a channel's listings as an import finds them: the write service of
Import listings (one transaction per call, keyword-only arguments, bounded values)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from django.db import transaction

from stockbridge.catalog.bulk import insert_values, update_rows
from stockbridge.platform import bounds, clock
from stockbridge.platform.errors import FieldError
from stockbridge.platform.lookups import rows_in

from .models import Listing, ListingStatus

LISTING_FIELDS = (
    "channel",
    "variant",
    "remote_product_id",
    "remote_variant_id",
    "remote_inventory_item_id",
    "status",
    "status_reason",
    "content_fingerprint",
    "price_fingerprint",
    "created_at",
    "updated_at",
)

ID_LIMIT = 255
_STATUSES = (ListingStatus.LINKED, ListingStatus.PAUSED)
_IDS = ("remote_product_id", "remote_variant_id", "remote_inventory_item_id")


@dataclass(frozen=True, slots=True)
class Link:
    variant_id: int
    remote_product_id: str
    remote_variant_id: str
    remote_inventory_item_id: str = ""
    status: str = ListingStatus.LINKED


def _plain(value: object) -> bool:
    """What check_text passes as it is (checked without building the field's name)."""
    return (
        type(value) is str
        and 0 < len(value) <= ID_LIMIT
        and value.isascii()
        and "\x00" not in value
        and not value.isspace()
    )


def _check_ids(n: int, link: Link) -> None:
    """Raise the FieldError naming the first remote id of `links[n]` that check_text refuses."""
    for name in _IDS:
        value = getattr(link, name)
        if not _plain(value):
            bounds.check_text(
                f"links[{n}].{name}",
                value,
                limit=ID_LIMIT,
                required=name != "remote_inventory_item_id",
            )


def link_listings(*, channel_id: int, links: Sequence[Link]) -> int:
    """Create the listing of each link, or update the remote ids of the listing that already
    holds its remote variant (a listing's status is kept then). Answers how many were
    written. Raises FieldError naming `links[n].<field>` for a bad value; nothing is written
    then."""
    for n, link in enumerate(links):
        ids = (link.remote_product_id, link.remote_variant_id, link.remote_inventory_item_id)
        if not all(map(_plain, ids)):
            _check_ids(n, link)
        if link.status not in _STATUSES:
            raise FieldError(f"links[{n}].status", "must be linked or paused")
    if not links:
        return 0
    now = clock.now()
    with transaction.atomic():
        existing = {  # locked: fixed SQL (the ORM's IN of thousands of ids costs more)
            remote_variant_id: Listing(id=pk, channel_id=channel_id, variant_id=variant_id)
            for pk, variant_id, remote_variant_id in rows_in(
                Listing,
                ("id", "variant_id", "remote_variant_id"),
                "remote_variant_id",
                [k.remote_variant_id for k in links],
                where={"channel_id": channel_id},
                lock=True,
            )
        }
        new: list[tuple[object, ...]] = []
        changed: list[Listing] = []
        for link in links:
            listing = existing.get(link.remote_variant_id)
            if listing is None:
                new.append(
                    (
                        channel_id,
                        link.variant_id,
                        link.remote_product_id,
                        link.remote_variant_id,
                        link.remote_inventory_item_id,
                        link.status,
                        "",
                        "",
                        "",
                        now,
                        now,
                    )
                )
                continue
            listing.remote_product_id = link.remote_product_id
            listing.remote_inventory_item_id = link.remote_inventory_item_id
            listing.updated_at = now
            changed.append(listing)
        insert_values(Listing, LISTING_FIELDS, new)  # one prepared statement for all rows
        update_rows(
            Listing, changed, ("remote_product_id", "remote_inventory_item_id", "updated_at")
        )
    return len(new) + len(changed)
