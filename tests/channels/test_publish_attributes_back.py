"""A 4th and 5th attribute published (variant metafields, or tags) come back on Import
listings: publish a 5-attribute product, lose the hub's product and its links, import, and
the hub holds the same 5 attributes with the same values."""

from __future__ import annotations

import pytest

from stockbridge.catalog.models import Product
from stockbridge.catalog.queries import spec_of
from stockbridge.catalog.services import delete_product
from stockbridge.channels.models import OperationSettings
from stockbridge.sync.operations import run_operation
from tests.channels.publishing import channel_for, jacket, publish, season
from tests.support.shopify_stores import Stores

pytestmark = pytest.mark.django_db(transaction=True)

ATTRIBUTES = [
    ("Colour", ("Navy", "Moss")),
    ("Size", ("S", "M")),
    ("Fit", ("Slim",)),
    ("Lining", ("Fleece",)),
    ("Zip", ("YKK",)),
]


def _published_then_lost(stores: Stores, name: str, mode: str) -> Product:
    store = stores.add(name)
    season("SS27")
    product = jacket(attributes=5)
    channel = channel_for(store, extra_attributes=mode, delete_in_channel=False)
    assert publish(channel).counts == {"created": 1}
    delete_product(product_id=product.pk)  # the hub's product and its links are gone
    OperationSettings.objects.create(channel=channel, operation="import_listings", settings={})
    run = run_operation(channel_id=channel.pk, operation="import_listings")
    assert run.counts == {"created": 5}, run.message  # the product and its 4 variants
    return Product.objects.get(handle="harbour-jacket")


@pytest.mark.parametrize("mode", ["metafields", "tags"])
def test_the_extra_attributes_come_back_on_import(stores: Stores, mode: str) -> None:
    imported = _published_then_lost(stores, f"back-{mode}", mode)

    spec = spec_of(imported)
    assert [(a.name, a.values) for a in spec.attributes] == ATTRIBUTES
    assert sorted((v.sku, v.attribute_values) for v in spec.variants) == [
        ("HARBOUR-JACKET-Moss-M-Slim-Fleece-YKK", ("Moss", "M", "Slim", "Fleece", "YKK")),
        ("HARBOUR-JACKET-Moss-S-Slim-Fleece-YKK", ("Moss", "S", "Slim", "Fleece", "YKK")),
        ("HARBOUR-JACKET-Navy-M-Slim-Fleece-YKK", ("Navy", "M", "Slim", "Fleece", "YKK")),
        ("HARBOUR-JACKET-Navy-S-Slim-Fleece-YKK", ("Navy", "S", "Slim", "Fleece", "YKK")),
    ]
    # the tags that carried them are read as the attributes, not kept beside them
    assert sorted(spec.tags) == ["Ponies", "Shetland", "rain"]
