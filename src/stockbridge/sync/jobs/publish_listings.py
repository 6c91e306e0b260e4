"""Publish listings: "Push All Products" for a season and "Update in <store>" in one run. Each
product of the season (the `season` argument, else the setting; every product when neither)
is mapped to a `ProductDraft` (`sync/publish/drafts.py`, the mapping template and settings)
and sent whole by the channel's `Publisher`: a product without listings is created, a linked
one updated; its variants are then linked as listings. One run item per product (`product:<id>`),
its `changes` the fields it changed ({field: [old, new]}) and its payload the product id
(retry re-sends the failed products).

A product whose draft equals what was last published (the listings' content fingerprint) is
unchanged and not sent. A dry run (preview) reads what the channel holds of the linked
products and records what a run would change, sending nothing.

Idempotent: a create is keyed by the product's handle on the channel, images by their MD5 (an
image uploaded once is referenced ever after: `PublishedRef`), collections by product type.
AuthFailed disconnects the channel and stops the run; any other channel error fails only its
product."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, cast

from stockbridge.channels import registry
from stockbridge.channels.access import connector_for
from stockbridge.channels.errors import AuthFailed, ChannelError
from stockbridge.channels.models import Channel, ChannelStatus, OperationSettings
from stockbridge.channels.port import ItemResult, Operation, Outcome
from stockbridge.channels.port_publish import (
    ProductDraft,
    PublishedProduct,
    Publisher,
    PublishResult,
)
from stockbridge.channels.publish_links import (
    ProductState,
    PublishedLink,
    link_published,
    mark_gone,
    remembered,
)
from stockbridge.channels.publish_settings import PublishSettings
from stockbridge.channels.services import mark_disconnected
from stockbridge.platform.errors import FieldError

from ..models import Run
from ..operations import OperationRequest
from ..publish import changes as diff
from ..publish import reading
from ..publish.drafts import Refusal, draft_of, fingerprint
from ..publish.echo import channel_fingerprint
from ..publish.source import SourceProduct
from ..runs import close_run, failed_items, open_run, record

OPERATION = Operation.PUBLISH_LISTINGS.value
CHUNK = 50
IMAGE = "image"
COLLECTION = "collection"


class _Stopped(Exception):
    pass


def settings_of(channel_id: int) -> tuple[bool, PublishSettings]:
    row = OperationSettings.objects.filter(channel_id=channel_id, operation=OPERATION).first()
    if row is None:
        return True, PublishSettings()
    return row.enabled, PublishSettings.from_dict(row.settings)


def run(request: OperationRequest) -> Run:
    channel = Channel.objects.filter(pk=request.channel_id).first()
    if channel is None:
        raise FieldError("channel", f"no channel with id {request.channel_id}", code="not_found")
    enabled, settings = settings_of(channel.pk)
    arguments = request.arguments or {}
    ids = reading.product_ids(
        settings, season=arguments.get("season"), products=arguments.get("products")
    )
    if request.retry_of is not None:
        retried = {
            item.payload.get("product_id")
            for item in failed_items(request.retry_of)
            if isinstance(item.payload.get("product_id"), int)
        }
        ids = [i for i in ids if i in retried]
    run_row = open_run(
        channel_id=channel.pk,
        operation=OPERATION,
        trigger=request.trigger,
        dry_run=request.dry_run,
        retry_of=request.retry_of,
        total=len(ids),
    )
    if not enabled:
        return close_run(run_row, message="publish listings is disabled for this channel")
    if channel.status != ChannelStatus.CONNECTED and ids:
        return close_run(
            run_row, message=f"the channel is not connected ({channel.status})", failed=True
        )
    try:
        publisher = cast(Publisher, connector_for(channel))
        for start in range(0, len(ids), CHUNK):
            _chunk(run_row, channel, publisher, settings, ids[start : start + CHUNK], request)
            if request.progress is not None:
                request.progress(run_row.done, len(ids))
    except _Stopped as exc:
        return close_run(run_row, message=str(exc), failed=True)
    except ChannelError as exc:
        return close_run(run_row, message=exc.message, failed=True)
    except Exception as exc:
        close_run(
            run_row, message=f"stopped on an unexpected error ({type(exc).__name__})", failed=True
        )
        raise
    return close_run(run_row, message="preview: nothing was sent" if request.dry_run else "")


def _chunk(
    run_row: Run,
    channel: Channel,
    publisher: Publisher,
    settings: PublishSettings,
    ids: Sequence[int],
    request: OperationRequest,
) -> None:
    sources = reading.load(channel, ids, settings)
    kind = registry.kind(channel.kind)
    capabilities = kind.capabilities
    uploaded = remembered(channel.pk, IMAGE)

    def build(source: SourceProduct, remote: PublishedProduct | None) -> ProductDraft:
        return draft_of(
            source,
            settings,
            remote=remote,
            uploaded=uploaded,
            currency=channel.currency or _currency(source),
            max_options=capabilities.max_options,
            max_variants=capabilities.max_variants,
            label=kind.label,
        )

    # a linked product whose content is what was last published is not read nor sent
    pending = []
    for source in sources:
        ref = f"product:{source.id}"
        payload = {"product_id": source.id, "handle": source.handle}
        if source.remote_id and source.fingerprint:
            try:
                same = fingerprint(build(source, None)) == source.fingerprint
            except Refusal:
                same = False
            if same:
                record(run_row, [ItemResult(ref, Outcome.UNCHANGED)], payloads={ref: payload})
                continue
        pending.append(source)
    linked = [s.remote_id for s in pending if s.remote_id]
    held = _call(channel, lambda: publisher.published(linked)) if linked else {}
    for source in pending:
        remote = held.get(source.remote_id) if source.remote_id else None
        ref = f"product:{source.id}"
        payload = {"product_id": source.id, "handle": source.handle}
        if source.remote_id and remote is None:
            _gone(run_row, channel, source, request.dry_run, payload)
            continue
        try:
            draft = build(source, remote)
        except Refusal as exc:
            failed = ItemResult(ref, Outcome.FAILED, exc.reason, error_kind="Rejected")
            record(run_row, [failed], payloads={ref: payload})
            continue
        print_ = fingerprint(draft)
        changed = diff.changes(draft, remote)
        outcome = Outcome.UPDATED if source.remote_id else Outcome.CREATED
        if request.dry_run:
            record(
                run_row,
                [ItemResult(ref, outcome, _notes(source))],
                changes={ref: changed},
                payloads={ref: payload},
            )
            continue
        result = _publish(channel, publisher, draft)
        if result.product is None:
            failed = ItemResult(
                ref,
                Outcome.FAILED,
                result.message,
                error_kind=result.error_kind,
                request_excerpt=result.request_excerpt,
                response_excerpt=result.response_excerpt,
            )
            if result.error_kind == "NotFound":
                mark_gone(
                    channel_id=channel.pk,
                    variant_ids=list(source.linked),
                    reason="the product does not exist in the channel any more",
                )
            record(run_row, [failed], payloads={ref: payload})
            continue
        _link(channel, source, draft, result, print_)
        uploaded.update(result.image_ids)  # the next products of the run reference them
        notes = _notes(source)
        if settings.smart_collections and draft.product_type:
            notes = _collection(channel, publisher, draft.product_type, notes)
        record(
            run_row,
            [ItemResult(ref, outcome, notes, remote_ids={"product": result.product.remote_id})],
            changes={ref: changed},
            payloads={ref: payload},
        )


def _call(channel: Channel, fn: Any) -> Any:
    try:
        return fn()
    except AuthFailed as exc:
        mark_disconnected(channel_id=channel.pk, reason=exc.message)
        raise _Stopped(exc.message) from exc


def _publish(channel: Channel, publisher: Publisher, draft: ProductDraft) -> PublishResult:
    try:
        result: PublishResult = _call(channel, lambda: publisher.publish(draft))
    except _Stopped:
        raise
    except ChannelError as exc:
        return PublishResult(
            ref=draft.ref,
            product=None,
            error_kind=type(exc).__name__,
            message=exc.message,
            response_excerpt=exc.excerpt,
        )
    return result


def _link(
    channel: Channel,
    source: SourceProduct,
    draft: ProductDraft,
    result: PublishResult,
    print_: str,
) -> None:
    held = cast(PublishedProduct, result.product)
    by_sku = {v.sku: v for v in held.variants}
    links = []
    for variant in source.variants:
        found = by_sku.get(variant.sku)
        if found is not None:
            links.append(
                PublishedLink(
                    variant_id=variant.id,
                    remote_product_id=held.remote_id,
                    remote_variant_id=found.remote_id,
                    remote_inventory_item_id=found.inventory_item_id,
                )
            )
    refs = {(IMAGE, key): remote_id for key, remote_id in result.image_ids.items()}
    state = ProductState(held.remote_id, channel_fingerprint(held), held.updated_at)
    link_published(channel_id=channel.pk, links=links, fingerprint=print_, refs=refs, state=state)


def _collection(channel: Channel, publisher: Publisher, product_type: str, notes: str) -> str:
    known = remembered(channel.pk, COLLECTION)
    if product_type in known:
        return notes
    try:
        remote_id = _call(channel, lambda: publisher.ensure_collection(product_type))
    except _Stopped:
        raise
    except ChannelError as exc:
        return _join(notes, f"the collection {product_type!r} was not made: {exc.message}")
    link_published(
        channel_id=channel.pk,
        links=[],
        fingerprint="",
        refs={(COLLECTION, product_type): remote_id},
    )
    return _join(notes, f"collection {product_type!r} made")


def _gone(
    run_row: Run,
    channel: Channel,
    source: SourceProduct,
    dry_run: bool,
    payload: dict[str, Any],
) -> None:
    ref = f"product:{source.id}"
    reason = "the linked product does not exist in the channel any more; its listings are removed"
    if not dry_run:
        mark_gone(channel_id=channel.pk, variant_ids=list(source.linked), reason=reason)
    record(
        run_row,
        [ItemResult(ref, Outcome.FAILED, reason, error_kind="NotFound")],
        payloads={ref: payload},
    )


def _notes(source: SourceProduct) -> str:
    if source.file_only_images:
        return (
            f"{source.file_only_images} image(s) stored as files without a URL are not "
            "published (only images with a URL can be sent)"
        )
    return ""


def _join(a: str, b: str) -> str:
    return f"{a}; {b}" if a else b


def _currency(source: SourceProduct) -> str:
    return source.variants[0].currency if source.variants else ""
