"""Resync: the hub's products not on a channel yet (a pick list, filtered and paged) and
adding the picked ones to the channel as drafts (one "Publish listings" run, answered when it
ends). A kind that cannot publish is refused, saying so (400, field `channel`)."""

from __future__ import annotations

from typing import Annotated, Any

from django.http import HttpRequest
from ninja import Field, Router, Schema, Status

from stockbridge.catalog.models import Product
from stockbridge.channels import queries as channels
from stockbridge.sync.resync.adding import MAX_PICKS, add_as_drafts, cannot_publish
from stockbridge.sync.resync.candidates import Filters, unlisted

from .inputs import Id, NonBlank, StrictIn, Text
from .pagination import Cursor, Limit, Page, paginate
from .runs import RunOut

router = Router(tags=["channels"])


class UnlistedOut(Schema):
    id: int
    title: str
    handle: str
    season: str | None
    product_type: str
    skus: list[str]


class UnlistedPage(Page):
    items: list[UnlistedOut]
    can_publish: bool
    reason: str  # why the channel cannot take products ("" when it can)


class ResyncIn(StrictIn):
    product_ids: Annotated[list[Id], Field(max_length=MAX_PICKS)] = []
    skus: Annotated[list[NonBlank], Field(max_length=MAX_PICKS)] = []


class ResyncOut(Schema):
    run: RunOut
    already_listed: list[int]


def _row(product: Product) -> dict[str, Any]:
    return {
        "id": product.pk,
        "title": product.title,
        "handle": product.handle,
        "season": product.season.name if product.season else None,
        "product_type": product.product_type,
        "skus": [v.sku for v in sorted(product.variants.all(), key=lambda v: (v.position, v.pk))],
    }


@router.get("/channels/{channel_id}/resync", response=UnlistedPage)
def list_unlisted(
    request: HttpRequest,
    channel_id: Id,
    season: Text | None = None,
    product_type: Text | None = None,
    search: Text | None = None,
    cursor: Cursor | None = None,
    limit: Limit = 50,
) -> dict[str, Any]:
    """The hub's products with no variant linked on the channel, in id order; `season` (name
    or code; 404 when unknown), `product_type` (exact) and `search` (part of the title,
    handle or a SKU) narrow it. `can_publish`/`reason`: whether the channel's kind can take
    them."""
    channel = channels.channel(channel_id)
    filters = Filters(season=season or "", product_type=product_type or "", search=search or "")
    page = paginate(
        unlisted(channel, filters).prefetch_related("variants"), cursor=cursor, limit=limit
    )
    reason = cannot_publish(channel)
    return {
        "items": [_row(p) for p in page["items"]],
        "next_cursor": page["next_cursor"],
        "can_publish": not reason,
        "reason": reason,
    }


@router.post("/channels/{channel_id}/resync", response={201: ResyncOut})
def resync(request: HttpRequest, channel_id: Id, payload: ResyncIn) -> Status[Any]:
    """Create the picked products (`product_ids` and/or `skus` of any of their variants) on
    the channel as drafts and link them; answers the publish run when it ends and the picked
    products left out because they are on the channel already. Unknown ids or SKUs are named
    (404) and nothing runs."""
    channel = channels.channel(channel_id)
    added = add_as_drafts(channel_id=channel.pk, product_ids=payload.product_ids, skus=payload.skus)
    return Status(201, {"run": added.run, "already_listed": list(added.already_listed)})
