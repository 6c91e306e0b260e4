"""Checking a built draft with the same pure rules the catalog services use."""

from __future__ import annotations

from .. import rules
from .drafts import Draft


def check_spec(draft: Draft) -> None:
    """Add every rule the draft's spec breaks as a row error, except on cells that already have
    a reading error (a price that is not a number is not also reported as missing)."""
    if draft.spec is not None:
        draft.add_spec_errors(rules.validate_product(draft.spec))
