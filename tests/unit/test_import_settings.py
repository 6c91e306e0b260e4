"""Import listings settings: defaults from the seeds, every bad value named by its field."""

from __future__ import annotations

import pytest

from stockbridge.channels.import_settings import ImportSettings
from stockbridge.platform.errors import FieldError


def test_defaults_follow_the_seeds() -> None:
    assert ImportSettings.from_dict({}).as_dict() == {
        "mode": "create_only",
        "master_sku": "sku",
        "pause_new_listings": False,
        "import_prices": True,
        "season_for_published": None,
        "season_for_unpublished": None,
        "quantities": None,
        "location": None,
        "metafields_as_custom_fields": True,
        "weights": True,
        "images": True,
    }


def test_every_setting_is_read() -> None:
    settings = ImportSettings.from_dict(
        {
            "mode": "create_and_overwrite",
            "master_sku": "barcode",
            "pause_new_listings": True,
            "import_prices": False,
            "season_for_published": "SS26",
            "season_for_unpublished": " ",
            "quantities": "per_location",
            "location": "WH",
            "metafields_as_custom_fields": False,
            "weights": False,
            "images": False,
        }
    )

    assert settings.overwrite is True
    assert (settings.master_sku, settings.season_for_published) == ("barcode", "SS26")
    assert settings.season_for_unpublished is None
    assert (settings.quantities, settings.location) == ("per_location", "WH")


@pytest.mark.parametrize(
    ("data", "field", "reason"),
    [
        (
            {"mode": "overwrite"},
            "mode",
            "must be one of create_only, create_and_overwrite, got 'overwrite'",
        ),
        ({"master_sku": "upc"}, "master_sku", "must be one of sku, barcode, got 'upc'"),
        ({"quantities": 3}, "quantities", "must be one of per_location, total, none, got 3"),
        ({"import_prices": "yes"}, "import_prices", "must be true or false, got 'yes'"),
        ({"season_for_published": 7}, "season_for_published", "must be a name, got 7"),
        ({"location": "W\x00H"}, "location", "must not contain the NUL character (\\u0000)"),
    ],
)
def test_a_bad_value_names_its_field(data: dict[str, object], field: str, reason: str) -> None:
    with pytest.raises(FieldError) as refused:
        ImportSettings.from_dict(data)
    assert (refused.value.field, refused.value.reason) == (field, reason)


def test_an_unknown_setting_is_refused() -> None:
    with pytest.raises(FieldError) as refused:
        ImportSettings.from_dict({"prices": True})
    assert refused.value.field == "prices"
    assert refused.value.reason.startswith("is not a setting of import listings (known: ")


def test_unset_quantities_follow_the_channels_location_mode() -> None:
    unset = ImportSettings.from_dict({"quantities": None})

    assert unset.quantities is None
    assert unset.quantities_for(mapped=True) == "per_location"
    assert unset.quantities_for(mapped=False) == "total"
    assert ImportSettings(quantities="total").quantities_for(mapped=True) == "total"
    assert ImportSettings(quantities="none").quantities_for(mapped=False) == "none"
