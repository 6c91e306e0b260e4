"""Deleted here -> deleted there (Stock&Buy): a product deleted in the hub deletes its linked
Shopify product after the commit, exactly once, through pending rows; the setting
`delete_in_channel` turns it off."""

from __future__ import annotations

import pytest

from stockbridge.catalog.services import delete_product
from stockbridge.channels.models import Listing
from stockbridge.sync import housekeeping
from stockbridge.sync.models import PendingProductDelete
from stockbridge.sync.publish import deleting
from tests.channels.publishing import channel_for, jacket, publish, season
from tests.support.shopify_stores import Stores

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_product_deleted_here_is_deleted_in_the_store(stores: Stores) -> None:
    store = stores.add("delhere")
    season("SS27")
    doomed = jacket("doomed-coat")
    kept = jacket("kept-coat")
    channel = channel_for(store)
    publish(channel)

    delete_product(product_id=doomed.pk)

    assert [p["handle"] for p in store.app.store.all("Product")] == ["kept-coat"]
    assert PendingProductDelete.objects.count() == 0
    assert Listing.objects.filter(channel=channel).count() == 4  # the kept product's
    assert publish(channel).counts == {"unchanged": 1}
    assert kept.pk is not None


def test_with_the_setting_off_the_store_keeps_the_product(stores: Stores) -> None:
    store = stores.add("delkeep")
    season("SS27")
    product = jacket()
    channel = channel_for(store, delete_in_channel=False)
    publish(channel)

    delete_product(product_id=product.pk)

    assert [p["handle"] for p in store.app.store.all("Product")] == ["harbour-jacket"]
    assert PendingProductDelete.objects.count() == 0


def test_a_delete_whose_answer_was_lost_is_done_once_by_the_next_sweep(stores: Stores) -> None:
    store = stores.add("dellost")
    season("SS27")
    product = jacket()
    channel = channel_for(store)
    publish(channel)
    [remote_id] = {p["id"] for p in store.app.store.all("Product")}
    store.control("faults", {"lost_answers": {"ProductDelete": 1}})

    delete_product(product_id=product.pk)  # deleted there, but the answer never came

    [pending] = PendingProductDelete.objects.all()
    assert (pending.remote_product_id, pending.attempts, pending.title) == (
        remote_id,
        1,
        "Harbour Jacket",
    )
    assert pending.last_error == "Shopify answered HTTP 503; will retry"
    assert store.app.store.all("Product") == []

    swept = housekeeping.sweep_pending_work()

    assert swept["pending"] == {f"deletes:{channel.pk}": 1}
    assert PendingProductDelete.objects.count() == 0
    assert deleting.drain(channel.pk) == {"deleted": 0, "already_gone": 0, "failed": 0}
    deletes = [e for e in store.app.request_log if e["operation"] == "ProductDelete"]
    assert len(deletes) == 2  # the lost one, and the one that found it gone
