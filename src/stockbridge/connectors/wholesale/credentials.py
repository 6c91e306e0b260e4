"""A portal channel's credentials as one token string: `consumer_key:consumer_secret:token:
token_secret[:style]` (the consumer pair the portal issued, the permanent token pair of the
handshake, and the signature style: `portal` by default, or `rfc5849`)."""

from __future__ import annotations

from stockbridge.channels.errors import AuthFailed
from stockbridge.channels.port_oauth1 import ConsumerKeys

from .signing import STYLES, Keys

DEFAULT_STYLE = "portal"


def pack(keys: Keys, style: str = DEFAULT_STYLE) -> str:
    return ":".join((keys.consumer_key, keys.consumer_secret, keys.token, keys.token_secret, style))


def parse(token: str) -> tuple[Keys, str]:
    """The keys and the style of a stored token; AuthFailed when it is not one (the channel
    then needs connecting again)."""
    parts = token.split(":")
    if len(parts) == 4:
        parts.append(DEFAULT_STYLE)
    if len(parts) != 5 or not all(parts[:4]):
        raise AuthFailed(
            "the portal credentials must be consumer_key:consumer_secret:token:token_secret"
        )
    if parts[4] not in STYLES:
        raise AuthFailed(f"unknown signature style {parts[4]!r} (known: {', '.join(STYLES)})")
    return Keys(*parts[:4]), parts[4]


def style_of(consumer: ConsumerKeys) -> str:
    style = consumer.style or DEFAULT_STYLE
    if style not in STYLES:
        raise AuthFailed(f"unknown signature style {style!r} (known: {', '.join(STYLES)})")
    return style
