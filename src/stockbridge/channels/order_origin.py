"""How an order (customer, refund, fulfilment) imported from a channel names its origin in
the domains' `channel` column: the channel's kind and id ("shopify:3"), stable when the
channel is renamed. Orders created in the hub have none."""

from __future__ import annotations

from .models import Channel


def origin(channel: Channel) -> str:
    return f"{channel.kind}:{channel.pk}"


def names() -> dict[str, str]:
    """Each channel's origin -> its name, for screens that show where an order came from
    (one query, whatever the number of orders)."""
    return {origin(channel): channel.name for channel in Channel.objects.order_by("pk")}
