"""The settings of "sync orders", read and refused field by field."""

from __future__ import annotations

import pytest

from stockbridge.channels.order_sync_settings import SyncOrdersSettings
from stockbridge.platform.errors import FieldError


def test_defaults_send_everything_keep_personal_data_and_follow_each_fulfilment() -> None:
    settings = SyncOrdersSettings.from_dict({})

    assert settings.as_dict() == {
        "notify_customer": "fulfilment",
        "carriers": {},
        "close_completed": False,
        "send_refunds": True,
        "send_cancellations": True,
        "restock_on_cancel": True,
        "pii_retention": "indefinitely",
        "pii_purge_days": 30,
    }
    assert (settings.notify(True), settings.notify(False)) == (True, False)


def test_carriers_are_matched_case_insensitively_and_others_sent_as_written() -> None:
    settings = SyncOrdersSettings.from_dict(
        {"carriers": {"Royal-Mail ": "Royal Mail"}, "notify_customer": "never"}
    )

    assert settings.company("royal-mail") == "Royal Mail"
    assert settings.company(" DPD ") == "DPD"
    assert (settings.notify(True), settings.notify(False)) == (False, False)
    assert SyncOrdersSettings.from_dict({"notify_customer": "always"}).notify(False) is True


@pytest.mark.parametrize(
    ("data", "field", "reason"),
    [
        (
            {"notify": True},
            "notify",
            "unknown setting (known: carriers, close_completed, "
            "notify_customer, pii_purge_days, pii_retention, restock_on_cancel, send_cancellations, "
            "send_refunds)",
        ),
        ({"close_completed": "yes"}, "close_completed", "must be true or false"),
        (
            {"notify_customer": "sometimes"},
            "notify_customer",
            "must be one of fulfilment, always, never",
        ),
        ({"pii_retention": "forever"}, "pii_retention", "must be one of indefinitely, purge"),
        ({"pii_purge_days": -1}, "pii_purge_days", "must be a whole number from 0 to 3650"),
        ({"pii_purge_days": 3651}, "pii_purge_days", "must be a whole number from 0 to 3650"),
        ({"pii_purge_days": True}, "pii_purge_days", "must be a whole number from 0 to 3650"),
        ({"carriers": ["UPS"]}, "carriers", "must be an object of hub carrier: tracking company"),
        ({"carriers": {"ups": ""}}, "carriers.ups", "must be the tracking company's name"),
        (
            {"carriers": {"ups": "U\x00PS"}},
            "carriers.ups",
            "must not contain the NUL character (\\u0000)",
        ),
    ],
)
def test_bad_settings_name_the_field(data: dict[str, object], field: str, reason: str) -> None:
    with pytest.raises(FieldError) as refused:
        SyncOrdersSettings.from_dict(data)

    assert (refused.value.field, refused.value.reason) == (field, reason)
