"""The drain job of each outbox consumer and its nudge. Thin: the use case is
`outbox.drain`; a drain that finds nothing pending does nothing, so extra nudges are free."""

from __future__ import annotations

from functools import partial
from typing import Any

from huey.contrib.djhuey import db_task

from stockbridge.platform import wakeups

from . import outbox
from .nudge import after_commit


@db_task(name="drain_outbox")
def drain_outbox(consumer: str) -> dict[str, Any]:
    return {"consumer": consumer, "delivered": outbox.drain(consumer)}


def nudge_drain(consumer: str) -> None:
    """Have the consumer's drain run once the current transaction commits."""
    after_commit(drain_outbox, consumer)


def nudge_readers(outbox_name: str) -> None:
    """Nudge the drain of every consumer that reads `outbox_name` (after commit)."""
    for consumer in outbox.consumers():
        if consumer.outbox == outbox_name:
            nudge_drain(consumer.name)


def listen_to_domains() -> None:
    """Turn each domain's `platform.wakeups.wrote(outbox)` into nudges of that outbox's
    readers (called once at start-up by the app config)."""
    for name, listener in _LISTENERS.items():
        wakeups.listen(name, listener)


def stop_listening_to_domains() -> None:
    """The opposite of `listen_to_domains`: writes then wait for the sweep (tests use it to
    play a nudge that never reached the queue)."""
    for name, listener in _LISTENERS.items():
        wakeups.forget(name, listener)


_LISTENERS = {name: partial(nudge_readers, name) for name in outbox.OUTBOXES}
