"""Forged webhook deliveries: each driver writes the deliveries in its kind's own format (one
signed with a wrong secret, one without its proof); this posts them to the channel's
endpoint on the hub, the way the store would, and answers the statuses."""

from __future__ import annotations

from collections.abc import Sequence

from django.test import Client

from stockbridge.channels.models import Channel


def answers(channel: Channel, body: bytes, deliveries: Sequence[dict[str, str]]) -> list[int]:
    """POST `body` with each set of headers to the channel's webhook endpoint."""
    client = Client()
    return [
        client.post(
            f"/webhooks/{channel.pk}", data=body, content_type="application/json", headers=headers
        ).status_code
        for headers in deliveries
    ]
