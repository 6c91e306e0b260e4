"""Connecting a channel by OAuth 1.0 out of band (`channels/port_oauth1.py`): begin (the
consumer pair the channel issued -> a temporary pair, kept sealed on the channel until the
code comes back, and the page where the channel's admin approves the application), then
complete (the verification code the admin read -> the permanent credentials, tested, stored
sealed). Calls to the channel happen outside the transactions."""

from __future__ import annotations

import json

from django.db import transaction

from stockbridge.platform.bounds import check_text
from stockbridge.platform.errors import FieldError

from .. import registry
from ..access import credentials_of, endpoint_of, seal
from ..errors import AuthFailed, ChannelError
from ..models import Channel
from ..port import Credentials
from ..port_oauth1 import ConsumerKeys, OutOfBandHandshake, TemporaryGrant
from .connecting import _connected, _shop_info

PENDING = "oauth1"  # install_state while a handshake waits for its code
KEY_LIMIT = 255


def _handshake(channel: Channel) -> OutOfBandHandshake:
    kind = registry.kind(channel.kind)
    if kind.handshake is None:
        raise FieldError("kind", f"{kind.label} does not connect by OAuth 1.0")
    return kind.handshake(registry.transport_for(endpoint_of(channel)))


def _key(field: str, value: str) -> str:
    text = check_text(field, value, limit=KEY_LIMIT, required=True).strip()
    if any(c.isspace() or c == ":" for c in text):
        raise FieldError(field, "must not contain spaces or colons")
    return text


def begin_oauth1(
    *,
    channel: Channel,
    consumer_key: str,
    consumer_secret: str,
    style: str = "",
    application_name: str = "Stockbridge",
) -> TemporaryGrant:
    """Start the handshake with the consumer pair the channel issued; answers where the
    channel's admin approves the application (the temporary pair is kept, sealed)."""
    consumer = ConsumerKeys(
        key=_key("consumer_key", consumer_key),
        secret=_key("consumer_secret", consumer_secret),
        style=check_text("style", style, limit=20).strip(),
    )
    name = check_text("application_name", application_name, limit=120, required=True).strip()
    handshake = _handshake(channel)
    try:
        grant = handshake.initiate(
            endpoint=endpoint_of(channel), consumer=consumer, application_name=name
        )
    except AuthFailed as exc:
        raise FieldError("consumer_key", exc.message) from exc
    except ChannelError as exc:
        raise FieldError("connection", exc.message) from exc
    pending = {
        "consumer_key": consumer.key,
        "consumer_secret": consumer.secret,
        "style": consumer.style,
        "token": grant.token,
        "secret": grant.secret,
        "approve_at": grant.approve_at,
    }
    with transaction.atomic():
        locked = Channel.objects.select_for_update().get(pk=channel.pk)
        if locked.install_state != PENDING and locked.credentials:
            raise FieldError(
                "channel", f"{channel.name} is connected: disconnect it before connecting again"
            )
        locked.credentials = seal(Credentials(access_token=json.dumps(pending)))
        locked.install_state = PENDING
        locked.save(update_fields=["credentials", "install_state"])
    return grant


def complete_oauth1(*, channel: Channel, verifier: str) -> Channel:
    """Finish the handshake with the verification code the channel's admin read: the
    permanent credentials are tested and stored sealed; the channel is connected."""
    code = _key("verifier", verifier)
    fresh = Channel.objects.get(pk=channel.pk)
    if fresh.install_state != PENDING:
        raise FieldError("verifier", "no OAuth 1.0 handshake was begun for this channel")
    pending = json.loads(credentials_of(fresh).access_token)
    consumer = ConsumerKeys(
        key=pending["consumer_key"], secret=pending["consumer_secret"], style=pending["style"]
    )
    grant = TemporaryGrant(
        token=pending["token"], secret=pending["secret"], approve_at=pending["approve_at"]
    )
    try:
        credentials = _handshake(fresh).complete(
            endpoint=endpoint_of(fresh), consumer=consumer, grant=grant, verifier=code
        )
    except AuthFailed as exc:
        raise FieldError("verifier", exc.message) from exc
    except ChannelError as exc:
        raise FieldError("connection", exc.message) from exc
    info = _shop_info(fresh, credentials, field="verifier")
    return _connected(fresh.pk, credentials, info)
