"""Adding a channel: its kind, name, store domain and where its requests go."""

from __future__ import annotations

import ipaddress
import re
from datetime import time
from urllib.parse import urlsplit

from django.conf import settings as django_settings
from django.db import transaction

from stockbridge.platform import clock
from stockbridge.platform.bounds import check_text
from stockbridge.platform.errors import Conflict, FieldError

from .. import registry
from ..models import Channel, ChannelStatus, OperationSettings, ScheduleKind
from ..port import Kind, Operation

URL_LIMIT = 300


# Operations a new channel starts with: the ones the engine runs today. Reconcile is the
# daily safety net (Shopify's levels diffed against what the hub wants listed).
DEFAULT_OPERATIONS: tuple[tuple[Operation, str, time | None], ...] = (
    (Operation.IMPORT_LISTINGS, ScheduleKind.OFF, None),
    (Operation.SYNC_LISTINGS, ScheduleKind.OFF, None),
    (Operation.RECONCILE, ScheduleKind.DAILY, time(3, 0)),
    # what the hub is master of, for kinds that take it: pushed every hour
    (Operation.PUSH_PRODUCTS, ScheduleKind.HOURLY, None),
    (Operation.PUSH_ACCOUNTS, ScheduleKind.HOURLY, None),
    (Operation.PUSH_STOCK_BY_DATE, ScheduleKind.HOURLY, None),
    (Operation.RECONCILE_STOCK_BY_DATE, ScheduleKind.DAILY, time(3, 0)),
    (Operation.TAKE_ORDERS, ScheduleKind.EVERY, None),
)
# how often an operation scheduled "every N minutes" by default runs
EVERY_MINUTES: dict[Operation, int] = {Operation.TAKE_ORDERS: 5}


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
                every_minutes=EVERY_MINUTES.get(operation),
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
