"""The stock an import sets: per imported variant, the hub levels its channel quantities
give (`import_plan.quantity_targets`), planned for a preview and applied otherwise through
`inventory.services.count_levels` (the ledger stays the only writer of quantities).

A level's on hand becomes the remote available plus what the hub has committed there (never
below what is committed)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from stockbridge.channels.port import Outcome
from stockbridge.inventory import services as inventory
from stockbridge.inventory.models import StockLevel
from stockbridge.platform.errors import StockbridgeError, ValidationErrors
from stockbridge.platform.lookups import rows_in

from ..models import Run
from .import_plan import ProductPlan, quantity_targets

if TYPE_CHECKING:
    from .import_listings import Context

COUNTS = 5000  # levels per inventory.count_levels call (a batch of 250 products of 20)


def set_stock(
    run_row: Run,
    context: Context,
    plans: list[ProductPlan],
    ids: dict[str, int],
    *,
    dry_run: bool,
) -> None:
    """Plan (and, unless a preview, apply) each imported variant's hub stock."""
    wanted: list[tuple[Any, int | None, dict[int, int]]] = []
    for plan in plans:
        for item in plan.variants:
            if not item.hub_sku or item.outcome in (Outcome.FAILED, Outcome.SKIPPED):
                continue
            targets, notes = quantity_targets(
                item.remote,
                context.settings,
                mapped=context.mapped,
                total_location=context.total_location,
                label=context.label,
            )
            if notes:
                item.message = "; ".join([m for m in (item.message, *notes) if m])
            if targets:
                wanted.append((item, ids.get(item.hub_sku), targets))
    # A variant this batch created has no stock level yet: only the others are read.
    variant_ids = [
        variant_id
        for item, variant_id, _ in wanted
        if variant_id is not None and item.outcome is not Outcome.CREATED
    ]
    levels: dict[tuple[int, int], tuple[int, int]] = {}
    figures = ("variant_id", "location_id", "on_hand", "committed")
    for vid, lid, stored_on_hand, stored_committed in rows_in(
        StockLevel, figures, "variant_id", variant_ids
    ):
        levels[(vid, lid)] = (stored_on_hand, stored_committed)
    actor = f"channel:{context.channel.name}"[:150]
    reference = f"channel import (run {run_row.pk})"
    lines: list[tuple[Any, str, inventory.CountLine]] = []
    for item, variant_id, targets in wanted:
        for location_id, available in sorted(targets.items()):
            on_hand, committed = (
                levels.get((variant_id, location_id), (0, 0)) if variant_id else (0, 0)
            )
            shown = max(available, 0)
            if on_hand - committed == shown:
                continue
            label = f"quantity@{context.codes.get(location_id, location_id)}"
            item.changes[label] = [on_hand - committed, shown]
            if available < 0:
                item.message = "; ".join(
                    m for m in (item.message, f"the store shows {available} available") if m
                )
            if item.outcome is Outcome.UNCHANGED:
                item.outcome = Outcome.UPDATED
            if not dry_run and variant_id is not None:
                line = inventory.CountLine(variant_id, location_id, committed + shown)
                lines.append((item, label, line))
    for start in range(0, len(lines), COUNTS):
        _count(lines[start : start + COUNTS], reference=reference, actor=actor)


def _count(
    lines: list[tuple[Any, str, inventory.CountLine]], *, reference: str, actor: str
) -> None:
    """Set the counted levels in one transaction; when the hub refuses one, set them one by
    one so that only the refused item fails."""
    try:
        inventory.count_levels(
            counts=[line for _, _, line in lines], reference=reference, actor=actor
        )
        return
    except (StockbridgeError, ValidationErrors):
        pass
    for item, label, line in lines:
        try:
            inventory.count(
                variant_id=line.variant_id,
                location_id=line.location_id,
                counted=line.counted,
                reference=reference,
                actor=actor,
            )
        except (StockbridgeError, ValidationErrors) as exc:
            item.outcome = Outcome.FAILED
            item.message = f"the hub refused its quantity at {label[9:]}: {exc}"
