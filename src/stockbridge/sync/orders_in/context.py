"""What applying a channel's orders needs of its channel, read once per batch of inbox events
or per run: the Get Orders settings, the origin the domains record, where its remote
locations are, and (for a batch of inbox events) the hub variant behind each channel variant
met so far."""

from __future__ import annotations

from dataclasses import dataclass, field

from stockbridge.channels.models import Channel, LocationMapping
from stockbridge.channels.models import OperationSettings as SettingsRow
from stockbridge.channels.order_origin import origin
from stockbridge.channels.order_settings import GetOrdersSettings
from stockbridge.channels.port import Operation

OPERATION = Operation.GET_ORDERS.value


@dataclass(slots=True)
class Context:
    channel: Channel
    origin: str
    settings: GetOrdersSettings
    location_of: dict[str, int] = field(default_factory=dict)  # remote id -> hub location
    actor: str = ""
    links: dict[str, int | None] | None = None
    """Channel variant id -> the live hub variant listed for it (None: none), kept as orders
    meet them; None: every order reads its listings afresh."""


def settings_of(channel_id: int) -> GetOrdersSettings:
    row = SettingsRow.objects.filter(channel_id=channel_id, operation=OPERATION).first()
    return GetOrdersSettings.from_dict(row.settings if row else {})


def load(
    channel: Channel, *, actor: str = "", links: dict[str, int | None] | None = None
) -> Context:
    location_of: dict[str, int] = {}
    for remote_id, location_id in (
        LocationMapping.objects.filter(channel=channel)
        .order_by("location_id")
        .values_list("remote_location_id", "location_id")
    ):
        location_of.setdefault(remote_id, location_id)
    return Context(
        channel=channel,
        origin=origin(channel),
        settings=settings_of(channel.pk),
        location_of=location_of,
        actor=actor or f"channel:{channel.name}"[:150],
        links=links,
    )
