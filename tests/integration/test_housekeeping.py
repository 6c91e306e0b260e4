"""Pruning old data: expired sessions and tokens revoked more than 90 days ago go; the rest
stays; running it twice changes nothing more (idempotent)."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta

import pytest

from stockbridge.platform import clock

pytestmark = pytest.mark.django_db

NOW = datetime(2026, 11, 23, 12, 0, tzinfo=UTC)


@pytest.fixture
def frozen() -> Iterator[clock.FrozenClock]:
    frozen = clock.FrozenClock(NOW)
    previous = clock.install(frozen)
    yield frozen
    clock.install(previous)


def test_prune_removes_only_what_is_old_and_records_a_heartbeat(
    frozen: clock.FrozenClock,
) -> None:
    from django.contrib.auth import get_user_model
    from django.contrib.sessions.models import Session

    from stockbridge.sync.housekeeping import prune_old_data
    from stockbridge.sync.models import JobHeartbeat
    from stockbridge.web.models import ApiToken
    from stockbridge.web.tokens import create_token

    get_user_model().objects.create_user("ops")
    Session.objects.create(session_key="old", session_data="", expire_date=NOW - timedelta(days=1))
    Session.objects.create(session_key="live", session_data="", expire_date=NOW + timedelta(days=1))
    long_ago, _ = create_token(username="ops", name="long ago")
    recently, _ = create_token(username="ops", name="recently")
    create_token(username="ops", name="active")
    ApiToken.objects.filter(pk=long_ago.pk).update(revoked_at=NOW - timedelta(days=91))
    ApiToken.objects.filter(pk=recently.pk).update(revoked_at=NOW - timedelta(days=89))

    assert prune_old_data() == {"expired_sessions": 1, "revoked_tokens": 1}
    assert sorted(Session.objects.values_list("session_key", flat=True)) == ["live"]
    assert sorted(ApiToken.objects.values_list("name", flat=True)) == ["active", "recently"]

    frozen.advance(hours=1)
    assert prune_old_data() == {"expired_sessions": 0, "revoked_tokens": 0}
    beat = JobHeartbeat.objects.get(name="prune_old_data")
    assert beat.runs == 2
    assert beat.last_started_at == NOW + timedelta(hours=1)
    assert beat.last_result == {"expired_sessions": 0, "revoked_tokens": 0}


def test_pruning_outboxes_removes_old_rows_no_consumer_waits_for(
    frozen: clock.FrozenClock,
) -> None:
    """No consumer is registered here (no channel is connected): nobody waits for stock
    changes, so those past the one-day retention go; newer ones stay."""
    from stockbridge.inventory import services
    from stockbridge.inventory.models import StockChange
    from stockbridge.sync.housekeeping import prune_outboxes
    from stockbridge.sync.models import JobHeartbeat
    from tests.inventory.conftest import make_location, make_variant

    tee, warehouse = make_variant("TEE"), make_location("WH")
    services.adjust(variant_id=tee.pk, location_id=warehouse.pk, delta=4)
    frozen.advance(hours=12)
    services.adjust(variant_id=tee.pk, location_id=warehouse.pk, delta=1)
    frozen.advance(hours=13)

    assert prune_outboxes() == {"pruned": {"stock": 1, "order_events": 0}}
    assert list(StockChange.objects.values_list("available", flat=True)) == [5]
    assert prune_outboxes() == {"pruned": {"stock": 0, "order_events": 0}}
    assert JobHeartbeat.objects.get(name="prune_outboxes").runs == 2
