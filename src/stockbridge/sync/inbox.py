"""The inbox: events channels send (webhooks), stored before they are answered and processed
after commit.

- `receive`: the channel's codec verifies the delivery on its raw bytes (constant time); a
  forged one, or one for a channel we do not have, stores nothing (`Refused`). A verified one
  is parsed and stored once per (channel, event id) by one `INSERT ... ON CONFLICT DO
  NOTHING` (no read first: the unique constraint decides, so a redelivery, even one arriving
  at the same instant, stores nothing new). Processing is nudged after the commit.
- `process_pending`: each pending event is claimed under a row lock, handled by the handler of
  its `kind` (the connector's normalised `InboundKind`, never a channel's own topic), and
  marked processed with what it did, in one transaction. A handler that fails leaves its
  event pending with `attempts` and `last_error` (its writes rolled back), to be retried by a
  later nudge or the every-minute sweep, up to `MAX_ATTEMPTS`. A processed event is never
  handled again, so processing twice changes nothing.
- Handlers register per kind (`register`); a kind with no handler yet is marked processed
  saying so (orders, refunds and customers come with their issue). What handlers read of a
  channel (its settings, its listings) is read once per batch of events (`batch_memo`), not
  once per event; a failed event forgets it.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Mapping
from contextvars import ContextVar
from dataclasses import dataclass
from typing import Any

from django.db import connection, transaction
from django.db.models import Count
from huey.contrib.djhuey import db_task

from stockbridge.channels.access import webhooks_for
from stockbridge.channels.errors import ChannelError
from stockbridge.channels.models import Channel
from stockbridge.channels.port import InboundEventData, InboundKind
from stockbridge.channels.services import mark_disconnected
from stockbridge.platform import clock
from stockbridge.platform.db import ahead_of_queued_writes

from .models import InboundEvent
from .nudge import after_commit

MAX_ATTEMPTS = 10
BATCH = 200
UNINSTALLED_REASON = "the app was uninstalled from the store"

Handler = Callable[[InboundEvent], str]
"""Apply one stored event; answer what it did in a few words (kept as the event's result).
Runs inside the event's transaction; raising leaves the event pending."""

_handlers: dict[InboundKind, Handler] = {}
_batch: ContextVar[dict[Hashable, Any] | None] = ContextVar("inbox_batch", default=None)


class Refused(Exception):
    """A delivery that was not stored: `status` is the HTTP answer, `reason` why."""

    def __init__(self, status: int, reason: str) -> None:
        super().__init__(reason)
        self.status = status
        self.reason = reason


@dataclass(frozen=True, slots=True)
class Received:
    event_id: int | None  # the stored row's id; None for a redelivery
    created: bool  # False: a redelivery of an event already stored


def register(kind: InboundKind, handler: Handler) -> None:
    """Handle the events of `kind` with `handler` (one handler per kind)."""
    _handlers[kind] = handler


def receive(*, channel_id: int, headers: Mapping[str, str], raw_body: bytes) -> Received:
    """Verify, parse and store one delivery (once per event id); nudge processing after the
    commit. `Refused(401)` when the channel is unknown or the signature does not match,
    `Refused(400)` when a verified delivery lacks what the inbox needs."""
    channel = _channel(channel_id)
    codec = webhooks_for(channel) if channel is not None else None
    if channel is None or codec is None or not codec.verify(headers, raw_body):
        raise Refused(401, "the delivery's signature does not match this channel")
    try:
        data = codec.parse(headers, raw_body)
        text = raw_body.decode("utf-8")
    except ChannelError as exc:
        raise Refused(400, exc.message) from exc
    except UnicodeDecodeError as exc:
        raise Refused(400, "body: is not UTF-8") from exc
    with ahead_of_queued_writes(connection), transaction.atomic():
        stored = _store(channel.pk, data, text)
        if stored is not None:
            nudge(channel.pk)
    return Received(event_id=stored, created=stored is not None)


_MAX_ID = 2**63 - 1
_CODEC_FIELDS = ("id", "kind", "domain", "base_url", "credentials")
_SELECT_CHANNEL = (
    f"SELECT {', '.join(_CODEC_FIELDS)} FROM {Channel._meta.db_table}"  # noqa: S608 (fixed names)
    " WHERE id = %s"
)


def _channel(channel_id: int) -> Channel | None:
    """The channel with just what its webhook codec needs (kind, endpoint, credentials; the
    other fields load on access), read by one fixed statement: the ORM spent more CPU
    building the query than an acknowledgement spends on everything else. None for an id no
    row can have (beyond a 64-bit integer, as the ORM's lookups treat it too)."""
    if not 0 < channel_id <= _MAX_ID:
        return None
    with connection.cursor() as cursor:
        cursor.execute(_SELECT_CHANNEL, [channel_id])
        row = cursor.fetchone()
    return Channel.from_db(connection.alias, _CODEC_FIELDS, row) if row is not None else None


_COLUMNS = (
    "channel_id",
    "event_id",
    "topic",
    "kind",
    "resource_id",
    "occurred_at",
    "body",
    "received_at",
    "attempts",
    "last_error",
    "result",
)
_INSERT = (
    f"INSERT INTO {InboundEvent._meta.db_table} ({', '.join(_COLUMNS)})"  # noqa: S608 (fixed names)
    f" VALUES ({', '.join(['%s'] * len(_COLUMNS))})"
    " ON CONFLICT (channel_id, event_id) DO NOTHING RETURNING id"
)


def _store(channel_id: int, data: InboundEventData, text: str) -> int | None:
    """Store the event in one statement: its new id, or None when the channel's event id is
    stored already (the `inbound_event_once` constraint)."""
    adapt = connection.ops.adapt_datetimefield_value
    values = (
        channel_id,
        data.event_id[:255],
        data.topic[:100],
        data.kind.value,
        data.resource_id[:255],
        adapt(data.occurred_at),
        text,
        adapt(clock.now()),
        0,
        "",
        "",
    )
    with connection.cursor() as cursor:
        cursor.execute(_INSERT, values)
        row = cursor.fetchone()
    return int(row[0]) if row is not None else None


@db_task(name="process_inbox")
def process_inbox(channel_id: int) -> dict[str, Any]:
    return {"channel": channel_id, **process_pending(channel_id=channel_id)}


def nudge(channel_id: int) -> None:
    """Have the channel's pending events processed once the current transaction commits."""
    after_commit(process_inbox, channel_id)


def pending(channel_id: int | None = None) -> dict[int, int]:
    """Events not yet processed (and not given up on), counted per channel."""
    rows = InboundEvent.objects.filter(processed_at__isnull=True, attempts__lt=MAX_ATTEMPTS)
    if channel_id is not None:
        rows = rows.filter(channel_id=channel_id)
    counted = rows.values("channel_id").annotate(n=Count("id")).order_by("channel_id")
    return {row["channel_id"]: row["n"] for row in counted}


def batch_memo[T](key: Hashable, make: Callable[[], T]) -> T:
    """`make()` once per `key` in the batch of events being processed (up to BATCH events of
    `process_pending`), its answer kept for the batch's other events; outside a batch,
    `make()` every time."""
    memo = _batch.get()
    if memo is None:
        return make()
    if key not in memo:
        memo[key] = make()
    value: T = memo[key]
    return value


def process_pending(*, channel_id: int | None = None) -> dict[str, int]:
    """Process pending events oldest first, by batches of BATCH; counts of processed and
    failed ones."""
    result = {"processed": 0, "failed": 0}
    seen: set[int] = set()
    while True:
        rows = InboundEvent.objects.filter(processed_at__isnull=True, attempts__lt=MAX_ATTEMPTS)
        if channel_id is not None:
            rows = rows.filter(channel_id=channel_id)
        ids = list(rows.exclude(id__in=seen).order_by("id").values_list("id", flat=True)[:BATCH])
        if not ids:
            return result
        memo: dict[Hashable, Any] = {}
        token = _batch.set(memo)
        try:
            for event_id in ids:
                seen.add(event_id)
                outcome = process(event_id)
                if outcome is not None:
                    result[outcome] += 1
                if outcome == "failed":
                    memo.clear()  # read the channel afresh for the next event
        finally:
            _batch.reset(token)


def process(event_id: int) -> str | None:
    """Process one event: "processed", "failed", or None when it was not pending (another
    worker has it, or it is done)."""
    with transaction.atomic():
        event = _claim(event_id)
        if event is None:
            return None
        handler = _handlers.get(_kind_of(event.kind))
        try:
            with transaction.atomic():
                done = handler(event) if handler else "no handler yet"
        except Exception as exc:  # any failure leaves the event pending
            event.attempts += 1
            event.last_error = f"{type(exc).__name__}: {exc}"[:1000]
            event.save(update_fields=["attempts", "last_error"])
            return "failed"
        _mark_processed(event, done[:300])
        return "processed"


_CLAIMED = ("id", "channel_id", "event_id", "topic", "kind", "resource_id", "body", "attempts")
_CLAIM = (
    f"SELECT {', '.join(_CLAIMED)} FROM {InboundEvent._meta.db_table}"  # noqa: S608 (fixed names)
    " WHERE id = %s AND processed_at IS NULL"
)
_PROCESSED = (
    f"UPDATE {InboundEvent._meta.db_table}"  # noqa: S608 (fixed names)
    " SET attempts = %s, processed_at = %s, last_error = '', result = %s WHERE id = %s"
)


def _claim(event_id: int) -> InboundEvent | None:
    """The event when it is still pending, row-locked (PostgreSQL; skipped when another worker
    holds it: None) with what handlers read (the dates and outcome load on access). Fixed SQL:
    the ORM's query cost more CPU than the statement."""
    skip_locked = connection.features.has_select_for_update_skip_locked
    with connection.cursor() as cursor:
        cursor.execute(_CLAIM + (" FOR UPDATE SKIP LOCKED" if skip_locked else ""), [event_id])
        row = cursor.fetchone()
    return InboundEvent.from_db(connection.alias, _CLAIMED, row) if row is not None else None


def _mark_processed(event: InboundEvent, result: str) -> None:
    event.attempts += 1
    event.processed_at = clock.now()
    event.last_error = ""
    event.result = result
    adapt = connection.ops.adapt_datetimefield_value
    with connection.cursor() as cursor:
        cursor.execute(
            _PROCESSED, [event.attempts, adapt(event.processed_at), event.result, event.pk]
        )


def _kind_of(value: str) -> InboundKind:
    try:
        return InboundKind(value)
    except ValueError:
        return InboundKind.OTHER


# -- the handlers the engine has so far ------------------------------------------------------


def app_uninstalled(event: InboundEvent) -> str:
    """The store removed the app: the channel is disconnected saying why; its scheduled
    operations stop and its pending pushes wait (both skip disconnected channels)."""
    mark_disconnected(channel_id=event.channel_id, reason=UNINSTALLED_REASON)
    return "channel disconnected: " + UNINSTALLED_REASON


register(InboundKind.APP_UNINSTALLED, app_uninstalled)
