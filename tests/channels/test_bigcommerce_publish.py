"""Publish listings to BigCommerce through the same engine and port as Shopify: a season's
products are created with their options and variants (a product without attributes as a
simple product), drafts hidden from the storefront, what BigCommerce has no field for carried
in custom fields (products) and metafields (variants), the hub's stock set at the chosen
location, the variants linked; a second run sends nothing; an edit updates in place. Every
body the store received is valid against BigCommerce's request schemas."""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path

import pytest
from sandboxes.tests.bigcommerce.reference import request_schema, validate

from stockbridge.catalog.models import Product, Variant
from stockbridge.channels import services
from stockbridge.channels.models import Listing
from stockbridge.channels.publish_mapping import DEFAULT_TEMPLATE
from stockbridge.inventory.services.adjusting import adjust
from stockbridge.sync.operations import run_operation
from stockbridge_sandboxes.bigcommerce import BigCommerceApp
from tests.channels.importing import location
from tests.support.bigcommerce_shop import sent_bodies
from tests.support.bigcommerce_stores import BASE, routed_bigcommerce

from .publishing import jacket, season

pytestmark = pytest.mark.django_db(transaction=True)
MAPPING = [
    *(row.as_dict() for row in DEFAULT_TEMPLATE),
    {"source": "season", "target": "product.metafield.season"},
    {"source": "barcode", "target": "variant.metafield.ean"},
]  # fmt: skip


@pytest.fixture
def app(channel_fanout: None) -> Iterator[BigCommerceApp]:
    yield from routed_bigcommerce(BigCommerceApp(plan="enterprise"))


def test_a_season_is_published_as_drafts_with_variants_custom_fields_and_stock(
    app: BigCommerceApp, shared_dir: Path
) -> None:
    channel = services.add_channel(kind="bigcommerce", name="BC", domain="sandbox1", base_url=BASE)
    channel = services.connect_with_token(channel=channel, token=app.token)
    wh = location("WH")
    services.map_location(channel=channel, location=wh.pk, remote_location_id="1")
    services.set_operation(
        channel=channel,
        operation="publish_listings",
        settings={"season": "SS27", "location": "1", "mapping": MAPPING},
    )
    season("SS27")
    jacket()
    jacket("deck-shoe", title="Deck Shoe", attributes=0)
    Product.objects.filter(handle="deck-shoe").update(status="draft")  # not for sale yet
    navy_s = Variant.objects.get(sku="HARBOUR-JACKET-Navy-S")
    adjust(variant_id=navy_s.pk, location_id=wh.pk, delta=6)

    run = run_operation(channel_id=channel.pk, operation="publish_listings")
    assert (run.status, run.counts) == ("ok", {"created": 2}), run.message

    coat, shoe = sorted(app.store.products.values(), key=lambda p: p["id"])
    assert (coat["name"], coat["is_visible"], coat["custom_url"]["url"]) == (
        "Harbour Jacket", True, "/harbour-jacket/")  # fmt: skip
    assert (coat["page_title"], coat["search_keywords"], coat["brand_id"]) == (
        "Harbour Jacket | Quay", "rain, Ponies, Shetland", 1)  # fmt: skip
    assert [(f["name"], f["value"]) for f in coat["custom_fields"]] == [
        ("Product type", "Outerwear"), ("season", "SS27")]  # fmt: skip
    variants = [v for v in app.store.variants.values() if v["product_id"] == coat["id"]]
    assert [(v["sku"], [o["label"] for o in v["option_values"]]) for v in variants] == [
        ("HARBOUR-JACKET-Navy-S", ["Navy", "S"]), ("HARBOUR-JACKET-Navy-M", ["Navy", "M"]),
        ("HARBOUR-JACKET-Moss-S", ["Moss", "S"]), ("HARBOUR-JACKET-Moss-M", ["Moss", "M"]),
    ]  # fmt: skip
    first = variants[0]
    assert (first["price"], first["retail_price"], first["cost_price"], first["upc"]) == (
        54.0, 60.0, 20.5, "4000000")  # fmt: skip
    assert sorted((m["resource_id"], m["key"], m["value"])
                  for m in app.store.variant_metafields.values())[:2] == [
        (first["id"], "ean", "4000000"), (variants[1]["id"], "ean", "4000001"),
    ]  # fmt: skip
    assert app.store.stock[(first["id"], 1)] == 6
    assert (shoe["name"], shoe["is_visible"], shoe["sku"], shoe["price"]) == (
        "Deck Shoe",
        False,
        "DECK-SHOE-",
        54.0,
    )  # a draft: hidden from the storefront
    linked = Listing.objects.filter(channel=channel, status="linked")
    assert linked.count() == 5
    assert linked.get(variant=navy_s).remote_variant_id == str(first["id"])
    for method, path, body in sent_bodies(app):
        validate(body, request_schema(shared_dir, method, path))

    again = run_operation(channel_id=channel.pk, operation="publish_listings")
    assert again.counts == {"unchanged": 2}

    Product.objects.filter(handle="harbour-jacket").update(title="Harbour Jacket II")
    Variant.objects.filter(product__handle="harbour-jacket").update(price=Decimal("49.00"))
    edited = run_operation(channel_id=channel.pk, operation="publish_listings")
    assert edited.counts == {"updated": 1, "unchanged": 1}
    assert (coat["name"], len(app.store.products)) == ("Harbour Jacket II", 2)
    assert {v["price"] for v in variants} == {49.0}
    assert [(f["name"], f["value"]) for f in coat["custom_fields"]] == [
        ("Product type", "Outerwear"), ("season", "SS27")]  # fmt: skip
    for method, path, body in sent_bodies(app):
        validate(body, request_schema(shared_dir, method, path))
