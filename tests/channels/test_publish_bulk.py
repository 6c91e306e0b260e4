"""Publish listings by Shopify's bulk mutation: a season of more products than the setting's
`bulk_threshold` is uploaded as one JSONL file and set by one bulk operation, each product's
answer read from its result line into its run item."""

from __future__ import annotations

from decimal import Decimal

import pytest

from stockbridge.catalog.services import update_variant
from stockbridge.channels.models import Listing, PublishedRef
from tests.channels.publishing import channel_for, items, jacket, publish, season
from tests.support.shopify_stores import Stores

pytestmark = pytest.mark.django_db(transaction=True)

HANDLES = [f"coat-{n}" for n in range(4)]


def _bulk_mutations(store: object) -> list[dict[str, object]]:
    ops = store.app.store.all("BulkOperation")  # type: ignore[attr-defined]
    return [op for op in ops if op["type"] == "MUTATION"]


def test_a_season_over_the_threshold_is_set_by_one_bulk_operation(stores: Stores) -> None:
    store = stores.add("bulky")
    season("SS27")
    products = [jacket(handle) for handle in HANDLES]
    channel = channel_for(store, bulk_threshold=2)

    run = publish(channel)

    assert (run.status, run.counts) == ("ok", {"created": 4})
    assert sorted(items(run)) == sorted((f"product:{p.pk}", "created", "") for p in products)
    # the first product carries the shared logo alone; the three others go in one bulk
    [operation] = _bulk_mutations(store)
    assert (operation["status"], operation["objectCount"]) == ("COMPLETED", "3")
    held = store.app.store.all("Product")
    assert sorted(p["handle"] for p in held) == HANDLES
    assert len(store.app.store.all("ProductVariant")) == 16
    sources = sorted(m["originalSource"] for m in store.app.store.all("MediaImage"))
    assert sources == sorted(
        ["https://cdn.example.com/shared-logo.png"]
        + [f"https://cdn.example.com/{h}-navy.png" for h in HANDLES]
    )
    assert Listing.objects.filter(channel=channel, status="linked").count() == 16
    assert PublishedRef.objects.filter(channel=channel, kind="image").count() == 5


def test_a_bulk_update_sends_what_changed_and_a_bulk_rerun_nothing(stores: Stores) -> None:
    store = stores.add("bulkier")
    season("SS27")
    products = [jacket(handle) for handle in HANDLES]
    channel = channel_for(store, bulk_threshold=0)
    publish(channel)
    for product in products[:3]:
        variant = product.variants.get(sku=f"{product.handle.upper()}-Navy-S")
        update_variant(variant_id=variant.pk, changes={"price": Decimal("49.00")})

    updated = publish(channel)
    again = publish(channel)

    assert updated.counts == {"updated": 3, "unchanged": 1}
    assert again.counts == {"unchanged": 4}
    prices = sorted(
        (v["sku"], v["price"])
        for v in store.app.store.all("ProductVariant")
        if v["sku"].endswith("-Navy-S")
    )
    assert prices == [
        ("COAT-0-Navy-S", "49.00"),
        ("COAT-1-Navy-S", "49.00"),
        ("COAT-2-Navy-S", "49.00"),
        ("COAT-3-Navy-S", "54.00"),
    ]
    assert len(store.app.store.all("Product")) == 4
    assert len(_bulk_mutations(store)) == 2  # the create and the update; the rerun sent nothing


def test_with_faults_injected_a_bulk_season_push_ends_the_same_without_duplicates(
    stores: Stores,
) -> None:
    store = stores.add("bulkfaulty")
    season("SS27")
    for handle in HANDLES:
        jacket(handle)
    channel = channel_for(store, bulk_threshold=0)
    store.control("faults", {"error_rate": 0.2, "throttle_burst": 2})

    first = publish(channel)
    if first.counts != {"created": 4}:
        publish(channel)  # what failed for good is sent again by the next run

    assert sorted(p["handle"] for p in store.app.store.all("Product")) == HANDLES
    assert len(store.app.store.all("ProductVariant")) == 16
    sources = [m["originalSource"] for m in store.app.store.all("MediaImage")]
    assert len(sources) == len(set(sources)) == 5
    assert Listing.objects.filter(channel=channel, status="linked").count() == 16
