"""What the dashboard shows, read in a fixed number of queries: channels with their state and
the last run of each operation, pending work (inbox, outbox, channel pushes), orders today
and to ship, low stock (at or below each variant's threshold), recent failures with their
reason, and day-by-day counts of orders and sync runs for the charts."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from typing import Any

from django.db.models import Count, Max, Q
from django.db.models.functions import TruncDate
from django.utils import timezone

from stockbridge.channels.models import Channel, OperationSettings
from stockbridge.inventory.thresholds import low_levels
from stockbridge.orders.models import Order
from stockbridge.orders.states import OrderStatus
from stockbridge.platform import clock
from stockbridge.sync import inbox, outbox
from stockbridge.sync.models import InboundEvent, PendingPush, Run, RunItem, RunStatus

from . import charts

TO_SHIP = (OrderStatus.CONFIRMED, OrderStatus.PARTIALLY_FULFILLED)
DAYS = 14
SHOWN = 10


@dataclass
class ChannelRow:
    channel: Channel
    operations: list[tuple[OperationSettings, Run | None]] = field(default_factory=list)


@dataclass(frozen=True, slots=True)
class Failure:
    at: datetime
    where: str
    reason: str
    link: str


def local_midnight(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time.min))


def today() -> date:
    return timezone.localtime(clock.now()).date()


def channel_rows() -> list[ChannelRow]:
    """Every channel, its operations and the last finished run of each (previews left out)."""
    channels = list(Channel.objects.order_by("name"))
    settings = OperationSettings.objects.filter(channel__in=channels).order_by("operation")
    last_ids = (
        Run.objects.filter(finished_at__isnull=False, dry_run=False)
        .values("channel_id", "operation")
        .annotate(last=Max("id"))
        .values_list("last", flat=True)
    )
    last = {(r.channel_id, r.operation): r for r in Run.objects.filter(pk__in=list(last_ids))}
    rows = {c.pk: ChannelRow(c) for c in channels}
    for op in settings:
        rows[op.channel_id].operations.append((op, last.get((op.channel_id, op.operation))))
    return list(rows.values())


def pending() -> dict[str, int]:
    """Work waiting: webhook events to process, stock changes not yet fanned out, pushes to
    the channels."""
    return {
        "Inbox events": sum(inbox.pending().values()),
        "Outbox rows": sum(outbox.pending_counts().values()),
        "Channel pushes": PendingPush.objects.count(),
    }


def orders_today_and_to_ship() -> dict[str, int]:
    start = local_midnight(today())
    counted = Order.objects.aggregate(
        today=Count("id", filter=Q(placed_at__gte=start)),
        to_ship=Count("id", filter=Q(status__in=TO_SHIP)),
    )
    return {"Orders today": counted["today"], "Orders to ship": counted["to_ship"]}


def low_stock() -> tuple[list[Any], int]:
    qs = low_levels()
    return list(qs[:SHOWN]), qs.count()


def to_ship() -> list[Order]:
    return list(
        Order.objects.select_related("customer")
        .filter(status__in=TO_SHIP)
        .order_by("placed_at", "id")[:SHOWN]
    )


def recent_failures() -> list[Failure]:
    """The latest failed or partial runs, failed run items and inbox events that failed, newest
    first, each with its reason."""
    found: list[Failure] = []
    for run in (
        Run.objects.select_related("channel")
        .filter(status__in=(RunStatus.FAILED, RunStatus.PARTIAL))
        .order_by("-id")[:SHOWN]
    ):
        found.append(
            Failure(
                run.finished_at or run.started_at,
                f"{run.channel.name}: {run.operation} {run.get_status_display()}",
                run.message or _counts(run.counts),
                f"/channels/runs/{run.pk}/",
            )
        )
    for item in (
        RunItem.objects.select_related("run", "run__channel")
        .filter(outcome="failed")
        .order_by("-id")[:SHOWN]
    ):
        found.append(
            Failure(
                item.created_at,
                f"{item.run.channel.name}: {item.run.operation} {item.ref}",
                item.message or item.error_kind,
                f"/channels/runs/{item.run_id}/?outcome=failed",
            )
        )
    for event in (
        InboundEvent.objects.select_related("channel")
        .exclude(last_error="")
        .order_by("-id")[:SHOWN]
    ):
        found.append(
            Failure(
                event.received_at,
                f"{event.channel.name}: webhook {event.topic}",
                event.last_error,
                f"/admin/sync/inboundevent/{event.pk}/change/",
            )
        )
    return sorted(found, key=lambda f: f.at, reverse=True)[:SHOWN]


def _counts(counts: dict[str, int]) -> str:
    return ", ".join(f"{n} {outcome}" for outcome, n in sorted(counts.items()))


def _days() -> list[date]:
    last = today()
    return [last - timedelta(days=DAYS - 1 - i) for i in range(DAYS)]


def orders_chart() -> Any:
    days = _days()
    per_day = dict(
        Order.objects.filter(placed_at__gte=local_midnight(days[0]))
        .annotate(day=TruncDate("placed_at"))
        .values("day")
        .annotate(n=Count("id"))
        .values_list("day", "n")
    )
    points = [charts.Point(d.strftime("%m-%d"), per_day.get(d, 0)) for d in days]
    return charts.bar_chart(f"Orders per day, last {DAYS} days", [charts.Series("Orders", points)])


def runs_chart() -> Any:
    days = _days()
    counted: dict[tuple[date, str], int] = defaultdict(int)
    for day, status, n in (
        Run.objects.filter(started_at__gte=local_midnight(days[0]), dry_run=False)
        .annotate(day=TruncDate("started_at"))
        .values("day", "status")
        .annotate(n=Count("id"))
        .values_list("day", "status", "n")
    ):
        counted[(day, status)] += n
    series = [
        charts.Series(
            label,
            [charts.Point(d.strftime("%m-%d"), counted[(d, status)]) for d in days],
            css,
        )
        for status, label, css in (
            (RunStatus.OK, "ok", "s2"),
            (RunStatus.PARTIAL, "partial", "s4"),
            (RunStatus.FAILED, "failed", "s3"),
        )
    ]
    return charts.bar_chart(f"Sync runs per day, last {DAYS} days", series)
