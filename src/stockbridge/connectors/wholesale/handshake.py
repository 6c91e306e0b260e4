"""The OAuth 1.0 out-of-band handshake (API.md §2): `GET /api/initiate` signed with the consumer
pair and an empty token (`oauth_callback=oob`, `application_name` in the header) answers a
temporary pair; the brand admin approves the application in the portal (Admin > API
management) and reads a verification code; `GET /api/token` signed with the temporary pair
and `oauth_verifier` answers the permanent pair."""

from __future__ import annotations

from typing import Any

import httpx

from stockbridge.channels.errors import Unavailable
from stockbridge.channels.port import Credentials, Endpoint
from stockbridge.channels.port_oauth1 import ConsumerKeys, TemporaryGrant

from .client import PortalClient
from .credentials import pack, style_of
from .errors import excerpt
from .signing import Keys

APPROVE_PAGE = "/admin/api-management"


class PortalHandshake:
    def __init__(self, transport: httpx.BaseTransport | None) -> None:
        self.transport = transport

    def _client(self, endpoint: Endpoint, consumer: ConsumerKeys) -> PortalClient:
        return PortalClient(
            endpoint=endpoint,
            keys=Keys(consumer.key, consumer.secret),
            style=style_of(consumer),
            transport=self.transport,
        )

    def initiate(
        self, *, endpoint: Endpoint, consumer: ConsumerKeys, application_name: str
    ) -> TemporaryGrant:
        client = self._client(endpoint, consumer)
        try:
            answer = client.call(
                "GET",
                "/api/initiate",
                extra=(("oauth_callback", "oob"), ("application_name", application_name)),
            )
        finally:
            client.close()
        return TemporaryGrant(
            token=_text(answer, "oauth_token"),
            secret=_text(answer, "oauth_token_secret"),
            approve_at=client.root + APPROVE_PAGE,
        )

    def complete(
        self, *, endpoint: Endpoint, consumer: ConsumerKeys, grant: TemporaryGrant, verifier: str
    ) -> Credentials:
        client = self._client(endpoint, consumer)
        temporary = Keys(consumer.key, consumer.secret, grant.token, grant.secret)
        try:
            answer = client.call(
                "GET", "/api/token", keys=temporary, extra=(("oauth_verifier", verifier),)
            )
        finally:
            client.close()
        permanent = Keys(
            consumer.key,
            consumer.secret,
            _text(answer, "oauth_token"),
            _text(answer, "oauth_token_secret"),
        )
        return Credentials(access_token=pack(permanent, client.style))


def _text(answer: Any, key: str) -> str:
    value = answer.get(key) if isinstance(answer, dict) else None
    if not isinstance(value, str) or not value:
        raise Unavailable(f"the portal's answer lacks {key}", excerpt=excerpt(answer))
    return value
