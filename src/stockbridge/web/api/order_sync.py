"""Sync orders endpoints: what the hub has to send, or has sent, to the channel its orders came
from (the order pushes: fulfilments with tracking, refunds, cancellations, closes), and the
channel's PII retention run on demand. Settings and "Run now" are the operation's own
(`/channels/{id}/operations/sync_orders`, `.../run`)."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any

from django.http import HttpRequest
from ninja import Field, Router, Schema

from stockbridge.channels import queries as channels
from stockbridge.sync.models import OrderPush, OrderPushKind, OrderPushState
from stockbridge.sync.order_pushes import retention

from .inputs import Id, choices
from .pagination import Cursor, Limit, Page, paginate

router = Router(tags=["sync orders"])


class OrderPushOut(Schema):
    id: int
    channel_id: int
    order_id: int
    kind: Annotated[str, choices(OrderPushKind)]
    source_id: int = Field(description="the hub fulfilment, refund or order it sends")
    state: Annotated[str, choices(OrderPushState)]
    version: int = Field(description="goes up when there is more to send (tracking changed)")
    sent_version: int
    remote_ids: list[str] = Field(description="what the channel calls what was made there")
    attempts: int
    not_before: datetime | None = Field(description="the next try, after a failure")
    error_kind: str
    last_error: str
    created_at: datetime
    sent_at: datetime | None


class OrderPushPage(Page):
    items: list[OrderPushOut]


class PurgeOut(Schema):
    channel: str
    retention: str
    orders: int = Field(description="orders whose personal data was purged now")
    customers: int = Field(0, description="customers known only from this channel, purged now")


@router.get("/channels/{channel_id}/order-pushes", response=OrderPushPage)
def list_order_pushes(
    request: HttpRequest,
    channel_id: Id,
    state: Annotated[str, choices(OrderPushState)] | None = None,
    order_id: Id | None = None,
    cursor: Cursor | None = None,
    limit: Limit = 100,
) -> dict[str, Any]:
    """The channel's order pushes in id order (`state`: pending, sent or failed)."""
    channel = channels.channel(channel_id)
    qs = OrderPush.objects.filter(channel=channel)
    if state is not None:
        qs = qs.filter(state=state)
    if order_id is not None:
        qs = qs.filter(order_id=order_id)
    return paginate(qs, cursor=cursor, limit=limit)


@router.post("/channels/{channel_id}/purge-personal-data", response=PurgeOut)
def purge_personal_data(request: HttpRequest, channel_id: Id) -> dict[str, Any]:
    """Run the channel's PII retention now (as the daily job does): with `pii_retention`
    "purge", the names, addresses, e-mail and phone of its orders finished more than
    `pii_purge_days` ago (and of customers known only from it) are replaced; order and stock
    facts stay. Idempotent: a second call purges nothing more."""
    channel = channels.channel(channel_id)
    user = getattr(request, "user", None)
    return retention.purge_channel(channel, actor=str(getattr(user, "username", "") or "api"))
