"""The cross-kind suite: every test taking `driver` runs once per channel kind, against that
kind's sandbox store (seeded with the suite's catalog, a channel connected, the hub location
WH mapped). A test marked `kinds_supporting(op, ...)` runs for the kinds whose driver declares
those operations only: the others are not listed (not skipped)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from stockbridge.inventory.models import Location
from tests.channels.importing import location

from .drivers import DRIVERS
from .drivers.protocol import OPTIONAL, Driver


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line(
        "markers",
        "kinds_supporting(*operations): run only for the kinds whose driver supports them "
        f"(of {', '.join(OPTIONAL)})",
    )


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    if "kind" not in metafunc.fixturenames:
        return
    marker = metafunc.definition.get_closest_marker("kinds_supporting")
    needed = frozenset(marker.args if marker else ())
    unknown = needed - frozenset(OPTIONAL)
    assert not unknown, f"unknown operations {sorted(unknown)} (known: {OPTIONAL})"
    kinds = [kind for kind, (supports, _) in DRIVERS.items() if needed <= supports]
    metafunc.parametrize("kind", kinds)


@pytest.fixture
def hub(db: None) -> Location:
    return location("WH")


@pytest.fixture
def driver(kind: str, hub: Location, channel_fanout: None) -> Iterator[Driver]:
    _, open_store = DRIVERS[kind]
    yield from open_store(hub)
