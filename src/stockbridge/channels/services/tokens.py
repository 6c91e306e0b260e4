"""Expiring tokens (OAuth installs) refreshed before they lapse."""

from __future__ import annotations

from datetime import timedelta

from django.db import transaction

from stockbridge.platform import clock
from stockbridge.platform.errors import FieldError

from .. import registry
from ..access import credentials_of, endpoint_of, seal
from ..errors import AuthFailed, ChannelError
from ..models import Channel, ChannelStatus
from ..port import Credentials
from .connecting import mark_disconnected

REFRESH_AHEAD = timedelta(minutes=10)


def refresh_token(*, channel: Channel) -> Channel:
    """New credentials for an expiring token (OAuth installs). A refused refresh
    disconnects the channel."""
    kind = registry.kind(channel.kind)
    credentials = credentials_of(channel)
    if kind.installer is None or not credentials.refresh_token:
        raise FieldError("token", "this channel's token does not expire and cannot be refreshed")
    endpoint = endpoint_of(channel)
    try:
        fresh = kind.installer(registry.transport_for(endpoint)).refresh(
            endpoint=endpoint, credentials=credentials
        )
    except AuthFailed as exc:
        mark_disconnected(channel_id=channel.pk, reason=exc.message)
        raise FieldError("token", f"{exc.message}; the channel is now disconnected") from exc
    except ChannelError as exc:
        raise FieldError("token", exc.message) from exc
    kept = Credentials(
        access_token=fresh.access_token,
        scopes=fresh.scopes or credentials.scopes,
        expires_at=fresh.expires_at,
        refresh_token=fresh.refresh_token or credentials.refresh_token,
        refresh_expires_at=fresh.refresh_expires_at or credentials.refresh_expires_at,
        webhook_secret=credentials.webhook_secret,
    )
    with transaction.atomic():
        locked = Channel.objects.select_for_update().get(pk=channel.pk)
        locked.credentials = seal(kept)
        locked.token_expires_at = kept.expires_at
        locked.save(update_fields=["credentials", "token_expires_at"])
    return locked


def refresh_expiring_tokens(*, ahead: timedelta = REFRESH_AHEAD) -> dict[str, int]:
    """Refresh every connected channel's token that lapses within `ahead` (the periodic
    job). A channel whose refresh fails for a while is retried on the next tick; a refused
    refresh disconnects it."""
    due = Channel.objects.filter(
        status=ChannelStatus.CONNECTED, token_expires_at__lte=clock.now() + ahead
    ).order_by("pk")
    result = {"refreshed": 0, "failed": 0}
    for channel in due:
        try:
            refresh_token(channel=channel)
        except FieldError:
            result["failed"] += 1
        else:
            result["refreshed"] += 1
    return result


# -- locations -----------------------------------------------------------------------------
