"""Created there -> created here (Stock&Buy): a product made in the store is created in the
hub with its variants and linked when its products/create event arrives, as Import listings
imports one product; the setting `create_from_channel` turns it off."""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal

import pytest

from stockbridge.catalog.models import Product
from stockbridge.catalog.queries import spec_of
from stockbridge.channels.models import Listing
from stockbridge.sync.models import Run
from tests.channels.publishing import set_publish
from tests.channels.test_publish_events import deliver, events, subscribed
from tests.support.shopify_stores import Stores, routed_stores

pytestmark = pytest.mark.django_db(transaction=True)

CREATE = """mutation($input: ProductSetInput!) {
  productSet(input: $input) { product { id } userErrors { field message } } }"""
BOOT = {
    "title": "Fell Boot",
    "handle": "fell-boot",
    "vendor": "Quay & Co",
    "productType": "Footwear",
    "tags": ["hill"],
    "productOptions": [{"name": "Size", "values": [{"name": "41"}, {"name": "42"}]}],
    "variants": [
        {"optionValues": [{"optionName": "Size", "name": s}], "sku": f"BOOT-{s}", "price": "89.00"}
        for s in ("41", "42")
    ],
}


@pytest.fixture
def stores(channel_fanout: None) -> Iterator[Stores]:
    yield from routed_stores()


def test_a_product_created_in_the_store_is_created_here_and_linked(stores: Stores) -> None:
    store = stores.add("madethere")
    channel = subscribed(store)
    remote_id = store.gql(CREATE, {"input": BOOT})["productSet"]["product"]["id"]

    deliver(store)

    [run] = Run.objects.filter(operation="import_listings")
    assert (run.trigger, run.status, run.counts) == ("webhook", "ok", {"created": 3})
    assert events() == [("products/create", f"imported here (run {run.pk}: 3 created)")]
    spec = spec_of(Product.objects.get(handle="fell-boot"))
    assert (spec.title, spec.vendor, spec.product_type, spec.tags) == (
        "Fell Boot",
        "Quay & Co",
        "Footwear",
        ("hill",),
    )
    assert [(a.name, a.values) for a in spec.attributes] == [("Size", ("41", "42"))]
    assert [(v.sku, v.price, v.attribute_values) for v in spec.variants] == [
        ("BOOT-41", Decimal("89.00"), ("41",)),
        ("BOOT-42", Decimal("89.00"), ("42",)),
    ]
    linked = Listing.objects.filter(channel=channel).values_list("remote_product_id", flat=True)
    assert list(linked) == [remote_id, remote_id]


def test_with_the_setting_off_nothing_is_created_here(stores: Stores) -> None:
    store = stores.add("madethereoff")
    channel = subscribed(store)
    set_publish(channel, create_from_channel=False)
    store.gql(CREATE, {"input": BOOT})

    deliver(store)

    assert events() == [
        (
            "products/create",
            "created in the channel; not created here (the setting create_from_channel is off)",
        )
    ]
    assert not Product.objects.filter(handle="fell-boot").exists()
