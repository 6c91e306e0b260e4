"""Publish listings: attributes beyond Shopify's three, variant positions on update, option
mismatches, taxonomy categories, smart collections, large products (asynchronous productSet),
products gone from the store, and a season push under injected faults."""

from __future__ import annotations

from decimal import Decimal

import pytest

from stockbridge.catalog.models import ProductAttribute
from stockbridge.catalog.services import add_variant, create_product, update_product
from stockbridge.catalog.specs import AttributeSpec, ProductSpec, VariantSpec
from stockbridge.channels.models import Listing, PublishedRef
from tests.channels.publishing import (
    channel_for,
    items,
    jacket,
    load_taxonomy,
    publish,
    remote,
    season,
    set_publish,
)
from tests.support.shopify_stores import Stores

pytestmark = pytest.mark.django_db(transaction=True)

DELETE = """mutation($id: ID!) { productDelete(input: {id: $id}) { userErrors { message } } }"""


def _held(store: object, channel: object) -> dict:  # type: ignore[type-arg]
    listing = Listing.objects.filter(channel=channel).first()
    assert listing is not None
    return remote(store, listing.remote_product_id)  # type: ignore[arg-type]


def test_a_fourth_and_fifth_attribute_travel_as_variant_metafields(stores: Stores) -> None:
    store = stores.add("five")
    season("SS27")
    jacket(attributes=5)
    channel = channel_for(store, metafield_namespace="stockbridge")

    run = publish(channel)

    assert run.counts == {"created": 1}
    held = _held(store, channel)
    assert [o["name"] for o in held["options"]] == ["Colour", "Size", "Fit"]
    assert held["variants"]["nodes"][0]["metafields"]["nodes"] == [
        {"namespace": "stockbridge", "key": "lining", "value": "Fleece"},
        {"namespace": "stockbridge", "key": "zip", "value": "YKK"},
    ]


def test_extra_attributes_as_tags_per_setting(stores: Stores) -> None:
    store = stores.add("tags")
    season("SS27")
    jacket(attributes=4)
    channel = channel_for(store, extra_attributes="tags")

    publish(channel)

    held = _held(store, channel)
    assert sorted(held["tags"]) == ["Lining: Fleece", "Ponies", "Shetland", "rain"]
    assert [v["metafields"]["nodes"] for v in held["variants"]["nodes"]] == [[], [], [], []]


def test_variants_differing_only_beyond_the_third_attribute_fail_with_a_reason(
    stores: Stores,
) -> None:
    store = stores.add("clash")
    season("SS27")
    product = jacket(attributes=3)
    attribute = ProductAttribute.objects.get(product=product, name="Fit")
    attribute.values = ["Slim", "Loose"]
    attribute.save()
    ProductAttribute.objects.create(product=product, name="Lining", position=4, values=["A", "B"])
    for variant in product.variants.all():
        variant.attribute_values = [*variant.attribute_values, "A"]
        variant.save()
    add_variant(
        product_id=product.pk,
        spec=VariantSpec(
            sku="CLASH",
            price=Decimal("54.00"),
            currency="USD",
            attribute_values=("Navy", "S", "Slim", "B"),
        ),
    )
    channel = channel_for(store)

    run = publish(channel)

    assert items(run) == [
        (
            f"product:{product.pk}",
            "failed",
            "variants HARBOUR-JACKET-Navy-S-Slim and CLASH both show as Navy / S / Slim (they "
            "differ only in Lining, which the channel cannot show as an option: it allows 3 "
            "options)",
        )
    ]
    assert store.app.store.all("Product") == []


def test_on_update_new_variants_are_appended_and_positions_kept(stores: Stores) -> None:
    store = stores.add("append")
    season("SS27")
    product = jacket()
    channel = channel_for(store)
    publish(channel)
    attribute = ProductAttribute.objects.get(product=product, name="Size")
    attribute.values = ["XS", "S", "M"]
    attribute.save()
    add_variant(
        product_id=product.pk,
        spec=VariantSpec(
            sku="HARBOUR-JACKET-Navy-XS",
            price=Decimal("54.00"),
            currency="USD",
            attribute_values=("Navy", "XS"),
        ),
    )

    run = publish(channel)

    assert run.counts == {"updated": 1}
    held = _held(store, channel)
    assert [(v["position"], v["title"]) for v in held["variants"]["nodes"]] == [
        (1, "Navy / S"),
        (2, "Navy / M"),
        (3, "Moss / S"),
        (4, "Moss / M"),
        (5, "Navy / XS"),
    ]
    assert Listing.objects.filter(channel=channel).count() == 5


def test_an_option_structure_mismatch_fails_with_a_reason_and_changes_nothing(
    stores: Stores,
) -> None:
    store = stores.add("mismatch")
    season("SS27")
    product = jacket()
    channel = channel_for(store)
    publish(channel)
    ProductAttribute.objects.create(product=product, name="Fit", position=3, values=["Slim"])
    for variant in product.variants.all():
        variant.attribute_values = [*variant.attribute_values, "Slim"]
        variant.save()

    run = publish(channel)

    assert items(run) == [
        (
            f"product:{product.pk}",
            "failed",
            "variant mismatch: in Shopify this product has Colour / Size, here it has Colour / "
            "Size / Fit; make the options match (in Shopify or here) and publish again",
        )
    ]
    assert [o["name"] for o in _held(store, channel)["options"]] == ["Colour", "Size"]


def test_a_category_rule_sets_the_taxonomy_category(stores: Stores, shared_dir: object) -> None:
    store = stores.add("taxa")
    load_taxonomy(store, "ap-1")
    season("SS27")
    jacket()
    rules = [{"category": "Live Animals", "taxonomy": "gid://shopify/TaxonomyCategory/ap-1"}]
    channel = channel_for(store, category_rules=rules)

    publish(channel)

    assert _held(store, channel)["category"] == {
        "id": "gid://shopify/TaxonomyCategory/ap-1",
        "fullName": "Animals & Pet Supplies > Live Animals",
    }


def test_a_smart_collection_per_product_type_is_made_once(stores: Stores) -> None:
    store = stores.add("smart")
    season("SS27")
    jacket("jacket-one")
    jacket("jacket-two")
    channel = channel_for(store, smart_collections=True)

    run = publish(channel)
    publish(channel)

    assert run.counts == {"created": 2}
    collections = store.app.store.all("Collection")
    assert [(c["title"], c["ruleSet"]["rules"]) for c in collections] == [
        ("Outerwear", [{"column": "TYPE", "relation": "EQUALS", "condition": "Outerwear"}])
    ]
    members = store.gql(
        "query($id: ID!) { collection(id: $id) { products(first: 5) { nodes { handle } } } }",
        {"id": collections[0]["id"]},
    )["collection"]["products"]["nodes"]
    assert sorted(m["handle"] for m in members) == ["jacket-one", "jacket-two"]
    assert PublishedRef.objects.filter(channel=channel, kind="collection").count() == 1


def test_a_large_product_is_set_asynchronously(stores: Stores) -> None:
    store = stores.add("large")
    season("SS27")
    colours = tuple(f"C{n:02d}" for n in range(20))
    sizes = tuple(f"S{n:02d}" for n in range(13))
    create_product(
        spec=ProductSpec(
            title="Paint",
            handle="paint",
            season="SS27",
            attributes=(AttributeSpec("Colour", colours), AttributeSpec("Size", sizes)),
            variants=tuple(
                VariantSpec(
                    sku=f"PAINT-{c}-{s}",
                    price=Decimal("5.00"),
                    currency="USD",
                    attribute_values=(c, s),
                )
                for c in colours
                for s in sizes
            ),
        )
    )
    channel = channel_for(store)

    run = publish(channel)

    assert items(run) == [(items(run)[0][0], "created", "")]
    assert Listing.objects.filter(channel=channel).count() == 260
    operations = [e["operation"] for e in store.app.request_log]
    assert operations == ["ProductSet", "ProductOperation", "PublishedVariants"]


def test_a_product_deleted_in_the_store_removes_only_the_links(stores: Stores) -> None:
    store = stores.add("gone")
    season("SS27")
    product = jacket()
    channel = channel_for(store)
    publish(channel)
    listing = Listing.objects.filter(channel=channel).first()
    assert listing is not None
    store.gql(DELETE, {"id": listing.remote_product_id})
    update_product(product_id=product.pk, changes={"title": "Harbour Jacket II"})

    run = publish(channel)

    assert items(run) == [
        (
            f"product:{product.pk}",
            "failed",
            "the linked product does not exist in the channel any more; its listings are removed",
        )
    ]
    assert set(Listing.objects.filter(channel=channel).values_list("status", flat=True)) == {
        "removed"
    }
    assert product.variants.count() == 4  # the hub's product stays

    again = publish(channel)  # published anew, linked again

    assert again.counts == {"created": 1}
    assert set(Listing.objects.filter(channel=channel).values_list("status", flat=True)) == {
        "linked"
    }


def test_with_faults_injected_a_season_push_ends_the_same_without_duplicates(
    stores: Stores,
) -> None:
    store = stores.add("faulty")
    season("SS27")
    handles = [f"coat-{n}" for n in range(4)]
    for handle in handles:
        jacket(handle)
    channel = channel_for(store)
    store.control("faults", {"error_rate": 0.2, "throttle_burst": 2})

    first = publish(channel)
    if first.counts != {"created": 4}:
        publish(channel)  # what failed for good is sent again by the next run

    products = store.app.store.all("Product")
    assert sorted(p["handle"] for p in products) == handles
    assert len(store.app.store.all("ProductVariant")) == 16
    sources = [m["originalSource"] for m in store.app.store.all("MediaImage")]
    assert sorted(sources) == sorted(
        ["https://cdn.example.com/shared-logo.png"]
        + [f"https://cdn.example.com/{h}-navy.png" for h in handles]
    )
    assert Listing.objects.filter(channel=channel, status="linked").count() == 16
    assert set_publish is not None
