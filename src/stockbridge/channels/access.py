"""A channel's credentials (encrypted at rest) and the connector built from them."""

from __future__ import annotations

import json
from datetime import datetime

from django.conf import settings

from stockbridge.platform.crypto import SecretBox

from . import registry
from .models import Channel
from .port import Connector, ConnectorContext, Credentials, Endpoint, Throttle, WebhookCodec


def _box() -> SecretBox:
    return SecretBox(settings.STOCKBRIDGE_ENCRYPTION_KEY)


def seal(credentials: Credentials) -> str:
    """The credentials as stored: encrypted JSON."""
    data = {
        "access_token": credentials.access_token,
        "scopes": sorted(credentials.scopes),
        "expires_at": _iso(credentials.expires_at),
        "refresh_token": credentials.refresh_token,
        "refresh_expires_at": _iso(credentials.refresh_expires_at),
        "webhook_secret": credentials.webhook_secret,
    }
    return _box().encrypt(json.dumps(data))


def credentials_of(channel: Channel) -> Credentials:
    if not channel.credentials:
        return Credentials(access_token="")
    data = json.loads(_box().decrypt(channel.credentials))
    return Credentials(
        access_token=data["access_token"],
        scopes=frozenset(data.get("scopes") or ()),
        expires_at=_parse(data.get("expires_at")),
        refresh_token=data.get("refresh_token"),
        refresh_expires_at=_parse(data.get("refresh_expires_at")),
        webhook_secret=data.get("webhook_secret"),
    )


def endpoint_of(channel: Channel) -> Endpoint:
    return Endpoint(domain=channel.domain, base_url=channel.base_url)


def connector_for(
    channel: Channel, *, throttle: Throttle | None = None, credentials: Credentials | None = None
) -> Connector:
    """The connector of `channel`'s kind, authenticated with its stored credentials (or with
    `credentials` being tried before they are stored), its calls paced by the store's shared
    budget (`throttle`, by default the one every worker of this store uses)."""
    endpoint = endpoint_of(channel)
    context = ConnectorContext(
        endpoint=endpoint,
        credentials=credentials if credentials is not None else credentials_of(channel),
        throttle=throttle or registry.throttle_for(channel.pk),
        transport=registry.transport_for(endpoint),
    )
    return registry.kind(channel.kind).connect(context)


def webhooks_for(channel: Channel, *, throttle: Throttle | None = None) -> WebhookCodec | None:
    """The webhook codec of `channel`'s kind (verify, parse, subscribe) with its stored
    credentials; None when the kind sends no webhooks."""
    build = registry.kind(channel.kind).webhooks
    if build is None:
        return None
    endpoint = endpoint_of(channel)
    return build(
        ConnectorContext(
            endpoint=endpoint,
            credentials=credentials_of(channel),
            throttle=throttle or registry.throttle_for(channel.pk),
            transport=registry.transport_for(endpoint),
        )
    )


def _iso(value: datetime | None) -> str | None:
    return value.isoformat() if value is not None else None


def _parse(value: str | None) -> datetime | None:
    return datetime.fromisoformat(value) if value else None
