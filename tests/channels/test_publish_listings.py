"""Publish listings end to end against a sandbox store: push a season, update in Shopify,
preview, mapping template, settings, options and positions."""

from __future__ import annotations

from decimal import Decimal

import pytest

from stockbridge.catalog.services import update_product, update_variant
from stockbridge.channels.models import Listing, PublishedRef
from tests.channels.publishing import (
    changes_of,
    channel_for,
    items,
    jacket,
    publish,
    remote,
    season,
    set_publish,
)
from tests.support.shopify_stores import Stores

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_season_is_pushed_and_its_variants_linked(stores: Stores) -> None:
    store = stores.add("pier")
    season("SS27")
    season("AW27")
    product = jacket()
    jacket("other-season", season_name="AW27")
    channel = channel_for(store, season="SS27")

    run = publish(channel)

    assert items(run) == [(f"product:{product.pk}", "created", "")]
    assert (run.status, run.counts) == ("ok", {"created": 1})
    listings = list(Listing.objects.filter(channel=channel).order_by("variant__sku"))
    assert [(row.variant.sku, row.status) for row in listings] == [
        ("HARBOUR-JACKET-Moss-M", "linked"),
        ("HARBOUR-JACKET-Moss-S", "linked"),
        ("HARBOUR-JACKET-Navy-M", "linked"),
        ("HARBOUR-JACKET-Navy-S", "linked"),
    ]
    held = remote(store, listings[0].remote_product_id)
    assert (held["title"], held["handle"], held["status"], held["vendor"]) == (
        "Harbour Jacket",
        "harbour-jacket",
        "ACTIVE",
        "Quay & Co",
    )
    assert (held["productType"], held["descriptionHtml"]) == ("Outerwear", "<p>Waxed cotton.</p>")
    assert held["seo"] == {"title": "Harbour Jacket | Quay", "description": None}
    # category levels beyond the first travel as tags
    assert sorted(held["tags"]) == ["Ponies", "Shetland", "rain"]
    assert [(o["name"], o["values"]) for o in held["options"]] == [
        ("Colour", ["Navy", "Moss"]),
        ("Size", ["S", "M"]),
    ]
    # positioned by option order, whatever the hub's positions
    assert [(v["position"], v["title"]) for v in held["variants"]["nodes"]] == [
        (1, "Navy / S"),
        (2, "Navy / M"),
        (3, "Moss / S"),
        (4, "Moss / M"),
    ]
    first = held["variants"]["nodes"][0]
    assert (first["sku"], first["barcode"], first["price"], first["compareAtPrice"]) == (
        "HARBOUR-JACKET-Navy-S",
        "4000000",
        "54.00",
        "60.00",
    )
    assert first["inventoryItem"] == {
        "tracked": True,
        "unitCost": {"amount": "20.5"},
        "measurement": {"weight": {"unit": "KILOGRAMS", "value": 0.8}},
    }
    assert len(held["media"]["nodes"]) == 2
    navy_image = held["media"]["nodes"][1]["id"]
    assert [v["media"]["nodes"] for v in held["variants"]["nodes"]] == [
        [{"id": navy_image}],
        [{"id": navy_image}],
        [],
        [],
    ]


def test_a_second_run_changes_nothing_and_an_update_sends_only_what_changed(
    stores: Stores,
) -> None:
    store = stores.add("quay")
    season("SS27")
    product = jacket()
    channel = channel_for(store)
    publish(channel)
    calls = len(store.app.request_log)

    again = publish(channel)

    assert (again.status, again.counts) == ("ok", {"unchanged": 1})
    assert len(store.app.request_log) == calls  # nothing read, nothing sent
    variant = product.variants.get(sku="HARBOUR-JACKET-Moss-M")
    update_variant(variant_id=variant.pk, changes={"price": Decimal("49.00")})
    update_product(product_id=product.pk, changes={"description_html": "<p>Now waxed.</p>"})

    updated = publish(channel)

    assert (updated.status, updated.counts) == ("ok", {"updated": 1})
    assert changes_of(updated, f"product:{product.pk}") == {
        "description_html": ["<p>Waxed cotton.</p>", "<p>Now waxed.</p>"],
        "variants.HARBOUR-JACKET-Moss-M.price": ["54.00", "49.00"],
    }
    listing = Listing.objects.get(channel=channel, variant=variant)
    held = remote(store, listing.remote_product_id)
    assert held["descriptionHtml"] == "<p>Now waxed.</p>"
    assert [(v["sku"], v["price"], v["position"]) for v in held["variants"]["nodes"]] == [
        ("HARBOUR-JACKET-Navy-S", "54.00", 1),
        ("HARBOUR-JACKET-Navy-M", "54.00", 2),
        ("HARBOUR-JACKET-Moss-S", "54.00", 3),
        ("HARBOUR-JACKET-Moss-M", "49.00", 4),
    ]
    assert len(held["media"]["nodes"]) == 2
    assert store.app.store.all("Product").__len__() == 1


def test_the_preview_reports_each_change_and_sends_nothing(stores: Stores) -> None:
    store = stores.add("lane")
    season("SS27")
    product = jacket(attributes=1)
    channel = channel_for(store)

    preview = publish(channel, dry_run=True)

    assert (preview.status, preview.dry_run, preview.counts) == ("ok", True, {"created": 1})
    assert store.app.store.all("Product") == []
    assert Listing.objects.filter(channel=channel).count() == 0
    assert changes_of(preview, f"product:{product.pk}") == {
        "title": [None, "Harbour Jacket"],
        "status": [None, "active"],
        "description_html": [None, "<p>Waxed cotton.</p>"],
        "vendor": [None, "Quay & Co"],
        "product_type": [None, "Outerwear"],
        "seo_title": [None, "Harbour Jacket | Quay"],
        "tags": [None, ["Ponies", "Shetland", "rain"]],
        "options": [None, ["Colour"]],
        "images": [
            None,
            [
                "https://cdn.example.com/shared-logo.png",
                "https://cdn.example.com/harbour-jacket-navy.png",
            ],
        ],
        "variants.HARBOUR-JACKET-Navy": [None, "created"],
        "variants.HARBOUR-JACKET-Navy.barcode": [None, "4000000"],
        "variants.HARBOUR-JACKET-Navy.price": [None, "54.00"],
        "variants.HARBOUR-JACKET-Navy.compare_at_price": [None, "60.00"],
        "variants.HARBOUR-JACKET-Navy.cost": [None, "20.50"],
        "variants.HARBOUR-JACKET-Navy.weight": [None, "0.8"],
        "variants.HARBOUR-JACKET-Navy.weight_unit": [None, "KILOGRAMS"],
        "variants.HARBOUR-JACKET-Navy.tracked": [None, True],
        "variants.HARBOUR-JACKET-Moss": [None, "created"],
        "variants.HARBOUR-JACKET-Moss.barcode": [None, "4000001"],
        "variants.HARBOUR-JACKET-Moss.price": [None, "54.00"],
        "variants.HARBOUR-JACKET-Moss.compare_at_price": [None, "60.00"],
        "variants.HARBOUR-JACKET-Moss.cost": [None, "20.50"],
        "variants.HARBOUR-JACKET-Moss.weight": [None, "0.8"],
        "variants.HARBOUR-JACKET-Moss.weight_unit": [None, "KILOGRAMS"],
        "variants.HARBOUR-JACKET-Moss.tracked": [None, True],
    }
    publish(channel)
    update_product(product_id=product.pk, changes={"title": "Harbour Jacket II"})

    second = publish(channel, dry_run=True)

    assert second.counts == {"updated": 1}
    assert changes_of(second, f"product:{product.pk}") == {
        "title": ["Harbour Jacket", "Harbour Jacket II"]
    }
    listing = Listing.objects.filter(channel=channel).first()
    assert listing is not None
    assert remote(store, listing.remote_product_id)["title"] == "Harbour Jacket"


def test_shared_images_are_uploaded_once_across_products_and_runs(stores: Stores) -> None:
    store = stores.add("mole")
    season("SS27")
    jacket("first-jacket")
    channel = channel_for(store)
    publish(channel)
    jacket("second-jacket")  # the same logo (same MD5), in a later run

    run = publish(channel)

    assert run.counts == {"created": 1, "unchanged": 1}
    images = store.app.store.all("MediaImage")
    sources = sorted(i["originalSource"] for i in images)
    assert sources == [
        "https://cdn.example.com/first-jacket-navy.png",
        "https://cdn.example.com/second-jacket-navy.png",
        "https://cdn.example.com/shared-logo.png",
    ]
    logo = next(i for i in images if i["originalSource"].endswith("shared-logo.png"))
    products = store.app.store.all("Product")
    assert [p["media"][0] for p in products] == [{"__ref": logo["id"]}, {"__ref": logo["id"]}]
    assert PublishedRef.objects.filter(channel=channel, kind="image").count() == 3


def test_a_long_title_fails_or_is_truncated_per_setting(stores: Stores) -> None:
    store = stores.add("ness")
    season("SS27")
    product = jacket()
    update_product(
        product_id=product.pk,
        changes={"custom_fields": {"marketplace_title": "T" * 300}},
    )
    mapping = [
        {"source": "custom_fields.marketplace_title", "target": "product.title"},
        {"source": "sku", "target": "variant.sku"},
    ]
    channel = channel_for(store, mapping=mapping)

    failed = publish(channel)

    assert (failed.status, items(failed)) == (
        "failed",
        [
            (
                f"product:{product.pk}",
                "failed",
                "the title is 300 characters long; Shopify allows 255 (the setting long_title is "
                '"fail"; set it to "truncate" to cut such titles)',
            )
        ],
    )
    assert store.app.store.all("Product") == []
    set_publish(channel, long_title="truncate")

    retried = publish(channel)

    assert retried.counts == {"created": 1}
    [held] = store.app.store.all("Product")
    assert held["title"] == "T" * 255
    # fields the template leaves out are not published
    assert (held["vendor"], held["productType"], held["descriptionHtml"]) == ("", "", "")
