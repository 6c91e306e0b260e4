"""`platform.db.bulk_writes`: inside, a SQLite connection moves its write-ahead log into the
database ten times less often (10,000 pages, not SQLite's 1,000); on leaving, SQLite's default
is back and the log is checkpointed. PostgreSQL has no such log setting: nothing changes."""

from __future__ import annotations

import pytest
from django.db import connection

from stockbridge.inventory.models import Location
from stockbridge.platform.db import bulk_writes

pytestmark = pytest.mark.django_db(transaction=True)


def autocheckpoint() -> int | None:
    """SQLite's setting on this connection (None on PostgreSQL)."""
    if connection.vendor != "sqlite":
        return None
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA wal_autocheckpoint")
        return int(cursor.fetchone()[0])


def test_checkpoints_less_often_inside_and_as_before_after() -> None:
    sqlite = connection.vendor == "sqlite"
    before = autocheckpoint()
    with bulk_writes(connection):
        inside = autocheckpoint()
        Location.objects.create(name="Bulk", code="BLK")
    after = autocheckpoint()

    assert (before, inside, after) == ((1000, 10_000, 1000) if sqlite else (None, None, None))
    assert list(Location.objects.filter(code="BLK").values_list("name", flat=True)) == ["Bulk"]
    if sqlite:
        with connection.cursor() as cursor:
            cursor.execute("PRAGMA wal_checkpoint(PASSIVE)")
            busy, frames, moved = cursor.fetchone()
        assert (busy, moved) == (0, frames)  # the log holds nothing the database doesn't


def test_an_error_inside_still_brings_the_default_back() -> None:
    with pytest.raises(RuntimeError, match="stopped"), bulk_writes(connection):
        raise RuntimeError("stopped")

    assert autocheckpoint() == (1000 if connection.vendor == "sqlite" else None)
