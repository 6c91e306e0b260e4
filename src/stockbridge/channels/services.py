"""Channel use cases: add a store, connect it (access token or OAuth install), test it, map
locations, set operations, refresh expiring tokens, disconnect.

Every function takes keyword-only arguments, validates its whole input first, and writes in
one transaction; a refusal is a `FieldError` naming the field. Calls to the channel happen
before the transaction opens (a slow store never holds a database lock). A call the channel
refuses for its credentials (`AuthFailed`) marks the channel disconnected with the reason
(`mark_disconnected`, which any job may call too): a disconnected channel runs no scheduled
operation and its pending pushes wait (drains check `Channel.status`) until it is connected
again.
"""

from __future__ import annotations

import ipaddress
import re
import secrets
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import time, timedelta
from typing import Any
from urllib.parse import urlsplit

from django.conf import settings as django_settings
from django.db import transaction

from stockbridge.platform import clock
from stockbridge.platform.bounds import check_text
from stockbridge.platform.errors import Conflict, FieldError, NotFound

from . import registry
from . import settings as operation_settings
from .access import connector_for, credentials_of, endpoint_of, seal
from .errors import AuthFailed, ChannelError, ScopeMissing
from .models import Channel, ChannelStatus, LocationMapping, OperationSettings, ScheduleKind
from .port import Credentials, Kind, Operation, RemoteLocation, ShopInfo

REFRESH_AHEAD = timedelta(minutes=10)
MAX_EVERY_MINUTES = 7 * 24 * 60
TOKEN_LIMIT = 255
URL_LIMIT = 300

# Operations a new channel starts with: the ones the engine runs today. Reconcile is the
# daily safety net (Shopify's levels diffed against what the hub wants listed).
DEFAULT_OPERATIONS: tuple[tuple[Operation, str, time | None], ...] = (
    (Operation.IMPORT_LISTINGS, ScheduleKind.OFF, None),
    (Operation.SYNC_LISTINGS, ScheduleKind.OFF, None),
    (Operation.RECONCILE, ScheduleKind.DAILY, time(3, 0)),
)


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

    @property
    def ok(self) -> bool:
        return not self.missing_scopes


# -- adding a channel ----------------------------------------------------------------------


def add_channel(*, kind: str, name: str, domain: str, base_url: str | None = None) -> Channel:
    """A new channel, pending until it is connected. `domain` is the store's own domain;
    `base_url` (where requests go) defaults to the store's URL; anything else is allowed only
    for a loopback or `.test` host (a sandbox) when STOCKBRIDGE_ALLOW_SANDBOX_CHANNELS is set,
    so a channel's calls only ever go to its own store."""
    found = registry.kind(str(kind))
    name = check_text("name", name, limit=120, required=True).strip()
    domain = _domain(found, domain)
    url = _base_url(found, domain, base_url)
    with transaction.atomic():
        if Channel.objects.filter(name=name).exists():
            raise Conflict("name", f"a channel named {name!r} already exists")
        other = Channel.objects.filter(kind=found.name, domain=domain).first()
        if other is not None:
            raise Conflict("domain", f"{domain} is already the channel {other.name!r}")
        channel = Channel.objects.create(
            kind=found.name,
            name=name,
            domain=domain,
            base_url=url,
            status=ChannelStatus.PENDING,
            created_at=clock.now(),
        )
        OperationSettings.objects.bulk_create(
            OperationSettings(
                channel=channel,
                operation=operation.value,
                enabled=True,
                schedule=schedule,
                daily_at=at,
            )
            for operation, schedule, at in DEFAULT_OPERATIONS
            if operation in found.capabilities.scopes_by_operation
        )
    return channel


def _domain(kind: Kind, domain: str) -> str:
    text = check_text("domain", domain, limit=255, required=True).strip().lower()
    text = re.sub(r"^https?://", "", text).rstrip("/")
    if not re.fullmatch(kind.domain_pattern, text):
        raise FieldError(
            "domain", f"{text!r} is not a {kind.label} store domain (like {kind.domain_example})"
        )
    return text


def _base_url(kind: Kind, domain: str, base_url: str | None) -> str:
    store = kind.base_url(domain) if kind.base_url is not None else f"https://{domain}"
    if base_url is None or not base_url.strip():
        return store
    url = check_text("base_url", base_url, limit=URL_LIMIT).strip().rstrip("/")
    try:
        parts = urlsplit(url)
        host = parts.hostname
    except ValueError as exc:
        raise FieldError("base_url", "is not a URL") from exc
    if not host or parts.scheme not in ("http", "https"):
        raise FieldError("base_url", "must be an http(s) URL like https://shop.myshopify.com")
    if parts.path or parts.query or parts.fragment or parts.username:
        raise FieldError("base_url", "must be a scheme, host and optional port, nothing more")
    if url == store:
        return url
    if _sandbox_host(host):
        if not getattr(django_settings, "STOCKBRIDGE_ALLOW_SANDBOX_CHANNELS", False):
            raise FieldError(
                "base_url",
                "sandbox base URLs are off: set STOCKBRIDGE_ALLOW_SANDBOX_CHANNELS=1 to use one",
            )
        return url
    raise FieldError(
        "base_url", f"must be the store's own URL ({store}) or a loopback/.test sandbox"
    )


def _sandbox_host(host: str) -> bool:
    host = host.lower()
    if host == "localhost" or host.endswith((".localhost", ".test")) or host == "test":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


# -- connecting ----------------------------------------------------------------------------


def connect_with_token(*, channel: Channel, token: str) -> Channel:
    """Connect with an access token (a custom app's Admin API token and the store domain).
    The token is tested at once; the channel records the shop and the scopes it granted and
    keeps the token encrypted."""
    token = check_text("token", token, limit=TOKEN_LIMIT, required=True).strip()
    if any(c.isspace() for c in token):
        raise FieldError("token", "must not contain spaces")
    credentials = Credentials(access_token=token)
    info = _shop_info(channel, credentials, field="token")
    return _connected(channel.pk, credentials, info)


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
    return _connected(channel.pk, credentials, info)


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


def map_location(*, channel: Channel, location: int, remote_location_id: str) -> LocationMapping:
    """Our location `location` (id) feeds the store's location `remote_location_id`
    (checked against the store's list)."""
    from stockbridge.inventory.models import Location

    remote_id = check_text("remote_location_id", remote_location_id, required=True).strip()
    ours = Location.objects.filter(pk=location).first() if isinstance(location, int) else None
    if ours is None:
        raise NotFound("location", f"no location {location!r}")
    remote = {r.remote_id: r for r in remote_locations(channel=channel)}
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


def set_operation(
    *,
    channel: Channel,
    operation: str,
    enabled: bool | None = None,
    settings: Mapping[str, Any] | None = None,
    schedule: str | None = None,
    every_minutes: int | None = None,
    daily_at: time | str | None = None,
) -> OperationSettings:
    """Change one operation of a channel: enabled, settings (merged over the stored ones and
    validated whole by the operation's typed settings), schedule (off, every N minutes,
    hourly, daily at HH:MM UTC). The next run is computed by the scheduler."""
    capabilities = registry.kind(channel.kind).capabilities
    known = sorted(o.value for o in capabilities.scopes_by_operation)
    if operation not in known:
        raise FieldError("operation", f"{operation!r} is not one of: {', '.join(known)}")
    if enabled is not None and not isinstance(enabled, bool):
        raise FieldError("enabled", "must be true or false")
    row = OperationSettings.objects.filter(channel=channel, operation=operation).first()
    current_settings: dict[str, Any] = dict(row.settings) if row is not None else {}
    merged = {**current_settings, **dict(settings or {})}
    if settings is not None:
        if not isinstance(settings, Mapping):
            raise FieldError("settings", "must be an object of setting: value")
        operation_settings.validate(operation, merged)
    kind_now = row.schedule if row is not None else ScheduleKind.OFF
    new_schedule = kind_now if schedule is None else schedule
    choices = [c.value for c in ScheduleKind]
    if new_schedule not in choices:
        raise FieldError("schedule", f"{new_schedule!r} is not one of: {', '.join(choices)}")
    minutes = every_minutes if every_minutes is not None else (row.every_minutes if row else None)
    at = _time(daily_at) if daily_at is not None else (row.daily_at if row else None)
    if new_schedule == ScheduleKind.EVERY:
        if isinstance(minutes, bool) or not isinstance(minutes, int):
            raise FieldError("every_minutes", "is required for an every-N-minutes schedule")
        if not 1 <= minutes <= MAX_EVERY_MINUTES:
            raise FieldError("every_minutes", f"must be from 1 to {MAX_EVERY_MINUTES}")
    if new_schedule == ScheduleKind.DAILY and at is None:
        raise FieldError("daily_at", "is required for a daily schedule (HH:MM, UTC)")
    schedule_changed = row is None or (
        new_schedule != row.schedule or minutes != row.every_minutes or at != row.daily_at
    )
    with transaction.atomic():
        row, _ = OperationSettings.objects.select_for_update().get_or_create(
            channel=channel, operation=operation
        )
        if enabled is not None:
            row.enabled = enabled
        row.settings = merged
        row.schedule = new_schedule
        row.every_minutes = minutes if new_schedule == ScheduleKind.EVERY else None
        row.daily_at = at if new_schedule == ScheduleKind.DAILY else None
        if schedule_changed:
            row.next_run_at = None  # the scheduler computes it on its next tick
        row.save()
    return row


def _time(value: time | str) -> time:
    if isinstance(value, time):
        return value.replace(second=0, microsecond=0, tzinfo=None)
    text = check_text("daily_at", str(value), limit=8).strip()
    match = re.fullmatch(r"([01]?\d|2[0-3]):([0-5]\d)", text)
    if match is None:
        raise FieldError("daily_at", f"must be a time HH:MM (UTC), got {text!r}")
    return time(int(match.group(1)), int(match.group(2)))
