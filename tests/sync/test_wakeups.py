"""A domain write wakes the drains of its outbox's consumers once it commits: no sweep
needed. The tests' queue is `immediate`, so a nudge's drain runs at the commit."""

from __future__ import annotations

import pytest
from django.db import transaction

from stockbridge.orders import services
from stockbridge.sync.models import OutboxConsumer
from tests.inventory.conftest import make_location, make_variant
from tests.orders.conftest import place

from .conftest import Recorder, adjust

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.live_nudges]


def test_a_stock_change_reaches_its_consumer_when_it_commits(stock_consumer: Recorder) -> None:
    tee, warehouse = make_variant("TEE"), make_location("WH")

    with transaction.atomic():
        adjust(tee, warehouse, 2)
        adjust(tee, warehouse, 3)
        assert stock_consumer.stock == []  # nothing leaves before the commit
    assert stock_consumer.stock == [("TEE", "WH", 5)]
    assert OutboxConsumer.objects.get(name="test:stock").taken == 1


def test_a_rolled_back_stock_change_wakes_nobody(stock_consumer: Recorder) -> None:
    tee, warehouse = make_variant("TEE"), make_location("WH")

    with pytest.raises(RuntimeError), transaction.atomic():
        adjust(tee, warehouse, 2)
        raise RuntimeError("rolled back")
    assert stock_consumer.stock == []
    assert not OutboxConsumer.objects.exists()


def test_a_write_to_another_outbox_does_not_wake_a_stock_consumer(
    consumers: list[Recorder],
) -> None:
    audit = Recorder("test:audit", "order_events")
    consumers.append(audit)
    tee, warehouse = make_variant("TEE"), make_location("WH")

    adjust(tee, warehouse, 2)
    assert audit.batches == []
    assert not OutboxConsumer.objects.exists()


def test_an_order_event_reaches_its_consumer_when_the_cancel_commits(
    consumers: list[Recorder],
) -> None:
    tee, warehouse = make_variant("TEE"), make_location("WH")
    adjust(tee, warehouse, 5)
    order = place([(tee, 1)], channel="shopify:demo", external_id="77")
    audit = Recorder("test:audit", "order_events")
    consumers.append(audit)

    services.cancel_order(order_id=order.pk)
    assert [(e.kind, e.payload["external_id"]) for batch in audit.batches for e in batch] == [
        ("order.cancelled", "77")
    ]
    assert OutboxConsumer.objects.get(name="test:audit").taken == 1
