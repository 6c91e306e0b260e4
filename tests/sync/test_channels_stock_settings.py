"""The typed settings of "sync listings": defaults, and a FieldError naming the bad field."""

from __future__ import annotations

import pytest

from stockbridge.channels.stock_settings import SyncListingsSettings
from stockbridge.platform.errors import FieldError


def test_quantity_is_on_and_the_rest_off_by_default() -> None:
    assert SyncListingsSettings.from_dict({}).as_dict() == {
        "quantity": True,
        "price": False,
        "compare_at": False,
        "cost": False,
        "location_mode": "per_location",
        "total_location": "",
    }
    assert SyncListingsSettings.from_dict(None) == SyncListingsSettings()


def test_settings_round_trip() -> None:
    given = {
        "quantity": True,
        "price": True,
        "compare_at": False,
        "cost": True,
        "location_mode": "total",
        "total_location": "gid://shopify/Location/1",
    }
    assert SyncListingsSettings.from_dict(given).as_dict() == given


@pytest.mark.parametrize(
    ("data", "field", "reason"),
    [
        ({"quantity": "yes"}, "quantity", "must be true or false"),
        ({"price": 1}, "price", "must be true or false"),
        ({"location_mode": "each"}, "location_mode", "must be one of per_location, total"),
        ({"location_mode": "total"}, "total_location", "is required when location_mode is total"),
        ({"total_location": 7}, "total_location", "must be a remote location id"),
        (
            {"colour": True},
            "colour",
            "unknown setting (known: compare_at, cost, location_mode, price, quantity, "
            "total_location)",
        ),
        ([1], "settings", "must be an object"),
    ],
)
def test_bad_settings_name_their_field(data: object, field: str, reason: str) -> None:
    with pytest.raises(FieldError) as refused:
        SyncListingsSettings.from_dict(data)  # type: ignore[arg-type]
    assert (refused.value.field, refused.value.reason) == (field, reason)
