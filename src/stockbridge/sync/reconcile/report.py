"""A reconciliation's totals and the lines the CLI prints."""

from __future__ import annotations

from collections import Counter

from django.db import transaction

from ..models import Run, RunItem
from .state import State


def report_lines(run_id: int) -> list[str]:
    """What drifted and why, one line per run item, then the run's totals (for the CLI)."""
    run = Run.objects.get(pk=run_id)
    lines = []
    for item in RunItem.objects.filter(run_id=run_id).order_by("id"):
        change = item.changes.get("quantity")
        moved = f" {change[0]} -> {change[1]}" if isinstance(change, list) else ""
        error = f" [{item.error_kind}]" if item.error_kind else ""
        lines.append(f"{item.ref}:{moved} {item.outcome}{error} - {item.message}")
    preview = " (dry run: nothing was written)" if run.dry_run else ""
    lines.append(f"run {run.pk} {run.status}{preview}: {run.message}")
    return lines


def add_counts(run: Run, counts: Counter[str]) -> None:
    """Add the run's own tallies (levels in sync, ignored...) to its per-outcome counts."""
    if not counts:
        return
    with transaction.atomic():
        locked = Run.objects.select_for_update().get(pk=run.pk)
        merged = dict(locked.counts)
        for name, value in counts.items():
            merged[name] = merged.get(name, 0) + value
        Run.objects.filter(pk=run.pk).update(counts=merged)
    run.counts = merged


def summary(state: State) -> str:
    c = state.counts
    verb = "would be corrected" if state.run.dry_run else "corrected"
    parts = [
        f"{state.done} levels compared",
        f"{c['in_sync']} in sync",
        f"{c['drifted']} drifted ({c['corrected']} {verb}"
        + (f", {c['not_corrected']} not corrected" if c["not_corrected"] else "")
        + ")",
    ]
    if c["removed"]:
        parts.append(
            f"{c['removed']} listings {'would be ' if state.run.dry_run else ''}removed "
            f"(gone from {state.label})"
        )
    if c["not_stocked"]:
        parts.append(f"{c['not_stocked']} levels not stocked in {state.label}")
    if c["untracked"]:
        parts.append(f"{c['untracked']} levels not tracked in {state.label}")
    parts.append(f"{c['ignored']} levels of items the hub does not list ignored")
    return "; ".join(parts)
