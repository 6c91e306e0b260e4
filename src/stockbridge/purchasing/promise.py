"""Available to promise by date per variant and location: stock levels (inventory) with the
open purchase order lines expected to arrive (`queries.incoming`), through the pure policy of
`inventory.promise`."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date

from stockbridge.inventory.models import StockLevel
from stockbridge.inventory.promise import Promise, promise

from . import queries


@dataclass(frozen=True, slots=True)
class VariantPromise:
    variant_id: int
    sku: str
    location_id: int
    location: str  # the location's code
    on_hand: int
    committed: int
    promise: Promise


def promises(
    *,
    today: date,
    variant_ids: list[int] | None = None,
    location_id: int | None = None,
) -> list[VariantPromise]:
    """The promise of each (variant, location) that has a stock level or incoming units,
    ordered by SKU then location code. Two queries whatever the number of rows."""
    levels = StockLevel.objects.select_related("variant", "location")
    lines = queries.incoming(location_id=location_id, variant_ids=variant_ids)
    if variant_ids is not None:
        levels = levels.filter(variant_id__in=variant_ids)
    if location_id is not None:
        levels = levels.filter(location_id=location_id)
    incoming: dict[tuple[int, int], list[tuple[date | None, int]]] = defaultdict(list)
    for line in lines:
        incoming[(line.variant_id, line.location_id)].append((line.expected_on, line.quantity))
    rows = []
    seen = set()
    for level in levels:
        key = (level.variant_id, level.location_id)
        seen.add(key)
        rows.append(
            VariantPromise(
                variant_id=level.variant_id,
                sku=level.variant.sku,
                location_id=level.location_id,
                location=level.location.code,
                on_hand=level.on_hand,
                committed=level.committed,
                promise=promise(
                    available=level.on_hand - level.committed,
                    incoming=incoming.get(key, ()),
                    today=today,
                ),
            )
        )
    rows.extend(_without_level(incoming, seen, today))
    return sorted(rows, key=lambda r: (r.sku, r.location))


def _without_level(
    incoming: dict[tuple[int, int], list[tuple[date | None, int]]],
    seen: set[tuple[int, int]],
    today: date,
) -> list[VariantPromise]:
    """Variants expected at a location where they have never been stocked (no level yet)."""
    from stockbridge.catalog.models import Variant
    from stockbridge.inventory.models import Location

    missing = [key for key in incoming if key not in seen]
    if not missing:
        return []
    skus = dict(Variant.objects.filter(pk__in={v for v, _ in missing}).values_list("pk", "sku"))
    codes = dict(
        Location.objects.filter(pk__in={loc for _, loc in missing}).values_list("pk", "code")
    )
    return [
        VariantPromise(
            variant_id=variant_id,
            sku=skus[variant_id],
            location_id=location_id,
            location=codes[location_id],
            on_hand=0,
            committed=0,
            promise=promise(available=0, incoming=incoming[(variant_id, location_id)], today=today),
        )
        for variant_id, location_id in missing
    ]
