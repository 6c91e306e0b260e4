"""Reconciliation's policy, pure: what the hub wants listed at one remote location, whether the
channel's level drifted from it, and why, in words a merchant reads ("the store showed 7, the
hub lists 5 (available 6 at WH, buffer 1); changed in the store since the hub pushed 5").

No database and no channel here: `sync/reconcile.py` gathers the plain values and acts on the
answers."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from stockbridge.inventory.channel_rules import QuantityRule, channel_quantity, listed_quantity


@dataclass(frozen=True, slots=True)
class Source:
    """One of our locations mapped to the remote location, and its available units."""

    location_id: int
    code: str
    available: int


@dataclass(frozen=True, slots=True)
class Want:
    """What the hub lists for one listing at one remote location, and from what."""

    sources: tuple[Source, ...]
    rule: QuantityRule

    @property
    def quantity(self) -> int:
        return channel_quantity(
            {s.location_id: s.available for s in self.sources},
            [s.location_id for s in self.sources],
            self.rule,
        )


@dataclass(frozen=True, slots=True)
class Check:
    """One level to compare: the channel's figure read just now against the hub's."""

    ref: str  # "SKU @ remote location"
    remote: int
    want: Want
    last_pushed: int | None = None  # what the hub last pushed there (ListingLevel.pushed)


@dataclass(frozen=True, slots=True)
class Drift:
    ref: str
    remote: int
    wanted: int
    message: str

    @property
    def changes(self) -> dict[str, list[int]]:
        return {"quantity": [self.remote, self.wanted]}


def drift(check: Check, *, channel_label: str) -> Drift | None:
    """The drift of one level (None when the channel shows what the hub lists)."""
    wanted = check.want.quantity
    if check.remote == wanted:
        return None
    return Drift(
        ref=check.ref,
        remote=check.remote,
        wanted=wanted,
        message=(
            f"{channel_label} showed {check.remote}, the hub lists {wanted} "
            f"({basis(check.want)}); {cause(check, wanted, channel_label=channel_label)}"
        ),
    )


def basis(want: Want) -> str:
    """Where the hub's figure comes from: available per mapped location, then the rules that
    changed it ("available 6 at WH, buffer 1")."""
    parts = [_available(want.sources)]
    rule = want.rule
    total = sum(max(s.available, 0) for s in want.sources)
    if rule.buffer:
        parts.append(f"buffer {rule.buffer}")
    if rule.percentage != 100:
        parts.append(f"{_percent(rule.percentage)}% listed")
    uncapped = listed_quantity(total, QuantityRule(buffer=rule.buffer, percentage=rule.percentage))
    if rule.max_listed is not None and uncapped > rule.max_listed:
        parts.append(f"capped at {rule.max_listed}")
    capped = uncapped if rule.max_listed is None else min(uncapped, rule.max_listed)
    if 0 < capped < rule.out_of_stock_below:
        parts.append(f"listed as 0 below {rule.out_of_stock_below}")
    return ", ".join(parts)


def cause(check: Check, wanted: int, *, channel_label: str) -> str:
    """Why the figures differ, as far as the hub can tell from what it last pushed."""
    if check.last_pushed is None:
        return "the hub had not pushed this level before"
    if check.last_pushed == wanted:
        return f"changed in {channel_label} since the hub pushed {wanted}"
    return f"the hub's {wanted} had not been pushed yet (last pushed {check.last_pushed})"


def _available(sources: Iterable[Source]) -> str:
    shown = [
        f"{s.available} at {s.code}" + (" (counted as 0)" if s.available < 0 else "")
        for s in sources
    ]
    return "available " + (" + ".join(shown) if shown else "0")


def _percent(value: Any) -> str:
    text = format(value, "f")
    return text.rstrip("0").rstrip(".") if "." in text else text


@dataclass(frozen=True, slots=True)
class ListingKeys:
    """A linked listing as the reconciliation matches remote levels to it."""

    listing_id: int
    variant_id: int
    sku: str
    remote_variant_id: str
    remote_inventory_item_id: str


class ListingIndex:
    """Finds the listing a remote level belongs to: by inventory item id, else by variant id
    (a listing linked before its item id was known)."""

    def __init__(self, listings: Iterable[ListingKeys]) -> None:
        self.by_id: dict[int, ListingKeys] = {}
        self.by_item: dict[str, ListingKeys] = {}
        self.by_variant: dict[str, ListingKeys] = {}
        for keys in listings:
            self.by_id[keys.listing_id] = keys
            if keys.remote_inventory_item_id:
                self.by_item[keys.remote_inventory_item_id] = keys
            if keys.remote_variant_id:
                self.by_variant[keys.remote_variant_id] = keys

    def __len__(self) -> int:
        return len(self.by_id)

    def find(self, inventory_item_id: str, variant_remote_id: str | None) -> ListingKeys | None:
        found = self.by_item.get(inventory_item_id)
        if found is None and variant_remote_id:
            found = self.by_variant.get(variant_remote_id)
        return found


def level_ref(sku: str, location_name: str) -> str:
    return f"{sku or '(no SKU)'} @ {location_name}"


def missing_levels(
    seen: Mapping[int, set[str]], listing_ids: Iterable[int], remote_locations: Iterable[str]
) -> list[tuple[int, str]]:
    """(listing id, remote location) pairs of listings the channel still has, at mapped remote
    locations where it holds no level of them (not stocked there)."""
    locations = sorted(set(remote_locations))
    return [
        (listing_id, location)
        for listing_id in sorted(listing_ids)
        if listing_id in seen
        for location in locations
        if location not in seen[listing_id]
    ]
