"""Import listings (Pull All Products): read the channel's catalog and create, update and link
hub products, then set hub stock from the channel's quantities.

Per batch of remote products: load what the hub holds that they touch (`load_hub`), plan each
product (`import_plan`, pure), write the products through `catalog.services.upsert_products`
(the one catalog writer, which checks each spec: a real run does not check them twice, a
product it refuses is planned again, checked), link listings (`channels.import_links`), set
stock (`import_stock`: `inventory.services.count_levels`, the ledger stays the only writer of
quantities) and record one run item per product and per variant. A dry run (preview) does
everything but the writes: its items carry exactly the changes a real run would make.
Running the import twice gives "unchanged" items the second time.
"""

from __future__ import annotations

import dataclasses
from collections import defaultdict
from collections.abc import Iterable, Iterator
from contextlib import nullcontext
from dataclasses import dataclass, field
from itertools import islice
from typing import Any

from django.conf import settings as django_settings
from django.db import connection

from stockbridge.catalog import rules as catalog_rules
from stockbridge.catalog.models import Product, Variant
from stockbridge.catalog.queries import products as product_query
from stockbridge.catalog.queries import spec_of
from stockbridge.catalog.references import find_season
from stockbridge.catalog.services import Match, upsert_products
from stockbridge.channels import registry
from stockbridge.channels.access import connector_for
from stockbridge.channels.errors import ChannelError
from stockbridge.channels.import_links import Link, link_listings
from stockbridge.channels.import_settings import ImportSettings
from stockbridge.channels.models import Channel, ChannelStatus, Listing, LocationMapping
from stockbridge.channels.models import OperationSettings as SettingsRow
from stockbridge.channels.port import Outcome, RemoteProduct
from stockbridge.inventory.models import Location
from stockbridge.platform import collector
from stockbridge.platform.db import bulk_writes
from stockbridge.platform.errors import FieldError
from stockbridge.platform.lookups import rows_in

from ..models import Run
from ..operations import OperationRequest, Progress
from ..publish.attributes_back import Back, Widened
from ..runs import Item, close_run, open_run, record_items
from .import_plan import (
    Hub,
    HubListing,
    HubVariant,
    ProductPlan,
    plan_product,
    recheck,
)
from .import_stock import set_stock
from .publish_listings import settings_of as publish_settings_of

OPERATION = "import_listings"
BATCH = 250
LOOKUP = 2000  # values per IN (...) (SQLite caps a query's parameters)


@dataclass(slots=True)
class Context:
    """What the whole run needs, read once."""

    channel: Channel
    settings: ImportSettings
    currency: str
    label: str = "the channel"  # the channel kind's label, named in messages
    mapped: dict[str, tuple[int, ...]] = field(default_factory=dict)
    total_location: int | None = None
    codes: dict[int, str] = field(default_factory=dict)  # hub location id -> code
    seen_skus: dict[str, str] = field(default_factory=dict)


def run(request: OperationRequest) -> Run:
    run_row = open_run(
        channel_id=request.channel_id,
        operation=OPERATION,
        trigger=request.trigger,
        dry_run=request.dry_run,
        retry_of=request.retry_of,
    )
    try:
        context = load_context(request.channel_id)
        exported = connector_for(context.channel).export_catalog()
        products = _with_extra_attributes(context.channel, exported)
        import_products(
            run_row, context, products, dry_run=request.dry_run, progress=request.progress
        )
    except ChannelError as exc:
        return close_run(run_row, message=exc.message, failed=True)
    except FieldError as exc:
        return close_run(run_row, message=str(exc), failed=True)
    except Exception as exc:
        close_run(
            run_row, message=f"stopped on an unexpected error ({type(exc).__name__})", failed=True
        )
        raise
    return close_run(run_row, message="preview: nothing was written" if request.dry_run else "")


def _with_extra_attributes(
    channel: Channel, products: Iterable[RemoteProduct]
) -> Iterable[RemoteProduct]:
    """The 4th/5th attributes publish sent as metafields or tags, read back as attributes."""
    _, publish = publish_settings_of(channel.pk)
    options = registry.kind(channel.kind).capabilities.max_options
    return Widened(products, Back.of(publish, options=options))


def import_products(
    run_row: Run,
    context: Context,
    products: Iterable[RemoteProduct],
    *,
    dry_run: bool,
    progress: Progress | None = None,
) -> None:
    """Import a stream of remote products in batches, reporting (products done, total)."""
    total = getattr(products, "total", None)  # a connector's export may say how many
    done = 0
    writes = nullcontext() if dry_run else bulk_writes(connection)  # (fewer disk syncs)
    with writes, collector.batches() as collected:  # the garbage collector runs once per batch
        for batch in _batches(products, BATCH):
            import_batch(run_row, context, batch, dry_run=dry_run)
            collected()
            done += len(batch)
            if progress is not None:
                progress(done, total)


def _batches(items: Iterable[RemoteProduct], size: int) -> Iterator[list[RemoteProduct]]:
    iterator = iter(items)
    while batch := list(islice(iterator, size)):
        yield batch


def load_context(channel_id: int) -> Context:
    """The channel, its import settings and what they name; raises FieldError naming the
    setting that names something the hub doesn't have."""
    channel = Channel.objects.filter(pk=channel_id).first()
    if channel is None:
        raise FieldError("channel", f"no channel {channel_id}", code="not_found")
    if channel.status == ChannelStatus.DISCONNECTED:
        raise FieldError("channel", f"is disconnected: {channel.status_reason or 'reconnect it'}")
    row = SettingsRow.objects.filter(channel_id=channel_id, operation=OPERATION).first()
    settings = ImportSettings.from_dict(row.settings if row else {})
    for name in ("season_for_published", "season_for_unpublished"):
        season = getattr(settings, name)
        if season and find_season(season) is None:
            raise FieldError(name, f"no season named {season!r}", code="not_found")
    mapped: dict[str, list[int]] = defaultdict(list)
    for remote_id, location_id in LocationMapping.objects.filter(channel_id=channel_id).values_list(
        "remote_location_id", "location_id"
    ):
        mapped[remote_id].append(location_id)
    quantities = settings.quantities_for(mapped=bool(mapped))
    if quantities != "per_location":
        mapped.clear()
    settings = dataclasses.replace(settings, quantities=quantities)
    context = Context(
        channel=channel,
        settings=settings,
        currency=channel.currency or django_settings.STOCKBRIDGE_CURRENCY,
        label=_label(channel.kind),
        codes=dict(Location.objects.values_list("id", "code")),
        mapped={k: tuple(sorted(v)) for k, v in mapped.items()},
    )
    if quantities == "total":
        locations = Location.objects.all()
        if settings.location:
            locations = locations.filter(code=settings.location)
            if not locations.exists():
                raise FieldError(
                    "location", f"no hub location with code {settings.location!r}", code="not_found"
                )
        context.total_location = (
            locations.order_by("priority", "id").values_list("id", flat=True).first()
        )
    return context


def _label(kind: str) -> str:
    try:
        return registry.kind(kind).label
    except FieldError:
        return kind or "the channel"


def _chunks(values: list[Any]) -> Iterator[list[Any]]:
    for start in range(0, len(values), LOOKUP):
        yield values[start : start + LOOKUP]


def load_hub(context: Context, batch: list[RemoteProduct]) -> Hub:
    """What the hub holds that `batch` touches."""
    channel_id = context.channel.pk
    hub = Hub(currency=context.currency, seen_skus=context.seen_skus, label=context.label)
    remote_ids = [v.remote_id for p in batch for v in p.variants]
    listings: dict[str, HubListing] = {}
    columns = (
        "variant_id",
        "remote_variant_id",
        "remote_product_id",
        "remote_inventory_item_id",
        "status",
    )
    where = {"channel_id": channel_id}
    for row in rows_in(Listing, columns, "remote_variant_id", remote_ids, where=where):
        listings[row[1]] = HubListing(*row)
    hub.listings = listings
    wanted = (
        [v.barcode for p in batch for v in p.variants if v.barcode]
        if context.settings.master_sku == "barcode"
        else []
    )
    skus = [v.sku for p in batch for v in p.variants if v.sku]
    found: dict[int, tuple[Any, ...]] = {}  # id -> (id, sku, barcode, product id)
    variant_columns = ("id", "sku", "barcode", "product_id")
    for key, values in (
        ("sku", skus),
        ("barcode", wanted),
        ("id", [x.variant_id for x in listings.values()]),
    ):
        if values:
            found.update((row[0], row) for row in rows_in(Variant, variant_columns, key, values))
    handle_of = dict(rows_in(Product, ("id", "handle"), "id", [r[3] for r in found.values()]))
    variants = {  # (a variant whose product went meanwhile went with it)
        pk: HubVariant(pk, sku, code, handle_of[p])
        for pk, sku, code, p in found.values()
        if p in handle_of
    }
    hub.variants = variants
    hub.by_sku = {v.sku: v for v in variants.values()}
    by_barcode: dict[str, list[HubVariant]] = defaultdict(list)
    for v in variants.values():
        if v.barcode:
            by_barcode[v.barcode].append(v)
    hub.by_barcode = {k: tuple(sorted(v, key=lambda x: x.id)) for k, v in by_barcode.items()}
    linked = ("variant_id", "remote_variant_id")
    hub.linked = dict(rows_in(Listing, linked, "variant_id", list(variants), where=where))
    handles = {v.product_handle for v in variants.values()} | {
        p.handle or catalog_rules.handle_from_title(p.title) for p in batch
    }
    hub.products = {
        product.handle: spec_of(product)
        for chunk in _chunks(sorted(handles))
        for product in product_query().filter(handle__in=chunk)
    }
    return hub


def import_batch(
    run_row: Run, context: Context, batch: list[RemoteProduct], *, dry_run: bool
) -> None:
    hub = load_hub(context, batch)
    # A preview checks each spec here; a real run leaves the check to the writer (one check
    # per product) and plans again, checked, only the products it refuses.
    plans = [plan_product(product, context.settings, hub, check=dry_run) for product in batch]
    if not dry_run:
        _write_products(context, hub, plans)
    ids = _variant_ids([item.hub_sku for plan in plans for item in plan.variants if item.hub_sku])
    if not dry_run:
        _write_links(context, plans, ids)
    set_stock(run_row, context, plans, ids, dry_run=dry_run)
    _record(run_row, plans)


def _write_products(context: Context, hub: Hub, plans: list[ProductPlan]) -> None:
    """Write the planned specs; a product the writer refuses is planned again, checked (its
    refused variants fail alone), and written again when that changed its spec."""
    writing = [plan for plan in plans if plan.spec is not None]
    while writing:
        specs = [plan.spec for plan in writing if plan.spec is not None]
        result = upsert_products(specs=specs, match=Match.HANDLE)
        again: list[ProductPlan] = []
        for index, errors in sorted(result.failed.items()):
            plan = writing[index]
            refused = plan.spec
            if not plan.checked:
                recheck(plan, context.settings, hub)
                if plan.spec is not None and plan.spec != refused:
                    again.append(plan)
                    continue
                if plan.spec is None:
                    continue  # the check says why it fails (or nothing is left to write)
            plan.fail(
                "the hub refuses it: " + "; ".join(f"{e.field}: {e.reason}" for e in errors[:3])
            )
        writing = again


def _variant_ids(skus: list[str]) -> dict[str, int]:
    return dict(rows_in(Variant, ("sku", "id"), "sku", skus))


def _write_links(context: Context, plans: list[ProductPlan], ids: dict[str, int]) -> None:
    links = [
        Link(
            ids[item.hub_sku],
            item.link["remote_product_id"],
            item.link["remote_variant_id"],
            item.link["remote_inventory_item_id"],
            item.listing_status,
        )
        for plan in plans
        for item in plan.variants
        if item.link is not None and item.hub_sku in ids
    ]
    link_listings(channel_id=context.channel.pk, links=links)


def _record(run_row: Run, plans: list[ProductPlan]) -> None:
    items: list[Item] = []
    taken: set[str] = set()

    def unique(ref: str) -> str:
        if ref not in taken:
            taken.add(ref)
            return ref
        candidate, n = ref, 1
        while candidate in taken:
            n += 1
            candidate = f"{ref} (#{n})"
        taken.add(candidate)
        return candidate

    for plan in plans:
        product_id = plan.remote.remote_id
        items.append(_item(unique(plan.ref), plan.outcome, plan.message, plan.changes, product_id))
        for v in plan.variants:
            items.append(
                _item(
                    unique(v.ref), v.outcome, v.message, v.changes, product_id, v.remote.remote_id
                )
            )
    record_items(run_row, items)


def _item(
    ref: str,
    outcome: Outcome,
    message: str,
    changes: dict[str, Any],
    remote_product_id: str,
    remote_variant_id: str = "",
) -> Item:
    payload = {"remote_product_id": remote_product_id}
    if remote_variant_id:
        payload["remote_variant_id"] = remote_variant_id
    failed = outcome is Outcome.FAILED
    return Item(ref, outcome, message, "Rejected" if failed else "", changes, payload)
