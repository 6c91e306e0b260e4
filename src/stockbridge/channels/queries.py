"""Reads of channels: by name or id, the list, mappings and operation settings."""

from __future__ import annotations

from django.db.models import QuerySet

from stockbridge.platform.errors import NotFound

from .models import Channel, LocationMapping, OperationSettings


def channels() -> QuerySet[Channel]:
    return Channel.objects.order_by("name")


def channel_named(name: str) -> Channel:
    found = Channel.objects.filter(name=name).first()
    if found is None:
        raise NotFound("channel", f"no channel named {name!r}")
    return found


def channel(channel_id: int) -> Channel:
    found = Channel.objects.filter(pk=channel_id).first()
    if found is None:
        raise NotFound("channel", f"no channel {channel_id}")
    return found


def mappings(channel: Channel) -> QuerySet[LocationMapping]:
    return (
        LocationMapping.objects.filter(channel=channel)
        .select_related("location")
        .order_by("location__code")
    )


def operations(channel: Channel) -> QuerySet[OperationSettings]:
    return OperationSettings.objects.filter(channel=channel).order_by("operation")


def operation(channel: Channel, name: str) -> OperationSettings:
    found = OperationSettings.objects.filter(channel=channel, operation=name).first()
    if found is None:
        raise NotFound("operation", f"{channel.name} has no operation {name!r}")
    return found
