"""A channel's environment: for kinds living on fixed hosts (`Kind.environments`, say the
portal's production and sandbox hosts), which one the channel talks to. Switching forgets the
credentials (each host issues its own) and leaves the channel pending until connected again."""

from __future__ import annotations

from urllib.parse import urlsplit

from django.db import transaction

from stockbridge.platform.errors import Conflict, FieldError

from .. import registry
from ..models import Channel, ChannelStatus
from .adding import _sandbox_host


def environment_of(channel: Channel) -> str:
    """The environment whose host the channel lives on ("" when none of them)."""
    hosts = registry.kind(channel.kind).environments
    return next((name for name, host in hosts.items() if host == channel.domain), "")


def set_environment(*, channel: Channel, environment: str) -> Channel:
    kind = registry.kind(channel.kind)
    if not kind.environments:
        raise FieldError("environment", f"{kind.label} channels have no environments")
    host = kind.environments.get(str(environment).strip().lower())
    if host is None:
        known = ", ".join(sorted(kind.environments))
        raise FieldError("environment", f"unknown environment {environment!r} (known: {known})")
    with transaction.atomic():
        locked = Channel.objects.select_for_update().get(pk=channel.pk)
        if locked.domain == host:
            return locked
        other = Channel.objects.filter(kind=kind.name, domain=host).exclude(pk=locked.pk)
        if other.exists():
            raise Conflict("environment", f"{host} is already the channel {other[0].name!r}")
        default = kind.base_url(locked.domain) if kind.base_url else f"https://{locked.domain}"
        local = locked.base_url != default and _sandbox_host(_host(locked.base_url))
        locked.domain = host
        if not local:  # a local sandbox keeps standing in for whichever host
            locked.base_url = kind.base_url(host) if kind.base_url else f"https://{host}"
        locked.credentials = ""
        locked.install_state = ""
        locked.status = ChannelStatus.PENDING
        locked.status_reason = f"switched to {environment}: connect again"
        locked.save()
    return locked


def _host(url: str) -> str:
    return urlsplit(url).hostname or ""
