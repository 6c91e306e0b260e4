"""Checking a built draft with the same pure rules the catalog services use."""

from __future__ import annotations

from .. import rules
from .drafts import Draft, storage_limits


def check_spec(draft: Draft) -> None:
    """Add every rule the draft's spec breaks as a row error, except on cells that already have
    a reading error (a price that is not a number is not also reported as missing)."""
    if draft.spec is None:
        return
    taken = {(e.line, e.column) for e in draft.errors}
    for error in [*rules.validate_product(draft.spec), *storage_limits(draft.spec)]:
        located = draft.locate(error)
        if (located.line, located.column) not in taken:
            draft.errors.append(located)
            taken.add((located.line, located.column))
