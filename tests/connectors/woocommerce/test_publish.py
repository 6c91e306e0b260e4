"""Publish listings to a WooCommerce store through the engine: a hub product with attributes
becomes a variable product (its attributes the variation attributes, in option order; its
variants the variations, linked), draft or published per its status; a second run changes
nothing; an update is sent to the same product; and every body sent is valid against the
reference's request schemas."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from stockbridge.catalog.services import update_product
from stockbridge.channels.models import Channel, Listing, OperationSettings
from stockbridge.channels.services import map_location
from stockbridge.inventory.services.adjusting import adjust
from tests.channels.importing import location
from tests.channels.publishing import items, jacket, publish, season
from tests.support.woo_stores import WooStore, WooStores, routed_woo_stores

from .conftest import request_problems

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def woo(channel_fanout: None) -> Iterator[WooStores]:
    yield from routed_woo_stores()


def channel_for(store: WooStore, **settings: Any) -> Channel:
    channel = store.channel("Woo publish")
    channel.currency = "USD"
    channel.save()
    OperationSettings.objects.create(
        channel=channel, operation="publish_listings", settings=settings
    )
    return channel


def test_a_product_with_attributes_becomes_a_variable_product(
    woo: WooStores, reference: Path
) -> None:
    store = woo.add("woo-pub")
    season("SS27")
    product = jacket(attributes=3)  # Colour, Size, Fit: Shopify would carry 3, so does this
    channel = channel_for(store, season="SS27")

    run = publish(channel)

    assert items(run) == [(f"product:{product.pk}", "created", "")]
    listings = list(Listing.objects.filter(channel=channel).order_by("variant__sku"))
    [made] = store.api("GET", "/products?per_page=10")
    assert (made["type"], made["name"], made["slug"], made["status"]) == (
        "variable",
        "Harbour Jacket",
        "harbour-jacket",
        "publish",
    )
    assert [(a["name"], a["options"], a["variation"]) for a in made["attributes"]] == [
        ("Colour", ["Navy", "Moss"], True),
        ("Size", ["S", "M"], True),
        ("Fit", ["Slim"], True),
    ]
    assert made["tags"] == []  # named by term id only: the reference has no way to make one
    assert [i["src"] for i in made["images"]] == [
        "https://cdn.example.com/shared-logo.png",
        "https://cdn.example.com/harbour-jacket-navy.png",
    ]
    held = store.api("GET", f"/products/{made['id']}/variations?per_page=10")
    shown = sorted(
        (
            v["sku"],
            [a["option"] for a in v["attributes"]],
            v["regular_price"],
            v["sale_price"],
            v["manage_stock"],
            v["weight"],
            v["image"]["id"] if v["image"] else None,
        )
        for v in held
    )
    navy = made["images"][1]["id"]
    assert shown == [
        ("HARBOUR-JACKET-Moss-M-Slim", ["Moss", "M", "Slim"], "60.00", "54.00", True, "0.8", None),
        ("HARBOUR-JACKET-Moss-S-Slim", ["Moss", "S", "Slim"], "60.00", "54.00", True, "0.8", None),
        ("HARBOUR-JACKET-Navy-M-Slim", ["Navy", "M", "Slim"], "60.00", "54.00", True, "0.8", navy),
        ("HARBOUR-JACKET-Navy-S-Slim", ["Navy", "S", "Slim"], "60.00", "54.00", True, "0.8", navy),
    ]
    by_sku = {v["sku"]: v["id"] for v in held}
    assert [
        (row.variant.sku, row.status, row.remote_product_id, row.remote_variant_id)
        for row in listings
    ] == [(sku, "linked", str(made["id"]), str(by_sku[sku])) for sku in sorted(by_sku)]
    assert [row.remote_inventory_item_id for row in listings] == [
        f"{made['id']}/{by_sku[sku]}" for sku in sorted(by_sku)
    ]
    problems = [
        p for _, path, body in store.writes() for p in request_problems(reference, path, body)
    ]
    assert problems == []


def test_a_second_run_changes_nothing_and_an_update_goes_to_the_same_product(
    woo: WooStores, reference: Path
) -> None:
    store = woo.add("woo-pub2")
    season("SS27")
    product = jacket()
    channel = channel_for(store, season="SS27")
    publish(channel)
    store.sent.clear()

    again = publish(channel)
    assert (again.counts, store.writes()) == ({"unchanged": 1}, [])

    update_product(product_id=product.pk, changes={"title": "Harbour Coat", "status": "draft"})
    updated = publish(channel)

    assert items(updated) == [(f"product:{product.pk}", "updated", "")]
    [made] = store.api("GET", "/products?per_page=10&status=any")
    assert (made["name"], made["status"]) == ("Harbour Coat", "draft")
    assert len(store.api("GET", f"/products/{made['id']}/variations")) == 4
    assert [(m, p.split("/wc/v3")[1]) for m, p, _ in store.writes()] == [
        ("PUT", f"/products/{made['id']}"),
        ("POST", f"/products/{made['id']}/variations/batch"),
    ]
    problems = [
        p for _, path, body in store.writes() for p in request_problems(reference, path, body)
    ]
    assert problems == []


def test_a_retry_after_a_lost_answer_updates_the_product_made_first(woo: WooStores) -> None:
    store = woo.add("woo-pub3")
    season("SS27")
    product = jacket()
    channel = channel_for(store, season="SS27")
    # the store made the product before: an earlier attempt whose answer never came
    store.api("POST", "/products", {"name": "Harbour Jacket", "slug": "harbour-jacket"})

    run = publish(channel)

    assert items(run) == [(f"product:{product.pk}", "created", "")]
    assert [p["slug"] for p in store.api("GET", "/products?status=any")] == ["harbour-jacket"]
    assert Listing.objects.filter(channel=channel, status="linked").count() == 4


def test_new_variations_are_stocked_from_the_hub_when_the_setting_names_the_location(
    woo: WooStores,
) -> None:
    store = woo.add("woo-pub4")
    season("SS27")
    product = jacket()
    channel = channel_for(store, season="SS27", location="stock")
    wh = location("WH")
    map_location(channel=channel, location=wh.pk)
    for variant in product.variants.filter(sku__contains="Navy"):
        adjust(variant_id=variant.pk, location_id=wh.pk, delta=3)

    run = publish(channel)

    assert run.counts == {"created": 1}
    [made] = store.api("GET", "/products?per_page=10")
    shown = sorted(
        (v["sku"], v["manage_stock"], v["stock_quantity"])
        for v in store.api("GET", f"/products/{made['id']}/variations")
    )
    assert shown == [
        ("HARBOUR-JACKET-Moss-M", True, 0),
        ("HARBOUR-JACKET-Moss-S", True, 0),
        ("HARBOUR-JACKET-Navy-M", True, 3),
        ("HARBOUR-JACKET-Navy-S", True, 3),
    ]


def test_under_injected_faults_the_product_is_made_once(woo: WooStores) -> None:
    store = woo.add("woo-pub5")
    season("SS27")
    jacket()
    jacket("quay-smock", title="Quay Smock")
    channel = channel_for(store, season="SS27")
    store.app.faults.error_rate = 0.2

    run = publish(channel)

    store.app.faults.error_rate = 0.0
    assert (run.status, run.counts) == ("ok", {"created": 2})
    made = store.api("GET", "/products?per_page=10")
    assert sorted(p["slug"] for p in made) == ["harbour-jacket", "quay-smock"]
    assert [len(store.api("GET", f"/products/{p['id']}/variations")) for p in made] == [4, 4]
    assert Listing.objects.filter(channel=channel, status="linked").count() == 8
    assert 500 in {e["status"] for e in store.app.request_log}  # the faults happened
