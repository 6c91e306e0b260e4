"""The order pushes' consumer of the order events, registered for a test and left as it was
found: a test that asked for the whole `channel_fanout` keeps it afterwards (unregistering it
then would leave every later test of the worker without it)."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from stockbridge.sync import outbox
from stockbridge.sync.order_pushes import intake


@contextmanager
def order_events_taken() -> Iterator[None]:
    had = any(c.name == intake.CONSUMER for c in outbox.consumers())
    intake.install()
    try:
        yield
    finally:
        if not had:
            outbox.unregister_consumer(intake.CONSUMER)
