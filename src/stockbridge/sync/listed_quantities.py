"""What a channel should show for its listings: per remote location, the `available` of our
locations mapped to it (summed), through the channel's quantity rule
(`inventory.channel_rules`). Read-only; the drain, "sync listings" and `explain` share it."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from stockbridge.channels.models import Channel, LocationMapping, OperationSettings
from stockbridge.channels.port import Operation
from stockbridge.channels.stock_settings import TOTAL, SyncListingsSettings
from stockbridge.inventory import queries as stock_queries
from stockbridge.inventory.channel_rules import QuantityRule, channel_quantity
from stockbridge.inventory.models import BundleComponent, StockLevel


def rule_of(channel: Channel) -> QuantityRule:
    return QuantityRule(
        buffer=channel.buffer,
        percentage=channel.percentage,
        max_listed=channel.max_listed,
        out_of_stock_below=channel.out_of_stock_below,
    )


def sync_settings(channel_id: int) -> tuple[bool, SyncListingsSettings]:
    """Whether "sync listings" is enabled for the channel (no row: yes) and its settings."""
    row = OperationSettings.objects.filter(
        channel_id=channel_id, operation=Operation.SYNC_LISTINGS.value
    ).first()
    if row is None:
        return True, SyncListingsSettings()
    return row.enabled, SyncListingsSettings.from_dict(row.settings)


@dataclass(frozen=True, slots=True)
class RemoteTarget:
    """One remote location and the locations of ours that feed it."""

    remote_id: str
    remote_name: str
    location_ids: tuple[int, ...]


def remote_targets(channel: Channel, settings: SyncListingsSettings) -> list[RemoteTarget]:
    """Where the channel's quantities go: each mapped remote location fed by the locations
    mapped to it, or (location mode "total") one remote location fed by every mapped one."""
    mappings = list(LocationMapping.objects.filter(channel=channel).order_by("location_id"))
    if settings.location_mode == TOTAL:
        names = {m.remote_location_id: m.remote_name for m in mappings}
        return [
            RemoteTarget(
                settings.total_location,
                names.get(settings.total_location, ""),
                tuple(m.location_id for m in mappings),
            )
        ]
    grouped: dict[str, list[int]] = defaultdict(list)
    names = {}
    for m in mappings:
        grouped[m.remote_location_id].append(m.location_id)
        names.setdefault(m.remote_location_id, m.remote_name)
    return [RemoteTarget(r, names[r], tuple(locs)) for r, locs in sorted(grouped.items())]


def availability(
    variant_ids: Iterable[int], location_ids: Iterable[int]
) -> dict[int, dict[int, tuple[int, int]]]:
    """{variant id: {location id: (on hand, committed)}} for the stock levels that exist. A
    bundle holds no stock of its own: it shows (available, 0) at each location, available as
    `inventory.queries.available` counts it from its components."""
    variant_ids, location_ids = list(variant_ids), list(location_ids)
    found: dict[int, dict[int, tuple[int, int]]] = defaultdict(dict)
    rows = StockLevel.objects.filter(
        variant_id__in=variant_ids, location_id__in=location_ids
    ).values_list("variant_id", "location_id", "on_hand", "committed")
    for variant_id, location_id, on_hand, committed in rows:
        found[variant_id][location_id] = (on_hand, committed)
    bundles = set(
        BundleComponent.objects.filter(bundle_id__in=variant_ids).values_list(
            "bundle_id", flat=True
        )
    )
    for bundle_id in bundles:
        for location_id in location_ids:
            units = stock_queries.available(variant_id=bundle_id, location_id=location_id)
            found[bundle_id][location_id] = (units, 0)
    return found


def listed(
    stock: dict[int, tuple[int, int]], target: RemoteTarget, rule: QuantityRule
) -> tuple[int, int]:
    """(available summed over the target's locations, the quantity the rule lists)."""
    available = {loc: on_hand - committed for loc, (on_hand, committed) in stock.items()}
    total = sum(max(available.get(loc, 0), 0) for loc in set(target.location_ids))
    return total, channel_quantity(available, target.location_ids, rule)
