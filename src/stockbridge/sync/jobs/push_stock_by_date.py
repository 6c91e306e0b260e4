"""Push stock by date (hourly): each linked listing's available to promise at each channel
warehouse its settings map hub locations to, as rows by date (`sync/dated_stock/`): today's
available as the immediate row, and each later date on which open purchase orders bring more as
a future row. Only what changed since the last push is sent (the rows' fingerprint per listing
and warehouse); the nightly reconcile (`reconcile_stock_by_date`) sends everything.

One run item per listing and warehouse (`<sku>@<warehouse>`: updated, unchanged or failed,
its changes the rows sent). A dry run records the rows it would send and sends nothing.
Idempotent: the channel's rows of an item are replaced, so a run sent twice leaves the same.
AuthFailed disconnects the channel and stops the run."""

from __future__ import annotations

from typing import cast

from stockbridge.channels.access import connector_for
from stockbridge.channels.dated_stock_pushes import remember_pushed
from stockbridge.channels.errors import ChannelError
from stockbridge.channels.port import ItemResult, Operation, Outcome
from stockbridge.channels.port_stock_by_date import StockByDate, StockByDateTarget
from stockbridge.channels.push_settings import PushStockByDateSettings
from stockbridge.platform import clock
from stockbridge.platform.errors import FieldError

from ..dated_stock import reading
from ..dated_stock.rows import fingerprint, rows_of
from ..models import Run
from ..operations import OperationRequest
from ..push_runs import channel_of, opened, refused, settings_of, stopped
from ..runs import close_run, record

OPERATION = Operation.PUSH_STOCK_BY_DATE.value
CHUNK = 500


def run(request: OperationRequest) -> Run:
    return push(request, operation=OPERATION, full=False)


def push(request: OperationRequest, *, operation: str, full: bool) -> Run:
    channel = channel_of(request)
    run_row = opened(request, operation)
    enabled, _ = settings_of(channel.pk, operation, lambda data: None)
    closed = refused(run_row, channel, enabled=enabled, work=False)
    if closed is not None:
        return closed
    _, settings = settings_of(channel.pk, OPERATION, PushStockByDateSettings.from_dict)
    try:
        warehouse_of = reading.warehouses_of(settings)
    except FieldError as exc:
        return close_run(run_row, message=str(exc), failed=True)
    if not warehouse_of:
        return close_run(
            run_row,
            message="no warehouse is mapped: set push_stock_by_date's warehouses "
            "(hub location code: the portal's warehouse id)",
            failed=True,
        )
    closed = refused(run_row, channel, enabled=True)
    if closed is not None:
        return closed
    sizes = reading.listed_sizes(channel.pk)
    warehouses = sorted(set(warehouse_of.values()))
    today = clock.now().date()
    target = cast(StockByDateTarget, connector_for(channel))
    try:
        for start in range(0, len(sizes), CHUNK):
            chunk = sizes[start : start + CHUNK]
            promised = reading.promises_by_warehouse(chunk, warehouse_of, today=today)
            last = reading.pushed([s.listing_id for s in chunk])
            due: list[tuple[StockByDate, int, str]] = []
            unchanged: list[ItemResult] = []
            for size in chunk:
                for warehouse in warehouses:
                    rows = rows_of(promised.get((size.variant_id, warehouse), ()), today=today)
                    digest = fingerprint(rows)
                    ref = f"{size.sku}@{warehouse}"
                    if not full and last.get((size.listing_id, warehouse)) == digest:
                        unchanged.append(ItemResult(ref, Outcome.UNCHANGED))
                        continue
                    held = full or (size.listing_id, warehouse) in last
                    item = StockByDate(
                        ref, warehouse, size.product_id, size.size_id, rows, replace=held
                    )
                    due.append((item, size.listing_id, digest))
            record(run_row, unchanged)
            changes = {
                item.ref: {"rows": [[r.on.isoformat(), r.quantity] for r in item.rows]}
                for item, _, _ in due
            }
            if request.dry_run:
                results = [
                    ItemResult(i.ref, Outcome.UPDATED, "preview: would send") for i, _, _ in due
                ]
                record(run_row, results, changes=changes)
                continue
            results = target.set_stock_by_date([item for item, _, _ in due]) if due else []
            sent = {r.ref for r in results if r.outcome != Outcome.FAILED}
            remember_pushed(
                pushes=[(listing, i.warehouse_id, d) for i, listing, d in due if i.ref in sent]
            )
            record(run_row, results, changes=changes)
            if request.progress is not None:
                request.progress(start + len(chunk), len(sizes))
    except ChannelError as exc:
        return stopped(run_row, channel, exc)
    return close_run(run_row, message="preview: nothing was sent" if request.dry_run else "")
