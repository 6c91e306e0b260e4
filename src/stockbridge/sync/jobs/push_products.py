"""Push products: every hub product carrying the settings' tag (default "wholesale") goes to
the channel as styles (`sync/style_push/`), new ones created and linked ones updated, told
apart by their listings. One run item per style (`style:<external id>`: created, updated,
unchanged or failed, its payload the product id, so a retry re-sends the failed products) and
one warning item per variant priced in another currency than the channel's (skipped, not a
failure).

A style whose content equals what was last pushed (its listings' content fingerprint) is
unchanged and not sent. A dry run (preview) records what a run would do and sends nothing.
Idempotent: a create the channel already holds (sent again after a lost answer) updates it;
the size ids the channel answers are linked as listings in one transaction per style.
AuthFailed disconnects the channel and stops the run; other channel errors fail their style."""

from __future__ import annotations

from typing import cast

from django.conf import settings as django_settings

from stockbridge.channels.access import connector_for
from stockbridge.channels.errors import ChannelError
from stockbridge.channels.models import Channel
from stockbridge.channels.port import ItemResult, Operation, Outcome
from stockbridge.channels.port_styles import StyleTarget
from stockbridge.channels.publish_links import PublishedLink, link_published
from stockbridge.channels.push_settings import PushProductsSettings

from ..models import Run
from ..operations import OperationRequest
from ..push_runs import channel_of, opened, refused, settings_of, stopped
from ..runs import close_run, failed_items, record
from ..style_push import reading
from ..style_push.styles import Style, styles_of

OPERATION = Operation.PUSH_PRODUCTS.value
CHUNK = 50


def run(request: OperationRequest) -> Run:
    channel = channel_of(request)
    enabled, settings = settings_of(channel.pk, OPERATION, PushProductsSettings.from_dict)
    ids = reading.tagged_product_ids(settings.tag)
    if request.retry_of is not None:
        retried = {
            item.payload.get("product_id")
            for item in failed_items(request.retry_of)
            if isinstance(item.payload.get("product_id"), int)
        }
        ids = [i for i in ids if i in retried]
    run_row = opened(request, OPERATION)
    closed = refused(run_row, channel, enabled=enabled, work=bool(ids))
    if closed is not None:
        return closed
    currency = settings.currency or django_settings.STOCKBRIDGE_CURRENCY
    try:
        target = cast(StyleTarget, connector_for(channel))
        for start in range(0, len(ids), CHUNK):
            products = reading.load(channel.pk, ids[start : start + CHUNK])
            for product in products:
                styles, warnings = styles_of(
                    product, currency=currency, attribute_tags=settings.attribute_fields
                )
                record(
                    run_row,
                    [
                        ItemResult(ref=w.ref, outcome=Outcome.SKIPPED, message=w.message)
                        for w in warnings
                    ],
                    payloads={w.ref: {"product_id": product.id} for w in warnings},
                )
                _push(run_row, channel, target, styles, dry_run=request.dry_run)
            if request.progress is not None:
                request.progress(start + len(products), len(ids))
    except ChannelError as exc:
        return stopped(run_row, channel, exc)
    return close_run(run_row, message="preview: nothing was sent" if request.dry_run else "")


def _push(
    run_row: Run, channel: Channel, target: StyleTarget, styles: list[Style], *, dry_run: bool
) -> None:
    due = [s for s in styles if s.fingerprint != s.pushed_fingerprint]
    unchanged = [
        ItemResult(ref=s.draft.ref, outcome=Outcome.UNCHANGED, remote_ids=_ids(s))
        for s in styles
        if s not in due
    ]
    payloads = {s.draft.ref: {"product_id": s.product_id} for s in styles}
    record(run_row, unchanged, payloads=payloads)
    if dry_run:
        record(
            run_row,
            [
                ItemResult(
                    ref=s.draft.ref,
                    outcome=Outcome.UPDATED if s.draft.remote_id else Outcome.CREATED,
                    message="preview: would update"
                    if s.draft.remote_id
                    else "preview: would create",
                )
                for s in due
            ],
            payloads=payloads,
        )
        return
    for style in due:
        (result,) = target.push_styles([style.draft])
        if result.error_kind is not None:
            item = ItemResult(
                ref=style.draft.ref,
                outcome=Outcome.FAILED,
                error_kind=result.error_kind,
                message=result.message,
                request_excerpt=result.request_excerpt,
                response_excerpt=result.response_excerpt,
            )
        else:
            link_published(
                channel_id=channel.pk,
                links=[
                    PublishedLink(
                        variant_id=style.variant_ids[sku],
                        remote_product_id=result.remote_id,
                        remote_variant_id=size_id,
                        remote_inventory_item_id=size_id,
                    )
                    for sku, size_id in result.size_ids.items()
                ],
                fingerprint=style.fingerprint,
            )
            item = ItemResult(
                ref=style.draft.ref,
                outcome=Outcome.CREATED if result.created else Outcome.UPDATED,
                remote_ids={"product": result.remote_id, **result.size_ids},
                request_excerpt=result.request_excerpt,
            )
        record(run_row, [item], payloads=payloads)


def _ids(style: Style) -> dict[str, str]:
    return {"product": style.draft.remote_id} if style.draft.remote_id else {}
