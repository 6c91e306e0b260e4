"""Error messages show a value as the user wrote it, never a Python repr like Decimal('-5')."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest

from stockbridge.inventory.errors import NotAQuantity


@pytest.mark.parametrize(
    ("value", "reason"),
    [
        (Decimal("-5"), "must be an integer >= 1, got -5"),
        (2.5, "must be an integer >= 1, got 2.5"),
        (0, "must be an integer >= 1, got 0"),
        (True, "must be an integer >= 1, got true"),
        (None, "must be an integer >= 1, got null"),
        ("abc", "must be an integer >= 1, got 'abc'"),
        ([1], "must be an integer >= 1, got a list"),
    ],
)
def test_a_refused_quantity_is_shown_as_written(value: Any, reason: str) -> None:
    error = NotAQuantity("lines[0].quantity", value)
    assert (error.field, error.reason) == ("lines[0].quantity", reason)
