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
from stockbridge.inventory import queries as stock_queries
from stockbridge.inventory.channel_rules import QuantityRule
from stockbridge.inventory.models import BundleComponent, StockLevel
from stockbridge.platform import clock

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
        rule=QuantityRule(
            buffer=channel.buffer,
            percentage=channel.percentage,
            max_listed=channel.max_listed,
            out_of_stock_below=channel.out_of_stock_below,
        ),
        connector=connector_for(channel),
        batch_size=max(kind.capabilities.stock_batch_size, 1),
        started=clock.now(),
    )


def mapped_places(channel: Channel) -> dict[str, Place]:
    rows = (
        LocationMapping.objects.filter(channel=channel)
        .order_by("remote_location_id", "location_id")
        .values_list("remote_location_id", "remote_name", "location_id", "location__code")
    )
    grouped: dict[str, tuple[str, list[tuple[int, str]]]] = {}
    for remote_id, remote_name, location_id, code in rows:
        name, ours = grouped.setdefault(remote_id, (remote_name, []))
        if not name and remote_name:
            grouped[remote_id] = (remote_name, ours)
        ours.append((location_id, code))
    return {
        remote_id: Place(remote_id=remote_id, name=name or remote_id, ours=tuple(ours))
        for remote_id, (name, ours) in grouped.items()
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
    """{(variant, location): available} for the chunk's variants at our mapped locations
    (bundles from their components, as `inventory.queries.available` counts them)."""
    found: dict[tuple[int, int], int] = {}
    for variant_id, location_id, on_hand, committed in StockLevel.objects.filter(
        variant_id__in=variant_ids, location_id__in=location_ids
    ).values_list("variant_id", "location_id", "on_hand", "committed"):
        found[(variant_id, location_id)] = on_hand - committed
    bundles = set(
        BundleComponent.objects.filter(bundle_id__in=variant_ids).values_list(
            "bundle_id", flat=True
        )
    )
    for bundle_id in bundles:
        for location_id in location_ids:
            found[(bundle_id, location_id)] = stock_queries.available(
                variant_id=bundle_id, location_id=location_id
            )
    return found
