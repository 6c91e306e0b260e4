"""Resync end to end against a sandbox Shopify store: the hub's products not on the channel
yet (the pick list and its filters), the picked ones created there as drafts and linked, and
a second add creating nothing twice. A kind whose connector cannot publish says so."""

from __future__ import annotations

from typing import Any

import pytest

from stockbridge.catalog.models import Product
from stockbridge.catalog.services import update_product
from stockbridge.channels import services
from stockbridge.channels.models import Channel, Listing
from stockbridge.platform.errors import FieldError, NotFound, ValidationErrors
from stockbridge.sync.models import RunItem
from stockbridge.sync.operations import run_operation
from stockbridge.sync.resync.adding import add_as_drafts
from stockbridge.sync.resync.candidates import Filters, unlisted
from tests.channels.publishing import channel_for, jacket, publish, season, set_publish
from tests.support.shopify_stores import Store, Stores

pytestmark = pytest.mark.django_db(transaction=True)

PRODUCTS = """{ products(first: 50) { nodes { handle status variants(first: 10) {
  nodes { sku } } } } }"""


def held(store: Store) -> list[tuple[str, str, list[str]]]:
    nodes: list[dict[str, Any]] = store.gql(PRODUCTS)["products"]["nodes"]
    return sorted(
        (p["handle"], p["status"], sorted(v["sku"] for v in p["variants"]["nodes"])) for p in nodes
    )


def handles(channel: Channel, filters: Filters | None = None) -> list[str]:
    return [p.handle for p in unlisted(channel, filters or Filters())]


def three(stores: Stores) -> tuple[Store, Channel, dict[str, Product]]:
    """A store holding the published `harbour-jacket` and a hub with two more products."""
    store = stores.add("resync")
    season("SS27")
    season("AW27")
    made = {
        "harbour-jacket": jacket(),
        "deck-shoe": jacket("deck-shoe", season_name="AW27", title="Deck Shoe"),
        "rain-hat": jacket("rain-hat", title="Rain Hat", attributes=1),
    }
    channel = channel_for(store, season="SS27")
    Product.objects.filter(handle="rain-hat").update(product_type="Hats")
    publish(channel, products=str(made["harbour-jacket"].pk))
    return store, channel, made


def test_the_pick_list_is_the_products_not_on_the_channel_with_its_filters(
    stores: Stores,
) -> None:
    _, channel, _ = three(stores)

    assert handles(channel) == ["deck-shoe", "rain-hat"]
    assert handles(channel, Filters(season="AW27")) == ["deck-shoe"]
    assert handles(channel, Filters(product_type="Hats")) == ["rain-hat"]
    assert handles(channel, Filters(search="RAIN-HAT-Navy")) == ["rain-hat"]
    assert handles(channel, Filters(search="deck")) == ["deck-shoe"]
    with pytest.raises(NotFound) as raised:
        handles(channel, Filters(season="SS99"))
    assert (raised.value.field, raised.value.reason) == ("season", "no season named 'SS99'")


def test_picked_products_are_created_as_drafts_and_linked_once(stores: Stores) -> None:
    store, channel, made = three(stores)

    added = add_as_drafts(
        channel_id=channel.pk, product_ids=[made["deck-shoe"].pk], skus=["RAIN-HAT-Moss"]
    )

    assert (added.run.status, added.run.counts, added.already_listed) == (
        "ok",
        {"created": 2},
        (),
    )
    assert list(RunItem.objects.filter(run=added.run).values_list("ref", "outcome")) == [
        (f"product:{made['deck-shoe'].pk}", "created"),
        (f"product:{made['rain-hat'].pk}", "created"),
    ]
    assert held(store) == [
        (
            "deck-shoe",
            "DRAFT",
            ["DECK-SHOE-Moss-M", "DECK-SHOE-Moss-S", "DECK-SHOE-Navy-M", "DECK-SHOE-Navy-S"],
        ),
        (
            "harbour-jacket",
            "ACTIVE",
            [
                "HARBOUR-JACKET-Moss-M",
                "HARBOUR-JACKET-Moss-S",
                "HARBOUR-JACKET-Navy-M",
                "HARBOUR-JACKET-Navy-S",
            ],
        ),
        ("rain-hat", "DRAFT", ["RAIN-HAT-Moss", "RAIN-HAT-Navy"]),
    ]
    assert Listing.objects.filter(channel=channel, status="linked").count() == 10
    assert handles(channel) == []

    again = add_as_drafts(
        channel_id=channel.pk, product_ids=[made["deck-shoe"].pk, made["rain-hat"].pk]
    )

    assert (again.run.status, again.run.counts, again.already_listed) == (
        "ok",
        {},
        (made["deck-shoe"].pk, made["rain-hat"].pk),
    )
    assert [h for h, _, _ in held(store)] == ["deck-shoe", "harbour-jacket", "rain-hat"]
    assert Listing.objects.filter(channel=channel).count() == 10


def test_a_later_publish_leaves_the_drafts_alone_until_the_hub_changes_them(
    stores: Stores,
) -> None:
    store, channel, made = three(stores)
    add_as_drafts(channel_id=channel.pk, product_ids=[made["rain-hat"].pk])

    run = publish(channel)

    assert run.counts == {"unchanged": 2}
    assert [s for h, s, _ in held(store) if h == "rain-hat"] == ["DRAFT"]


def test_the_whole_pick_is_checked_before_anything_runs(stores: Stores) -> None:
    store, channel, made = three(stores)

    with pytest.raises(ValidationErrors) as raised:
        add_as_drafts(channel_id=channel.pk, product_ids=[made["rain-hat"].pk, 999], skus=["NOPE"])

    assert [(e.field, e.reason) for e in raised.value.errors] == [
        ("product_ids", "no product with id 999"),
        ("skus", "no variant with SKU NOPE"),
    ]
    with pytest.raises(FieldError) as empty:
        add_as_drafts(channel_id=channel.pk)
    assert (empty.value.field, empty.value.reason) == (
        "product_ids",
        "pick at least one product (by id or SKU)",
    )
    assert [h for h, _, _ in held(store)] == ["harbour-jacket"]


def test_a_kind_that_cannot_publish_says_so(stores: Stores) -> None:
    _, _, made = three(stores)
    woo = services.add_channel(kind="woocommerce", name="Woo", domain="woo.example.com")

    with pytest.raises(FieldError) as raised:
        add_as_drafts(channel_id=woo.pk, product_ids=[made["rain-hat"].pk])

    assert (raised.value.field, raised.value.code) == ("channel", "unsupported")
    assert raised.value.reason.startswith("WooCommerce cannot publish yet")


def test_a_retry_of_the_run_retries_its_failed_products_as_drafts(stores: Stores) -> None:
    store = stores.add("resync-retry")
    season("SS27")
    season("AW27")
    hat = jacket("rain-hat", title="Rain Hat", attributes=1)
    update_product(product_id=hat.pk, changes={"custom_fields": {"long": "T" * 300}})
    mapping = [
        {"source": "custom_fields.long", "target": "product.title"},
        {"source": "sku", "target": "variant.sku"},
        {"source": "status", "target": "product.status"},
    ]
    # the channel's season is another: a retry still covers the picked product
    channel = channel_for(store, season="AW27", mapping=mapping)
    failed = add_as_drafts(channel_id=channel.pk, product_ids=[hat.pk]).run
    assert (failed.status, failed.counts) == ("failed", {"failed": 1})
    set_publish(channel, long_title="truncate")

    retried = run_operation(
        channel_id=channel.pk, operation="publish_listings", trigger="retry", retry_of=failed.pk
    )

    assert (retried.status, retried.counts) == ("ok", {"created": 1})
    assert held(store) == [("rain-hat", "DRAFT", ["RAIN-HAT-Moss", "RAIN-HAT-Navy"])]
