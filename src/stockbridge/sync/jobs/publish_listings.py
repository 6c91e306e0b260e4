"""Publish listings: "Push All Products" for a season and "Update in <store>" in one run. Each
product of the season (the `season` argument, else the setting; every product when neither)
is mapped to a `ProductDraft` (`sync/publish/drafts.py`, the mapping template and settings)
and sent whole by the channel's `Publisher`: a product without listings is created, a linked
one updated; its variants are then linked as listings. One run item per product (`product:<id>`),
its `changes` the fields it changed ({field: [old, new]}) and its payload the product id
(retry re-sends the failed products).

Two run arguments serve resync (`sync/resync/`): `products` (comma-separated product ids)
publishes exactly those instead of the season's, and `status=draft` creates them as drafts
(the channel's unpublished state): only a create is made a draft, and the fingerprint kept is
that of the product as mapped, so the next run leaves the draft alone until the hub changes it.

A product whose draft equals what was last published (the listings' content fingerprint) is
unchanged and not sent. A dry run (preview) reads what the channel holds of the linked
products and records what a run would change, sending nothing.

Idempotent: a create is keyed by the product's handle on the channel, images by their MD5 (an
image uploaded once is referenced ever after: `PublishedRef`), collections by product type.
AuthFailed disconnects the channel and stops the run; any other channel error fails only its
product."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import timedelta
from typing import Any, cast

from stockbridge.channels import registry
from stockbridge.channels.access import connector_for
from stockbridge.channels.errors import AuthFailed, ChannelError, LimitReached
from stockbridge.channels.models import Channel, ChannelStatus, OperationSettings
from stockbridge.channels.port import ItemResult, Operation, Outcome
from stockbridge.channels.port_publish import (
    ProductDraft,
    PublishedProduct,
    Publisher,
    PublishResult,
)
from stockbridge.channels.port_publish_bulk import BulkPublisher
from stockbridge.channels.publish_links import (
    ProductState,
    PublishedLink,
    link_published,
    mark_gone,
    remembered,
)
from stockbridge.channels.publish_settings import PublishSettings
from stockbridge.channels.services import mark_disconnected
from stockbridge.platform import clock
from stockbridge.platform.errors import FieldError

from ..models import Run
from ..operations import OperationRequest
from ..publish import changes as diff
from ..publish import reading
from ..publish.batches import ahead_of_bulk, with_uploaded
from ..publish.drafts import Refusal, draft_of, fingerprint
from ..publish.echo import channel_fingerprint
from ..publish.source import SourceProduct
from ..runs import close_run, failed_items, open_run, pause_run, record

OPERATION = Operation.PUBLISH_LISTINGS.value
CHUNK = 50
DRAFT = "DRAFT"
BULK_CHUNK = 500  # products per bulk operation
# how long a run stopped at a channel's limit waits when the channel did not say (Shopify's
# daily limit of new variants frees as the day's creations age; an hour is a try an hour)
LIMIT_WAIT = timedelta(hours=1)
IMAGE = "image"
COLLECTION = "collection"


class _Stopped(Exception):
    pass


class _Paused(Exception):
    def __init__(self, limit: LimitReached) -> None:
        super().__init__(limit.message)
        self.limit = limit


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
    as_drafts = arguments.get("status") == "draft"
    if request.retry_of is not None:
        failed = [item.payload for item in failed_items(request.retry_of)]
        retried = {p.get("product_id") for p in failed if isinstance(p.get("product_id"), int)}
        # a resync's failed drafts are retried as drafts, whatever the season
        as_drafts = as_drafts or any(p.get("draft") is True for p in failed)
        ids = sorted(i for i in retried if isinstance(i, int)) if as_drafts else ids
        ids = [i for i in ids if i in retried]
    run_row = open_run(
        channel_id=channel.pk,
        operation=OPERATION,
        trigger=request.trigger,
        dry_run=request.dry_run,
        retry_of=request.retry_of,
        total=len(ids),
        arguments=dict(arguments) or None,  # a paused run resumes with the same ones
    )
    if not enabled:
        return close_run(run_row, message="publish listings is disabled for this channel")
    if channel.status != ChannelStatus.CONNECTED and ids:
        return close_run(
            run_row, message=f"the channel is not connected ({channel.status})", failed=True
        )
    try:
        publisher = cast(Publisher, connector_for(channel))
        bulk = not request.dry_run and len(ids) > settings.bulk_threshold
        size = BULK_CHUNK if bulk else CHUNK
        for start in range(0, len(ids), size):
            batch = ids[start : start + size]
            _chunk(
                run_row,
                channel,
                publisher,
                settings,
                batch,
                request,
                bulk=bulk,
                as_drafts=as_drafts,
            )
            if request.progress is not None:
                request.progress(run_row.done, len(ids))
    except _Stopped as exc:
        return close_run(run_row, message=str(exc), failed=True)
    except _Paused as exc:
        wait = exc.limit.retry_after
        until = clock.now() + (timedelta(seconds=wait) if wait else LIMIT_WAIT)
        message = f"paused until {until:%Y-%m-%d %H:%M} UTC: {exc.limit.message}; it resumes then"
        return pause_run(run_row, until=until, message=message)
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
    bulk: bool = False,
    as_drafts: bool = False,
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
        payload = _payload(source, as_drafts)
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
    ready: list[_Ready] = []
    for source in pending:
        remote = held.get(source.remote_id) if source.remote_id else None
        ref = f"product:{source.id}"
        payload = _payload(source, as_drafts)
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
        if as_drafts and draft.remote_id is None:
            draft = replace(draft, status=DRAFT)
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
        ready.append(_Ready(source, draft, print_, changed, outcome, payload))
    if not ready:
        return
    job = _Sending(run_row, channel, publisher, settings, uploaded)
    if bulk and isinstance(publisher, BulkPublisher):
        job.in_bulk(ready, publisher)
    else:
        for entry in ready:
            job.alone(entry)


@dataclass(frozen=True, slots=True)
class _Ready:
    """A product mapped and checked, to be sent."""

    source: SourceProduct
    draft: ProductDraft
    print_: str
    changed: dict[str, Any]
    outcome: Outcome
    payload: dict[str, Any]


@dataclass
class _Sending:
    run_row: Run
    channel: Channel
    publisher: Publisher
    settings: PublishSettings
    uploaded: dict[str, str]

    def in_bulk(self, ready: list[_Ready], publisher: BulkPublisher) -> None:
        """The products whose shared new images must be uploaded first go alone; the rest in
        one bulk operation; what it did not report on (or all, when it failed) alone after."""
        ahead = ahead_of_bulk([e.draft for e in ready]) if self.settings.image_dedup else set()
        for entry in ready:
            if entry.draft.ref in ahead:
                self.alone(entry)
        rest = [self._referencing(e) for e in ready if e.draft.ref not in ahead]
        try:
            results = _call(self.channel, lambda: publisher.publish_all([e.draft for e in rest]))
        except _Stopped:
            raise
        except ChannelError:
            results = {}  # every product is sent alone (a set by handle never duplicates)
        for entry in rest:
            result = results.get(entry.draft.ref)
            if result is None:
                self.alone(entry)
            else:
                self.finish(entry, result)

    def alone(self, entry: _Ready) -> None:
        """Publish one product by itself, referencing the images uploaded before it."""
        entry = self._referencing(entry)
        self.finish(entry, _publish(self.channel, self.publisher, entry.draft))

    def _referencing(self, entry: _Ready) -> _Ready:
        if not self.settings.image_dedup:
            return entry
        draft = with_uploaded(entry.draft, self.uploaded)
        return entry if draft is entry.draft else replace(entry, draft=draft)

    def finish(self, entry: _Ready, result: PublishResult) -> None:
        source, draft, ref, payload = entry.source, entry.draft, entry.draft.ref, entry.payload
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
                    channel_id=self.channel.pk,
                    variant_ids=list(source.linked),
                    reason="the product does not exist in the channel any more",
                )
            record(self.run_row, [failed], payloads={ref: payload})
            return
        _link(self.channel, source, draft, result, entry.print_)
        self.uploaded.update(result.image_ids)  # the next products of the run reference them
        notes = _notes(source)
        if self.settings.smart_collections and draft.product_type:
            notes = _collection(self.channel, self.publisher, draft.product_type, notes)
        record(
            self.run_row,
            [
                ItemResult(
                    ref, entry.outcome, notes, remote_ids={"product": result.product.remote_id}
                )
            ],
            changes={ref: entry.changed},
            payloads={ref: payload},
        )


def _payload(source: SourceProduct, as_drafts: bool) -> dict[str, Any]:
    payload: dict[str, Any] = {"product_id": source.id, "handle": source.handle}
    if as_drafts:
        payload["draft"] = True
    return payload


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
    except LimitReached as exc:  # the rest waits for the limit to free: never failed one by one
        raise _Paused(exc) from exc
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
