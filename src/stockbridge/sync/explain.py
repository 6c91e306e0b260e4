"""Explain a quantity: why the channel shows what it shows for one SKU. The chain, per remote
location: on hand, committed and available at each of our locations mapped to it, their sum,
the channel's quantity rule and what it lists, then the value last pushed (when, by which run)
and the value the channel last confirmed (when)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from typing import Any

from stockbridge.catalog.models import Variant
from stockbridge.channels.models import Channel, Listing, ListingLevel
from stockbridge.inventory.channel_rules import QuantityRule
from stockbridge.inventory.models import Location
from stockbridge.platform.errors import FieldError

from . import listed_quantities as lq


@dataclass(frozen=True, slots=True)
class LocationStock:
    location: str  # our location's code
    on_hand: int
    committed: int
    available: int


@dataclass(frozen=True, slots=True)
class RemoteExplanation:
    remote_location_id: str
    remote_name: str
    locations: tuple[LocationStock, ...]
    available: int  # summed (a location below zero counts as 0)
    listed: int  # after the rule
    pushed: int | None
    pushed_at: datetime | None
    pushed_by_run: int | None
    confirmed: int | None
    confirmed_at: datetime | None


@dataclass(frozen=True, slots=True)
class Explanation:
    channel: str
    sku: str
    listing_status: str
    listing_status_reason: str
    remote_variant_id: str
    rule: QuantityRule
    remotes: tuple[RemoteExplanation, ...]

    def as_dict(self) -> dict[str, Any]:
        return {
            "channel": self.channel,
            "sku": self.sku,
            "listing": {
                "status": self.listing_status,
                "status_reason": self.listing_status_reason,
                "remote_variant_id": self.remote_variant_id,
            },
            "rule": {
                "buffer": self.rule.buffer,
                "percentage": _percent(self.rule.percentage),
                "max_listed": self.rule.max_listed,
                "out_of_stock_below": self.rule.out_of_stock_below,
            },
            "remote_locations": [
                {
                    "remote_location_id": r.remote_location_id,
                    "remote_name": r.remote_name,
                    "locations": [
                        {
                            "location": s.location,
                            "on_hand": s.on_hand,
                            "committed": s.committed,
                            "available": s.available,
                        }
                        for s in r.locations
                    ],
                    "available": r.available,
                    "listed": r.listed,
                    "pushed": r.pushed,
                    "pushed_at": _iso(r.pushed_at),
                    "pushed_by_run": r.pushed_by_run,
                    "confirmed": r.confirmed,
                    "confirmed_at": _iso(r.confirmed_at),
                }
                for r in self.remotes
            ],
        }

    def lines(self) -> list[str]:
        """The explanation as text, one step per line (the CLI prints these)."""
        rule = self.rule
        cap = "none" if rule.max_listed is None else str(rule.max_listed)
        out = [f"{self.sku} on {self.channel} (listing {self.listing_status})"]
        if self.listing_status_reason:
            out.append(f"  reason: {self.listing_status_reason}")
        out.append(
            f"  rule: buffer {rule.buffer}, {_percent(rule.percentage)}% listed, max {cap}, "
            f"out of stock below {rule.out_of_stock_below}"
        )
        for r in self.remotes:
            out.append(f"  {r.remote_name or r.remote_location_id}:")
            for s in r.locations:
                out.append(
                    f"    {s.location}: on hand {s.on_hand} - committed {s.committed}"
                    f" = available {s.available}"
                )
            out.append(f"    available {r.available} -> rule -> {r.listed}")
            if r.pushed is None:
                out.append("    pushed: never")
            else:
                when = _iso(r.pushed_at)
                out.append(f"    pushed: {r.pushed} at {when} by run {r.pushed_by_run}")
            if r.confirmed is None:
                out.append("    confirmed by the channel: never")
            else:
                out.append(f"    confirmed by the channel: {r.confirmed} at {_iso(r.confirmed_at)}")
        return out


def _percent(value: Decimal) -> str:
    return str(Decimal(value).quantize(Decimal("0.01")))


def _iso(value: datetime | None) -> str | None:
    return value.isoformat() if value is not None else None


def explain(*, channel: Channel, sku: str) -> Explanation:
    """The chain behind the quantity `channel` shows for `sku`. Raises FieldError (sku) when
    no variant has that SKU or the channel has no listing of it."""
    listing = (
        Listing.objects.filter(channel=channel, variant__sku=sku).select_related("variant").first()
    )
    if listing is None:
        if not Variant.objects.filter(sku=sku).exists():
            raise FieldError("sku", f"no variant has SKU {sku!r}", code="not_found")
        raise FieldError("sku", f"{sku!r} is not listed on {channel.name}", code="not_found")
    _, settings = lq.sync_settings(channel.pk)
    targets = lq.remote_targets(channel, settings)
    rule = lq.rule_of(channel)
    location_ids = {loc for t in targets for loc in t.location_ids}
    stock = lq.availability([listing.variant_id], location_ids).get(listing.variant_id, {})
    codes = dict(Location.objects.filter(pk__in=location_ids).values_list("id", "code"))
    levels = {lv.remote_location_id: lv for lv in ListingLevel.objects.filter(listing=listing)}
    remotes = []
    for target in targets:
        available, listed = lq.listed(stock, target, rule)
        level = levels.get(target.remote_id)
        remotes.append(
            RemoteExplanation(
                remote_location_id=target.remote_id,
                remote_name=target.remote_name,
                locations=tuple(
                    LocationStock(
                        location=codes[loc],
                        on_hand=stock.get(loc, (0, 0))[0],
                        committed=stock.get(loc, (0, 0))[1],
                        available=stock.get(loc, (0, 0))[0] - stock.get(loc, (0, 0))[1],
                    )
                    for loc in sorted(target.location_ids, key=lambda i: codes[i])
                ),
                available=available,
                listed=listed,
                pushed=level.pushed if level else None,
                pushed_at=level.pushed_at if level else None,
                pushed_by_run=level.pushed_by_run if level else None,
                confirmed=level.confirmed if level else None,
                confirmed_at=level.confirmed_at if level else None,
            )
        )
    return Explanation(
        channel=channel.name,
        sku=sku,
        listing_status=listing.status,
        listing_status_reason=listing.status_reason,
        remote_variant_id=listing.remote_variant_id,
        rule=rule,
        remotes=tuple(remotes),
    )
