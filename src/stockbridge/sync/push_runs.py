"""What the runs of the operations pushing to a channel (and taking its orders) share: the
channel, the operation's row (enabled, typed settings), opening the run, the refusals before
any work (disabled, not connected), and how a channel error stops the run (`AuthFailed`
disconnects the channel first)."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from stockbridge.channels.errors import AuthFailed, ChannelError
from stockbridge.channels.models import Channel, ChannelStatus, OperationSettings
from stockbridge.channels.services import mark_disconnected
from stockbridge.platform.errors import FieldError

from .models import Run
from .operations import OperationRequest
from .runs import close_run, open_run


def channel_of(request: OperationRequest) -> Channel:
    channel = Channel.objects.filter(pk=request.channel_id).first()
    if channel is None:
        raise FieldError("channel", f"no channel with id {request.channel_id}", code="not_found")
    return channel


def settings_of[Settings](
    channel_id: int, operation: str, read: Callable[[Mapping[str, Any] | None], Settings]
) -> tuple[bool, Settings]:
    """Whether the operation is enabled (yes without a row) and its typed settings."""
    row = OperationSettings.objects.filter(channel_id=channel_id, operation=operation).first()
    return (True, read(None)) if row is None else (row.enabled, read(row.settings))


def opened(request: OperationRequest, operation: str, total: int | None = None) -> Run:
    return open_run(
        channel_id=request.channel_id,
        operation=operation,
        trigger=request.trigger,
        dry_run=request.dry_run,
        retry_of=request.retry_of,
        total=total,
    )


def refused(run: Run, channel: Channel, *, enabled: bool, work: bool = True) -> Run | None:
    """The run closed before any work (the operation is off; the channel is not connected
    while there is work), else None."""
    if not enabled:
        return close_run(run, message=f"{run.operation.replace('_', ' ')} is disabled")
    if work and channel.status != ChannelStatus.CONNECTED:
        return close_run(
            run, message=f"the channel is not connected ({channel.status})", failed=True
        )
    return None


def stopped(run: Run, channel: Channel, exc: ChannelError) -> Run:
    """The run failed on a channel error; refused credentials disconnect the channel."""
    if isinstance(exc, AuthFailed):
        mark_disconnected(channel_id=channel.pk, reason=exc.message)
    return close_run(run, message=exc.message, failed=True)
