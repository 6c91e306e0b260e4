"""The port's OAuth 1.0 onboarding: a three-legged, out-of-band handshake (no redirect: the
channel shows its user a verification code to paste back). A kind that connects this way
declares `Kind.handshake`, a factory `transport -> OutOfBandHandshake`.

1. `initiate` (signed with the consumer pair and an empty token, `oauth_callback=oob`) answers
   a temporary pair and the page where the channel's admin approves the application;
2. the admin approves it there and reads a verification code;
3. `complete` (signed with the temporary pair and the code) answers the permanent
   `Credentials` every later call is signed with.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol

from .port import Credentials, Endpoint


@dataclass(frozen=True, slots=True)
class ConsumerKeys:
    """The application's consumer pair (issued by the channel) and how to sign with it."""

    key: str
    secret: str
    style: str = ""  # a kind's signature style; empty = the kind's default


@dataclass(frozen=True, slots=True)
class TemporaryGrant:
    """The handshake's first answer: the temporary pair (kept by the engine, sealed, until the
    code comes back) and where the channel's admin approves the application."""

    token: str
    secret: str
    approve_at: str


class OutOfBandHandshake(Protocol):
    def initiate(
        self, *, endpoint: Endpoint, consumer: ConsumerKeys, application_name: str
    ) -> TemporaryGrant:
        """Ask the channel for a temporary pair; `AuthFailed` when it refuses the consumer."""

    def complete(
        self, *, endpoint: Endpoint, consumer: ConsumerKeys, grant: TemporaryGrant, verifier: str
    ) -> Credentials:
        """Exchange the approved temporary pair and its verification code for the permanent
        credentials; `AuthFailed` when the channel refuses the code."""
