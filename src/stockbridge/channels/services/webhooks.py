"""Subscribing a channel to the events it should send this hub (webhooks).

A channel delivers to `<hub public URL>/webhooks/<channel id>` (the web app's endpoint). On
connect the channel is subscribed to `app/uninstalled` when `STOCKBRIDGE_PUBLIC_URL` says
where the hub is reachable; otherwise the connect goes on, logging that nothing was
subscribed, and `subscribe_webhooks` (CLI `stockbridge channel webhooks NAME --url URL`)
does it later. `webhooks_state` says which it is, in words ("test connection", the CLI).
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from urllib.parse import urlsplit

from django.conf import settings

from stockbridge.platform.bounds import check_text
from stockbridge.platform.errors import FieldError

from .. import registry
from ..access import webhooks_for
from ..models import Channel, ChannelStatus
from ..port import InboundKind, SubscriptionResult

log = logging.getLogger(__name__)

URL_LIMIT = 300
ON_CONNECT = (InboundKind.APP_UNINSTALLED,)
# what a channel sends when its orders come here by webhook (the back office's "Receive
# orders by webhook", `stockbridge channel webhooks --orders`, the demo)
ORDER_EVENTS = (InboundKind.ORDER, InboundKind.REFUND, InboundKind.CUSTOMER)


def webhook_url(*, channel: Channel, base_url: str) -> str:
    """Where `channel` delivers its events on a hub reachable at `base_url`."""
    return f"{base_url.rstrip('/')}/webhooks/{channel.pk}"


def subscribe_webhooks(
    *, channel: Channel, base_url: str, kinds: Sequence[InboundKind] = ON_CONNECT
) -> list[SubscriptionResult]:
    """Have the connected `channel` send the events of `kinds` to this hub at `base_url`
    (absolute http(s), no query or fragment); one result per channel topic."""
    url = check_text("url", base_url, limit=URL_LIMIT, required=True).strip()
    try:
        parts = urlsplit(url)
        host = parts.hostname
    except ValueError as exc:
        raise FieldError("url", "is not a URL") from exc
    if parts.scheme not in ("http", "https") or not host or parts.query or parts.fragment:
        raise FieldError("url", "must be an absolute http(s) URL without query or fragment")
    if channel.status != ChannelStatus.CONNECTED:
        raise FieldError("channel", f"{channel.name} is not connected")
    codec = webhooks_for(channel)
    if codec is None:
        raise FieldError("channel", f"{channel.kind} channels send no webhooks")
    return codec.subscribe(list(kinds), webhook_url(channel=channel, base_url=url))


def public_url() -> str:
    """Where channels reach this hub (STOCKBRIDGE_PUBLIC_URL), "" when not set."""
    return str(getattr(settings, "STOCKBRIDGE_PUBLIC_URL", "") or "").strip()


def not_subscribed_reason(channel: Channel) -> str:
    """Why the channel's webhooks are not subscribed, and how to have them."""
    return (
        "webhooks are not subscribed: STOCKBRIDGE_PUBLIC_URL is not set, so the store has "
        "no address to send its events to (an uninstall is only noticed at the next call). "
        "Set STOCKBRIDGE_PUBLIC_URL to where the store reaches this hub (e.g. "
        "https://hub.example.com) and connect again, or run `stockbridge channel webhooks "
        f"{channel.name} --url https://hub.example.com`"
    )


def webhooks_state(channel: Channel) -> str:
    """In words: where the channel delivers its events, or why it does not."""
    if registry.kind(channel.kind).webhooks is None:
        return f"{channel.kind} channels send no webhooks"
    public = public_url()
    if not public:
        return not_subscribed_reason(channel)
    return (
        f"delivered to {webhook_url(channel=channel, base_url=public)} (subscribed when the "
        "channel was connected)"
    )


def subscribe_on_connect(channel: Channel) -> list[SubscriptionResult]:
    """After a connect: subscribe to `ON_CONNECT` at STOCKBRIDGE_PUBLIC_URL, or log why not.
    Never fails the connect (a refusal is logged and the CLI can subscribe later)."""
    public = public_url()
    if not public:
        log.warning("channel %s: %s", channel.name, not_subscribed_reason(channel))
        return []
    try:
        results = subscribe_webhooks(channel=channel, base_url=public)
    except FieldError as exc:
        log.warning("channel %s: webhooks not subscribed: %s: %s", channel.name, exc.field, exc)
        return []
    for result in results:
        if not result.ok:
            log.warning(
                "channel %s: %s not subscribed: %s", channel.name, result.topic, result.message
            )
    return results
