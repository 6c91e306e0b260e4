"""The drain job of each outbox consumer and its nudge. Thin: the use case is
`outbox.drain`; a drain that finds nothing pending does nothing, so extra nudges are free."""

from __future__ import annotations

from typing import Any

from huey.contrib.djhuey import db_task

from . import outbox
from .nudge import after_commit


@db_task(name="drain_outbox")
def drain_outbox(consumer: str) -> dict[str, Any]:
    return {"consumer": consumer, "delivered": outbox.drain(consumer)}


def nudge_drain(consumer: str) -> None:
    """Have the consumer's drain run once the current transaction commits."""
    after_commit(drain_outbox, consumer)
