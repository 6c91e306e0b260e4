"""Import listings against a store that answers 20% of its requests with 5xx, throttles,
sends a 429 and is slow: the run ends exactly as against a healthy store (the same products,
listings and stock in the hub), and a second run finds nothing to change."""

from __future__ import annotations

import pytest

from stockbridge.catalog.models import Product, Variant
from stockbridge.channels.models import Listing
from stockbridge.sync.models import RunItem
from tests.channels.importing import channel_for, location, run_import
from tests.channels.test_import_listings import HANDLES, SKUS, sample, stock
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

    assert (first.status, first.counts, first.done) == ("ok", {"created": 14}, 14)
    assert list(Product.objects.order_by("id").values_list("handle", flat=True)) == HANDLES
    assert sorted(Variant.objects.values_list("sku", flat=True)) == SKUS
    assert list(
        Listing.objects.filter(channel=channel)
        .order_by("variant__sku")
        .values_list("variant__sku", "status")
    ) == [(sku, "linked") for sku in SKUS]
    assert stock("WH") == {
        "SB-001-1": 15,
        "SB-001-2": 15,
        "SB-001-3": 15,
        "SB-002-1": 22,
        "SB-002-2": 22,
        "SB-003": 30,
        "SB-004": 37,
        "SB-005-1": 45,
        "SB-005-2": 45,
    }
    assert (second.status, second.counts) == ("ok", {"unchanged": 14})
    assert RunItem.objects.filter(run=second).exclude(changes={}).count() == 0
    # the faults were met (and ridden out), not skipped
    assert store.app.faults.throttle_burst == 0 and store.app.faults.http_429_burst == 0
