"""Import listings against a store that answers 20% of its requests with 5xx, throttles,
sends a 429 and is slow: the run ends exactly as against a healthy store (the same products,
listings and stock in the hub), and a second run finds nothing to change."""

from __future__ import annotations

import pytest

from tests.channels.importing import channel_for, location, run_import
from tests.channels.test_import_listings import assert_sample_imported, sample
from tests.support.shopify_stores import Stores

pytestmark = pytest.mark.django_db(transaction=True)

FAULTS = {"error_rate": 0.2, "throttle_burst": 2, "http_429_burst": 1, "latency_ms": 5}


def test_an_import_under_faults_ends_as_against_a_healthy_store(stores: Stores) -> None:
    store = sample(stores, "imp-faults")
    store.control("faults", FAULTS)
    location("WH")
    channel = channel_for(store)

    first = run_import(channel)
    second = run_import(channel)

    assert_sample_imported(channel, first, second)
    # the faults were met (and ridden out), not skipped
    assert store.app.faults.throttle_burst == 0 and store.app.faults.http_429_burst == 0
