"""Connecting a channel (access token or OAuth install), testing it, disconnecting it."""

from __future__ import annotations

import secrets
from collections.abc import Mapping
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from django.db import transaction

from stockbridge.platform import clock
from stockbridge.platform.bounds import check_text
from stockbridge.platform.errors import FieldError

from .. import registry
from ..access import connector_for, endpoint_of, seal
from ..errors import AuthFailed, ChannelError
from ..models import Channel, ChannelStatus, OperationSettings
from ..port import Credentials, Operation, ShopInfo
from .webhooks import subscribe_on_connect, webhooks_state

TOKEN_LIMIT = 255
URL_LIMIT = 300


@dataclass(frozen=True, slots=True)
class ConnectionReport:
    """What "test connection" found: who the store is and which scopes the enabled
    operations need that the store did not grant."""

    channel: str
    shop_name: str
    domain: str
    plan: str
    currency: str
    scopes: tuple[str, ...]
    missing_scopes: tuple[str, ...]
    missing_by_operation: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    # where the store delivers its events (webhooks), or why it does not and how to fix it
    webhooks: str = ""

    @property
    def ok(self) -> bool:
        return not self.missing_scopes


def connect_with_token(*, channel: Channel, token: str, webhook_secret: str = "") -> Channel:
    """Connect with an access token (a custom app's Admin API token and the store domain).
    The token is tested at once; the channel records the shop and the scopes it granted and
    keeps the token encrypted. `webhook_secret` is what the store signs webhooks with when it
    is not this hub's app secret (a custom app's API secret key), kept encrypted too."""
    token = check_text("token", token, limit=TOKEN_LIMIT, required=True).strip()
    if any(c.isspace() for c in token):
        raise FieldError("token", "must not contain spaces")
    secret = check_text("webhook_secret", webhook_secret, limit=TOKEN_LIMIT).strip()
    if any(c.isspace() for c in secret):
        raise FieldError("webhook_secret", "must not contain spaces")
    credentials = Credentials(access_token=token, webhook_secret=secret or None)
    info = _shop_info(channel, credentials, field="token")
    connected = _connected(channel.pk, credentials, info)
    subscribe_on_connect(connected)
    return connected


def begin_install(*, channel: Channel, redirect_uri: str) -> str:
    """The URL where the merchant approves the app's install on the store; a new state
    nonce is stored to check the callback against."""
    kind = registry.kind(channel.kind)
    if kind.installer is None:
        raise FieldError("kind", f"{kind.label} has no OAuth install: connect with a token")
    uri = check_text("redirect_uri", redirect_uri, limit=URL_LIMIT, required=True).strip()
    try:
        parts = urlsplit(uri)
        host = parts.hostname
    except ValueError as exc:
        raise FieldError("redirect_uri", "is not a URL") from exc
    if parts.scheme not in ("http", "https") or not host or parts.fragment:
        raise FieldError("redirect_uri", "must be an absolute http(s) URL without a fragment")
    endpoint = endpoint_of(channel)
    installer = kind.installer(registry.transport_for(endpoint))
    scopes = sorted(set().union(*kind.capabilities.scopes_by_operation.values()))
    state = secrets.token_urlsafe(32)
    url = installer.install_url(endpoint=endpoint, state=state, redirect_uri=uri, scopes=scopes)
    with transaction.atomic():
        Channel.objects.filter(pk=channel.pk).update(install_state=state)
    channel.install_state = state
    return url


def complete_install(*, channel: Channel, params: Mapping[str, str]) -> Channel:
    """Finish an OAuth install from the callback's query parameters: verified (signature,
    shop, state), the code exchanged for an expiring offline token, the token tested."""
    kind = registry.kind(channel.kind)
    if kind.installer is None:
        raise FieldError("kind", f"{kind.label} has no OAuth install: connect with a token")
    current = Channel.objects.filter(pk=channel.pk).values_list("install_state", flat=True)
    state = current.first() or ""
    if not state:
        raise FieldError("state", "no install was started for this channel (or it finished)")
    endpoint = endpoint_of(channel)
    installer = kind.installer(registry.transport_for(endpoint))
    try:
        credentials = installer.complete_install(
            endpoint=endpoint, params={k: str(v) for k, v in params.items()}, state=state
        )
    except ChannelError as exc:
        raise FieldError(_field_of(exc, "code"), exc.message) from exc
    info = _shop_info(channel, credentials, field="code")
    connected = _connected(channel.pk, credentials, info)
    subscribe_on_connect(connected)
    return connected


def _shop_info(channel: Channel, credentials: Credentials, *, field: str) -> ShopInfo:
    try:
        info = connector_for(channel, credentials=credentials).test()
    except AuthFailed as exc:
        raise FieldError(field, exc.message) from exc
    except ChannelError as exc:
        raise FieldError(_field_of(exc, "connection"), exc.message) from exc
    if info.domain.lower() != channel.domain.lower():
        raise FieldError(field, f"the credentials belong to {info.domain}, not {channel.domain}")
    return info


def _field_of(exc: ChannelError, default: str) -> str:
    return getattr(exc, "field", "") or default


def _connected(channel_id: int, credentials: Credentials, info: ShopInfo) -> Channel:
    scopes = credentials.scopes or info.scopes
    stored = Credentials(
        access_token=credentials.access_token,
        scopes=frozenset(info.scopes or scopes),
        expires_at=credentials.expires_at,
        refresh_token=credentials.refresh_token,
        refresh_expires_at=credentials.refresh_expires_at,
        webhook_secret=credentials.webhook_secret,
    )
    now = clock.now()
    with transaction.atomic():
        channel = Channel.objects.select_for_update().get(pk=channel_id)
        channel.credentials = seal(stored)
        channel.status = ChannelStatus.CONNECTED
        channel.status_reason = ""
        channel.install_state = ""
        channel.token_expires_at = stored.expires_at
        _record_shop(channel, info)
        channel.connected_at = now
        channel.save()
    return channel


def _record_shop(channel: Channel, info: ShopInfo) -> None:
    channel.shop_name = info.name[:255]
    channel.plan = info.plan[:60]
    channel.currency = info.currency[:3]
    channel.scopes = sorted(info.scopes)


# -- testing, disconnecting ----------------------------------------------------------------


def test_connection(*, channel: Channel) -> ConnectionReport:
    """Ask the store who it is and what it granted; record it; report the scopes the enabled
    operations lack. Refused credentials disconnect the channel (FieldError "token")."""
    if not channel.credentials:
        raise FieldError("channel", f"{channel.name} is not connected yet")
    try:
        info = connector_for(channel).test()
    except AuthFailed as exc:
        mark_disconnected(channel_id=channel.pk, reason=exc.message)
        raise FieldError("token", f"{exc.message}; the channel is now disconnected") from exc
    except ChannelError as exc:
        raise FieldError("connection", exc.message) from exc
    with transaction.atomic():
        locked = Channel.objects.select_for_update().get(pk=channel.pk)
        _record_shop(locked, info)
        locked.save(update_fields=["shop_name", "plan", "currency", "scopes"])
    missing = missing_scopes(channel=channel, granted=info.scopes)
    return ConnectionReport(
        channel=channel.name,
        shop_name=info.name,
        domain=info.domain,
        plan=info.plan,
        currency=info.currency,
        scopes=tuple(sorted(info.scopes)),
        missing_scopes=tuple(sorted(set().union(*missing.values()))) if missing else (),
        missing_by_operation=missing,
        webhooks=webhooks_state(channel),
    )


def missing_scopes(*, channel: Channel, granted: frozenset[str]) -> dict[str, tuple[str, ...]]:
    """Per enabled operation, the scopes it needs that `granted` lacks (a write scope
    grants its read scope, as Shopify's do)."""
    needs = registry.kind(channel.kind).capabilities.scopes_by_operation
    implied = {"read_" + s.removeprefix("write_") for s in granted if s.startswith("write_")}
    held = set(granted) | implied
    enabled = OperationSettings.objects.filter(channel=channel, enabled=True).values_list(
        "operation", flat=True
    )
    out: dict[str, tuple[str, ...]] = {}
    for operation in sorted(enabled):
        lacking = sorted(needs.get(Operation(operation), frozenset()) - held)
        if lacking:
            out[operation] = tuple(lacking)
    return out


def disconnect(*, channel: Channel, reason: str) -> Channel:
    """Disconnect on request: the credentials are forgotten, scheduled operations stop and
    pending pushes wait until the channel is connected again."""
    reason = check_text("reason", reason, limit=500, required=True).strip()
    with transaction.atomic():
        locked = Channel.objects.select_for_update().get(pk=channel.pk)
        locked.status = ChannelStatus.DISCONNECTED
        locked.status_reason = reason
        locked.credentials = ""
        locked.token_expires_at = None
        locked.install_state = ""
        locked.save(
            update_fields=[
                "status",
                "status_reason",
                "credentials",
                "token_expires_at",
                "install_state",
            ]
        )
    return locked


def mark_disconnected(*, channel_id: int, reason: str) -> None:
    """The channel refused our credentials (revoked token, 401, app uninstalled): it is
    disconnected, saying why, until someone connects it again. Safe to call twice."""
    text = (reason or "the store refused the credentials").replace("\x00", "")[:500]
    with transaction.atomic():
        Channel.objects.filter(pk=channel_id).update(
            status=ChannelStatus.DISCONNECTED, status_reason=text
        )


# -- tokens --------------------------------------------------------------------------------
