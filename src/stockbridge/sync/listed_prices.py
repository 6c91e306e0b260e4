"""What a channel should show of a listed variant's money: its price, compare-at price and cost,
each only when the channel's "sync listings" settings push it. Pure: the drain and the dry run
of "sync listings" share it.

The listing's `price_fingerprint` records what was last pushed, readable:
`"EUR|12.50|15.00|"` = currency, then price, compare-at and cost as sent ("" = not pushed,
"-" = cleared). A listing whose wanted fingerprint equals the stored one is not pushed again,
and the dry run shows each field's change as [last pushed, new] from it.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from stockbridge.channels.port import PriceWrite
from stockbridge.channels.stock_settings import SyncListingsSettings
from stockbridge.platform.bounds import CURRENCY_PLACES

# (field in the run log and the fingerprint order, settings flag)
FIELDS = (("price", "price"), ("compare_at_price", "compare_at"), ("cost", "cost"))
CLEARED = "-"


def pushes_prices(settings: SyncListingsSettings) -> bool:
    return settings.price or settings.compare_at or settings.cost


def money_text(value: Decimal, currency: str) -> str:
    """`value` with the currency's minor units ("12.50"; "1200" for JPY), half up."""
    places = CURRENCY_PLACES.get(currency, 2)
    return str(value.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP))


@dataclass(frozen=True, slots=True)
class Wanted:
    """The amounts a listing should show ({field: text, or None = none}, pushed fields only)
    and the fingerprint they make."""

    currency: str
    amounts: dict[str, str | None]

    @property
    def fingerprint(self) -> str:
        parts = [self.currency]
        for name, _ in FIELDS:
            if name not in self.amounts:
                parts.append("")
            else:
                parts.append(self.amounts[name] or CLEARED)
        return "|".join(parts)

    def write(self, *, ref: str, listing: Any) -> PriceWrite:
        values = {k: Decimal(v) for k, v in self.amounts.items() if v is not None}
        return PriceWrite(
            ref=ref,
            product_id=listing.remote_product_id,
            variant_id=listing.remote_variant_id,
            inventory_item_id=listing.remote_inventory_item_id,
            currency=self.currency,
            price=values.get("price"),
            compare_at_price=values.get("compare_at_price"),
            cost=values.get("cost"),
            cleared=frozenset(k for k, v in self.amounts.items() if v is None),
        )


def wanted(variant: Any, settings: SyncListingsSettings) -> Wanted:
    """What `variant` (price, compare_at_price, cost, currency) should show per `settings`."""
    currency = variant.currency
    amounts: dict[str, str | None] = {}
    for name, flag in FIELDS:
        if getattr(settings, flag):
            value = getattr(variant, name)
            amounts[name] = None if value is None else money_text(value, currency)
    return Wanted(currency, amounts)


def last_pushed(fingerprint: str) -> dict[str, str | None]:
    """{field: text last pushed (None: cleared)} from a stored fingerprint; fields never pushed
    are left out."""
    parts = fingerprint.split("|")
    if len(parts) != len(FIELDS) + 1:
        return {}
    found: dict[str, str | None] = {}
    for (name, _), part in zip(FIELDS, parts[1:], strict=True):
        if part:
            found[name] = None if part == CLEARED else part
    return found


def changes(fingerprint: str, want: Wanted) -> dict[str, list[str | None]]:
    """{field: [last pushed, new]} for each pushed field that differs (run log, dry run)."""
    old = last_pushed(fingerprint)
    same_currency = fingerprint.split("|", 1)[0] == want.currency
    return {
        name: [old.get(name), new]
        for name, new in want.amounts.items()
        if not same_currency or name not in old or old[name] != new
    }
