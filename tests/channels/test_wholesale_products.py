"""Push products to a wholesale portal (the seed: "products the brand tags are pushed to the
portal hourly, new and existing told apart, with a default wholesale and a retail price in the
default currency only (other currencies: a warning, not a failure); tags also carry portal
attributes such as season and category; custom fields and availability dates are not sent")."""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path

import pytest

from stockbridge.catalog.services import create_product, update_product
from stockbridge.catalog.specs import ProductSpec, VariantSpec
from stockbridge.channels.access import seal
from stockbridge.channels.models import Channel, Listing, OperationSettings
from stockbridge.channels.port import Credentials
from stockbridge.channels.services import add_channel, set_operation
from stockbridge.sync.models import Run
from tests.channels.wholesale import items, jacket, operate
from tests.support.portals import HOST, Portals, assert_valid, request_schema, routed_portals

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def portals() -> Iterator[Portals]:
    yield from routed_portals()


def push(channel: Channel, *, dry_run: bool = False) -> Run:
    return operate(channel, "push_products", dry_run=dry_run)


def test_a_tagged_product_is_created_per_colour_with_prices_in_the_default_currency(
    portals: Portals, shared_dir: Path
) -> None:
    portal = portals.add()
    channel = portal.channel()
    jacket()
    create_product(spec=ProductSpec(title="Untagged", variants=(VariantSpec("U-1", Decimal(5)),)))
    run = push(channel)
    assert (run.status, items(run)) == (
        "ok",
        [("style:field-jacket-olive", "created", ""), ("style:field-jacket-navy", "created", "")],
    )
    created = portal.sent("PUT")
    assert [e["path"] for e in created] == ["/api/product/new", "/api/product/new"]
    assert created[0]["body"] == {
        "brand_id": "field-jacket-olive",
        "name": "Field Jacket",
        "style_number": "field-jacket",
        "color": "Olive",
        "description": "Waxed cotton.",
        "season": "FW26",
        "category": "Outerwear",
        "department": "Women",
        "sizes": [
            {"size": "S", "upc": "00010", "pricing": {"USD": {"wholesale": 90.0, "retail": 180.0}}},
            {"size": "M", "upc": "00011", "pricing": {"USD": {"wholesale": 92.5, "retail": 180.0}}},
        ],
        "pricing": {"USD": {"wholesale": 90.0, "retail": 180.0}},
    }
    schema = request_schema(shared_dir, "product.request", sent_never=("available_from",))
    for entry in created:
        assert_valid(entry["body"], schema)
        assert "available_from" not in entry["body"]
        assert "fabric_mill" not in str(entry["body"])
    held = {p["brand_id"]: p for p in portal.app.portal.products.values()}
    assert sorted(held) == ["field-jacket-navy", "field-jacket-olive"]
    links = {
        row.variant.sku: (row.remote_product_id, row.remote_variant_id)
        for row in Listing.objects.filter(channel=channel).select_related("variant")
    }
    olive = held["field-jacket-olive"]
    assert links["FJ-OLI-S"] == (olive["_id"], olive["sizes"][0]["_id"])
    assert links["FJ-OLI-M"] == (olive["_id"], olive["sizes"][1]["_id"])
    assert len(links) == 4


def test_an_unchanged_product_is_not_sent_and_a_changed_one_is_updated(
    portals: Portals, shared_dir: Path
) -> None:
    portal = portals.add()
    channel = portal.channel()
    product_id = jacket()
    push(channel)
    again = push(channel)
    assert [(ref, outcome) for ref, outcome, _ in items(again)] == [
        ("style:field-jacket-olive", "unchanged"),
        ("style:field-jacket-navy", "unchanged"),
    ]
    update_product(product_id=product_id, changes={"title": "Field Jacket II"})
    changed = push(channel)
    assert [(ref, outcome) for ref, outcome, _ in items(changed)] == [
        ("style:field-jacket-olive", "updated"),
        ("style:field-jacket-navy", "updated"),
    ]
    updates = portal.sent("POST")
    assert len(updates) == 2 and all(e["path"].startswith("/api/product/") for e in updates)
    schema = request_schema(shared_dir, "product.request", sent_never=("available_from",))
    for entry in updates:
        assert_valid(entry["body"], schema)
    assert {p["name"] for p in portal.app.portal.products.values()} == {"field jacket ii"}
    assert len(portal.app.portal.products) == 2


def test_another_currency_is_a_warning_and_its_price_is_not_sent(portals: Portals) -> None:
    portal = portals.add()
    channel = portal.channel()
    jacket(currency="EUR")
    run = push(channel)
    assert (run.status, items(run)) == (
        "ok",
        [
            (
                "price:FJ-NAV-S",
                "skipped",
                "FJ-NAV-S is priced in EUR: its price is not sent (the channel takes USD only)",
            ),
            (
                "price:FJ-NAV-M",
                "skipped",
                "FJ-NAV-M is priced in EUR: its price is not sent (the channel takes USD only)",
            ),
            ("style:field-jacket-olive", "created", ""),
            ("style:field-jacket-navy", "created", ""),
        ],
    )
    navy = portal.sent("PUT")[1]["body"]
    assert "pricing" not in navy
    assert [s.get("pricing") for s in navy["sizes"]] == [None, None]


def test_a_create_the_portal_already_holds_updates_it(portals: Portals) -> None:
    portal = portals.add()
    channel = portal.channel()
    jacket()
    portal.control("POST", "faults", {"drop_after_commit": 1})  # the first create's answer lost
    run = push(channel)
    assert [(ref, outcome) for ref, outcome, _ in items(run)] == [
        ("style:field-jacket-olive", "updated"),
        ("style:field-jacket-navy", "created"),
    ]
    assert len(portal.app.portal.products) == 2
    assert Listing.objects.filter(channel=channel).count() == 4


def test_the_preview_sends_nothing(portals: Portals) -> None:
    portal = portals.add()
    channel = portal.channel()
    jacket()
    run = push(channel, dry_run=True)
    assert items(run) == [
        ("style:field-jacket-olive", "created", "preview: would create"),
        ("style:field-jacket-navy", "created", "preview: would create"),
    ]
    assert portal.writes() == []
    assert run.message == "preview: nothing was sent"


def test_the_tag_setting_chooses_the_products_and_the_push_is_hourly(portals: Portals) -> None:
    portal = portals.add()
    channel = add_channel(kind="wholesale", name="Portal", domain=HOST, base_url=portal.base_url)
    Channel.objects.filter(pk=channel.pk).update(
        credentials=seal(Credentials(access_token=portal.token())), status="connected"
    )
    set_operation(channel=channel, operation="push_products", settings={"tag": "b2b"})
    jacket()
    assert items(push(channel)) == []
    jacket(tags=("b2b", "season:SS27", "category:Tops"), handle="b2b-jacket", sku="BJ")
    run = push(channel)
    assert [(ref, outcome) for ref, outcome, _ in items(run)] == [
        ("style:b2b-jacket-olive", "created"),
        ("style:b2b-jacket-navy", "created"),
    ]
    body = portal.sent("PUT")[0]["body"]
    assert (body["season"], body["category"], "department" in body) == ("SS27", "Tops", False)
    row = OperationSettings.objects.get(channel=channel, operation="push_products")
    assert (row.schedule, row.enabled) == ("hourly", True)


def test_a_revoked_grant_fails_the_run_and_disconnects_the_channel(portals: Portals) -> None:
    portal = portals.add()
    channel = portal.channel()
    jacket()
    portal.app.grants.clear()  # the brand admin revoked the application
    run = push(channel)
    assert (run.status, run.message) == (
        "failed",
        "the portal refused our OAuth signature (unknown or revoked oauth_token)",
    )
    channel.refresh_from_db()
    assert (channel.status, channel.status_reason) == (
        "disconnected",
        "the portal refused our OAuth signature (unknown or revoked oauth_token)",
    )
    assert [(e["path"], e["style"]) for e in portal.writes()] == [("/api/product/new", None)]
    assert portal.app.portal.products == {}
