"""What a reconciliation works from: the channel's mapped places, its linked listings, the
hub's available units, and the state a run carries while it streams the channel's levels."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import datetime

from stockbridge.channels import registry
from stockbridge.channels.access import connector_for
from stockbridge.channels.models import Channel, Listing, ListingStatus, LocationMapping
from stockbridge.channels.port import Connector, Operation, RemoteLevel
from stockbridge.inventory.channel_rules import QuantityRule
from stockbridge.platform import clock

from .. import listed_quantities as lq
from .. import runs
from ..level_drift import Drift, ListingIndex, ListingKeys
from ..models import Run

CHUNK = 500  # remote levels compared per database round
OPERATION = Operation.RECONCILE.value


@dataclass(frozen=True, slots=True)
class Place:
    """One remote location the channel's mapping feeds, and our locations feeding it."""

    remote_id: str
    name: str
    ours: tuple[tuple[int, str], ...]  # (location id, code)


@dataclass
class Pending:
    """A drifted level waiting for its push."""

    drift: Drift
    listing_id: int
    location: str
    inventory_item_id: str


@dataclass
class State:
    channel: Channel
    run: Run
    label: str
    places: dict[str, Place]
    index: ListingIndex
    rule: QuantityRule
    connector: Connector
    batch_size: int
    started: datetime
    counts: Counter[str] = field(default_factory=Counter)
    seen: dict[int, set[str]] = field(default_factory=dict)
    untracked: set[int] = field(default_factory=set)
    chunk: list[tuple[ListingKeys, RemoteLevel]] = field(default_factory=list)
    pushes: list[Pending] = field(default_factory=list)
    read: int = 0  # levels the channel answered
    done: int = 0  # levels compared


def start(channel: Channel, run: Run, *, retry_of: int | None) -> State | None:
    """What the comparison needs (None when no location of ours feeds the channel)."""
    places = mapped_places(channel)
    if not places:
        return None
    kind = registry.kind(channel.kind)
    return State(
        channel=channel,
        run=run,
        label=kind.label,
        places=places,
        index=ListingIndex(linked_listings(channel, retry_of=retry_of)),
        rule=lq.rule_of(channel),
        connector=connector_for(channel),
        batch_size=max(kind.capabilities.stock_batch_size, 1),
        started=clock.now(),
    )


def mapped_places(channel: Channel) -> dict[str, Place]:
    """The remote locations the channel's quantities go to, exactly as the pushes see them
    (`listed_quantities.remote_targets`: per mapped location, or one total)."""
    _enabled, settings = lq.sync_settings(channel.pk)
    targets = lq.remote_targets(channel, settings)
    codes = dict(
        LocationMapping.objects.filter(channel=channel).values_list("location_id", "location__code")
    )
    return {
        t.remote_id: Place(
            remote_id=t.remote_id,
            name=t.remote_name or t.remote_id,
            ours=tuple((loc, codes.get(loc, str(loc))) for loc in t.location_ids),
        )
        for t in targets
        if t.location_ids and t.remote_id
    }


def linked_listings(channel: Channel, *, retry_of: int | None) -> Iterator[ListingKeys]:
    qs = Listing.objects.filter(channel=channel, status=ListingStatus.LINKED)
    if retry_of is not None:
        ids = {
            item.payload.get("listing_id")
            for item in runs.failed_items(retry_of)
            if isinstance(item.payload.get("listing_id"), int)
        }
        qs = qs.filter(pk__in=ids)
    for row in qs.values_list(
        "pk", "variant_id", "variant__sku", "remote_variant_id", "remote_inventory_item_id"
    ).iterator(chunk_size=2000):
        yield ListingKeys(*row)


def hub_available(variant_ids: set[int], location_ids: set[int]) -> dict[tuple[int, int], int]:
    """{(variant, location): available} for the chunk's variants at our mapped locations, read
    the way the pushes read it (`listed_quantities.availability`, bundles included)."""
    return {
        (variant_id, location_id): on_hand - committed
        for variant_id, levels in lq.availability(variant_ids, location_ids).items()
        for location_id, (on_hand, committed) in levels.items()
    }
