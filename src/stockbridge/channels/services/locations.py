"""The store's own locations and which of ours feed them."""

from __future__ import annotations

from django.db import transaction

from stockbridge.platform.bounds import check_text
from stockbridge.platform.errors import FieldError, NotFound

from .. import registry
from ..access import connector_for
from ..errors import AuthFailed, ChannelError, ScopeMissing
from ..models import Channel, ChannelStatus, LocationMapping
from ..port import RemoteLocation
from .connecting import mark_disconnected


def remote_locations(*, channel: Channel) -> list[RemoteLocation]:
    """The store's own locations (a read; refused credentials disconnect the channel)."""
    if channel.status != ChannelStatus.CONNECTED:
        raise FieldError("channel", f"{channel.name} is not connected ({channel.status})")
    try:
        return connector_for(channel).locations()
    except AuthFailed as exc:
        mark_disconnected(channel_id=channel.pk, reason=exc.message)
        raise FieldError("token", f"{exc.message}; the channel is now disconnected") from exc
    except ScopeMissing as exc:
        raise FieldError("scopes", exc.message) from exc
    except ChannelError as exc:
        raise FieldError("connection", exc.message) from exc


def map_location(
    *, channel: Channel, location: int, remote_location_id: str = ""
) -> LocationMapping:
    """Our location `location` (id) feeds the store's location `remote_location_id`
    (checked against the store's list). A kind with one stock figure per item
    (`Capabilities.single_location`) may leave `remote_location_id` empty: it is the one."""
    from stockbridge.inventory.models import Location

    single = registry.kind(channel.kind).capabilities.single_location
    remote_id = check_text(
        "remote_location_id", remote_location_id or "", required=not single
    ).strip()
    ours = Location.objects.filter(pk=location).first() if isinstance(location, int) else None
    if ours is None:
        raise NotFound("location", f"no location {location!r}")
    remote = {r.remote_id: r for r in remote_locations(channel=channel)}
    if not remote_id and len(remote) == 1:
        remote_id = next(iter(remote))
    if not remote_id:
        raise FieldError("remote_location_id", "name the store location this location feeds")
    if remote_id not in remote:
        known = ", ".join(f"{r.remote_id} ({r.name})" for r in remote.values()) or "none"
        raise FieldError(
            "remote_location_id", f"the store has no location {remote_id} (known: {known})"
        )
    with transaction.atomic():
        mapping, _ = LocationMapping.objects.update_or_create(
            channel=channel,
            location=ours,
            defaults={"remote_location_id": remote_id, "remote_name": remote[remote_id].name[:255]},
        )
    return mapping


def unmap_location(*, channel: Channel, location: int) -> None:
    with transaction.atomic():
        deleted, _ = LocationMapping.objects.filter(channel=channel, location_id=location).delete()
    if not deleted:
        raise NotFound("location", f"location {location} is not mapped on {channel.name}")


# -- operations ----------------------------------------------------------------------------
