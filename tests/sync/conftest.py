"""Sync fixtures: a recording outbox consumer, stock and orders made through the domain
services. Tests marked `postgres_only` show what SQLite cannot (it serialises writers); on
SQLite they are deselected, not skipped. Tests marked `sqlite_only` (the hub as processes on
its own SQLite files) are deselected on PostgreSQL, where they would only run again."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from stockbridge.catalog.models import Variant
from stockbridge.inventory import services as inventory
from stockbridge.inventory.models import Location
from stockbridge.sync import drains, outbox


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    from django.conf import settings

    on_postgres = settings.DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql"
    elsewhere = "sqlite_only" if on_postgres else "postgres_only"
    deselected = [item for item in items if item.get_closest_marker(elsewhere)]
    if deselected:
        config.hook.pytest_deselected(items=deselected)
        items[:] = [item for item in items if not item.get_closest_marker(elsewhere)]


@pytest.fixture(autouse=True)
def lost_nudges(request: pytest.FixtureRequest) -> Iterator[None]:
    """Most tests here drive drains and sweeps by hand, as if every after-commit nudge had been
    lost on its way to the queue: the domains' wake-ups are not listened to. Tests marked
    `live_nudges` keep them, to show a write reaching its consumers without a sweep."""
    if request.node.get_closest_marker("live_nudges"):
        yield
        return
    drains.stop_listening_to_domains()
    yield
    drains.listen_to_domains()


class Recorder:
    """An outbox consumer that writes down what each drain handed it."""

    def __init__(self, name: str, box: str) -> None:
        self.name = name
        self.batches: list[list[Any]] = []
        self.fail_next = False
        outbox.register_consumer(name, outbox=box, take=self.take)

    def take(self, rows: Any) -> None:
        if self.fail_next:
            self.fail_next = False
            raise RuntimeError("the consumer fell over half-way")
        self.batches.append(list(rows))

    @property
    def stock(self) -> list[tuple[str, str, int]]:
        """(sku, location code, available) of every stock row taken, in order."""
        return [
            (row.variant.sku, row.location.code, row.available)
            for batch in self.batches
            for row in batch
        ]

    @property
    def ids(self) -> list[int]:
        return [row.pk for batch in self.batches for row in batch]


@pytest.fixture
def consumers() -> Iterator[list[Recorder]]:
    made: list[Recorder] = []
    yield made
    for recorder in made:
        outbox.unregister_consumer(recorder.name)


@pytest.fixture
def stock_consumer(consumers: list[Recorder]) -> Recorder:
    recorder = Recorder("test:stock", "stock")
    consumers.append(recorder)
    return recorder


def adjust(variant: Variant, location: Location, delta: int) -> None:
    inventory.adjust(variant_id=variant.pk, location_id=location.pk, delta=delta)
