"""The WooCommerce connector against the sandbox: what it reads (the store, the catalog, the
levels), what it writes (stock and prices in batches of up to 100: the fewest calls the batch
limit allows), how each failed item is reported, and that every body it sends is valid
against the reference's request schema."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from stockbridge.channels.errors import AuthFailed
from stockbridge.channels.port import LevelWrite, PriceWrite, RemoteQuantity
from stockbridge.connectors.woocommerce.connector import WooConnector
from stockbridge_sandboxes.woocommerce.seed import seed_generated
from tests.support.woo_stores import WooStore

from .conftest import connector_for, request_problems


def write(item: str, quantity: int, ref: str = "", location: str = "stock") -> LevelWrite:
    return LevelWrite(
        ref=ref or item,
        inventory_item_id=item,
        location_remote_id=location,
        quantity=quantity,
        last_seen=None,
    )


def posts(store: WooStore) -> list[str]:
    return [
        path.removeprefix("/wp-json/wc/v3") for method, path, _ in store.sent if method == "POST"
    ]


def test_test_connection_reports_the_store_and_its_key_permissions(
    store: WooStore, connector: WooConnector
) -> None:
    info = connector.test()
    assert (info.name, info.domain, info.plan, info.currency, info.scopes) == (
        "woo-c store",
        "woo-c.sandbox.test",
        "WooCommerce 9.8.5",
        "USD",
        frozenset({"read", "write"}),
    )
    assert store.writes() == [("POST", "/wp-json/wc/v3/products/batch", {})]  # writes nothing
    assert [(r.remote_id, r.name) for r in connector.locations()] == [("stock", "Store stock")]


def test_a_wrong_key_is_auth_failed(store: WooStore) -> None:
    connector = connector_for(store)
    store.app.keys.keys[0].consumer_secret = "cs_changed"  # the key was revoked and remade
    with pytest.raises(AuthFailed) as raised:
        connector.test()
    assert raised.value.message == (
        "WooCommerce refused the REST API key "
        "(Invalid signature - provided signature does not match.)"
    )


def test_over_https_the_key_goes_by_basic_auth(store: WooStore) -> None:
    https = connector_for(store, base_url="https://woo-c.sandbox.test")
    assert https.test().currency == "USD"


def test_the_catalog_maps_variable_and_simple_products(
    store: WooStore, connector: WooConnector
) -> None:
    shirt = store.api(
        "POST",
        "/products",
        {
            "name": "Shirt",
            "type": "variable",
            "status": "draft",
            "tags": [],
            "attributes": [
                {"name": "Colour", "position": 1, "options": ["Red"], "variation": True},
                {"name": "Size", "position": 0, "options": ["S"], "variation": True},
                {"name": "Fabric", "position": 2, "options": ["Linen"], "variation": False},
            ],
        },
    )
    red = store.api(
        "POST",
        f"/products/{shirt['id']}/variations",
        {
            "sku": "SH-S-R",
            "regular_price": "30.00",
            "sale_price": "25.00",
            "manage_stock": True,
            "stock_quantity": 4,
            "attributes": [{"name": "Colour", "option": "Red"}, {"name": "Size", "option": "S"}],
        },
    )
    pen = store.api("POST", "/products", {"name": "Pen", "sku": "PEN", "regular_price": "2"})
    products = list(connector.export_catalog())
    assert [(p.remote_id, p.title, p.status, p.published, p.option_names) for p in products] == [
        (str(shirt["id"]), "Shirt", "draft", False, ("Size", "Colour")),
        (str(pen["id"]), "Pen", "active", True, ()),
    ]
    [variant] = products[0].variants
    assert (
        variant.remote_id,
        variant.inventory_item_id,
        variant.sku,
        variant.title,
        variant.options,
        variant.price,
        variant.compare_at_price,
        variant.tracked,
        variant.quantities,
    ) == (
        str(red["id"]),
        f"{shirt['id']}/{red['id']}",
        "SH-S-R",
        "Shirt - S, Red",
        (("Size", "S"), ("Colour", "Red")),
        Decimal("25.00"),
        Decimal("30.00"),
        True,
        (RemoteQuantity(location_remote_id="stock", available=4),),
    )
    [simple] = products[1].variants
    assert (simple.inventory_item_id, simple.price, simple.tracked, simple.quantities) == (
        str(pen["id"]),
        Decimal("2"),
        False,
        (),
    )


def test_stock_goes_in_the_fewest_batches_of_100(store: WooStore, connector: WooConnector) -> None:
    simple = seed_generated(store.app.catalog, 250, stock=1)
    big = seed_generated(store.app.catalog, 1, 150, stock=1, prefix="BIG")
    small = seed_generated(store.app.catalog, 1, 30, stock=1, prefix="SMALL")
    parent = {v["id"]: store.app.store.parent_of[v["id"]] for v in big + small}
    writes = [write(str(p["id"]), 5) for p in simple] + [
        write(f"{parent[v['id']]}/{v['id']}", 6) for v in big + small
    ]

    results = list(connector.set_levels(writes))

    assert sorted((r.outcome, r.confirmed) for r in results) == sorted(
        [("updated", 5)] * 250 + [("updated", 6)] * 180
    )
    big_parent, small_parent = parent[big[0]["id"]], parent[small[0]["id"]]
    # ceil(250 / 100) + ceil(150 / 100) + ceil(30 / 100) = 3 + 2 + 1
    assert sorted(posts(store)) == sorted(
        ["/products/batch"] * 3
        + [f"/products/{big_parent}/variations/batch"] * 2
        + [f"/products/{small_parent}/variations/batch"]
    )
    assert store.app.store.products[simple[0]["id"]]["stock_quantity"] == 5


def test_each_failed_item_says_why_and_sinks_nothing_else(
    store: WooStore, connector: WooConnector
) -> None:
    stocked = seed_generated(store.app.catalog, 1, stock=3)[0]
    loose = store.api("POST", "/products", {"name": "Loose", "sku": "LOOSE"})
    results = {
        r.ref: (r.outcome, r.error_kind, r.message)
        for r in connector.set_levels(
            [
                write(str(stocked["id"]), 8, "ok"),
                write("999999", 1, "gone"),
                write(str(loose["id"]), 2, "unmanaged"),
                write("888888/1", 1, "parent gone"),
                write(str(stocked["id"]), 2, "elsewhere", location="gid://x"),
            ]
        )
    }
    assert results == {
        "ok": ("updated", None, ""),
        "gone": (
            "failed",
            "NotFound",
            "the item does not exist in WooCommerce any more (Invalid ID.)",
        ),
        "unmanaged": (
            "failed",
            "Rejected",
            "WooCommerce does not manage the stock of this item: turn on 'Manage stock?' for "
            "it in WooCommerce",
        ),
        "parent gone": (
            "failed",
            "NotFound",
            "the item does not exist in WooCommerce any more (Invalid ID.)",
        ),
        "elsewhere": (
            "failed",
            "NotFound",
            "WooCommerce has no location 'gid://x': its one location is 'stock'",
        ),
    }
    assert store.app.store.products[stocked["id"]]["stock_quantity"] == 8
    assert store.app.store.products[loose["id"]]["manage_stock"] is False  # never turned on


def test_rate_limits_and_errors_are_retried(store: WooStore, connector: WooConnector) -> None:
    [item] = seed_generated(store.app.catalog, 1, stock=1)
    store.app.faults.http_429_burst = 2
    [result] = connector.set_levels([write(str(item["id"]), 9)])
    assert (result.outcome, result.confirmed) == ("updated", 9)
    assert (connector.client.stats.throttled, connector.client.stats.retries) == (2, 2)


def test_levels_are_read_tracked_or_not(store: WooStore, connector: WooConnector) -> None:
    [simple] = seed_generated(store.app.catalog, 1, stock=4)
    first, _ = seed_generated(store.app.catalog, 1, 2, stock=6, prefix="VAR")
    loose = store.api("POST", "/products", {"name": "Loose", "sku": "LOOSE"})
    parent = store.app.store.parent_of[first["id"]]
    levels = {
        lv.inventory_item_id: (lv.available, lv.tracked, lv.sku) for lv in connector.read_levels()
    }
    assert levels == {
        str(simple["id"]): (4, True, "GEN-0"),
        f"{parent}/{first['id']}": (6, True, "VAR-0-0"),
        f"{parent}/{first['id'] + 1}": (6, True, "VAR-0-1"),
        str(loose["id"]): (0, False, "LOOSE"),
    }
    again = connector.read_levels_of([(str(simple["id"]), "stock"), ("777777", "stock")])
    assert [(lv.inventory_item_id, lv.available) for lv in again] == [(str(simple["id"]), 4)]


def test_prices_map_onto_regular_and_sale_prices(store: WooStore, connector: WooConnector) -> None:
    a, b, c = seed_generated(store.app.catalog, 3)
    store.api("PUT", f"/products/{c['id']}", {"sale_price": "4.00"})

    def price(item: dict[str, object], ref: str, **amounts: object) -> PriceWrite:
        ids = str(item["id"])
        return PriceWrite(
            ref=ref,
            product_id=ids,
            variant_id=ids,
            inventory_item_id=ids,
            currency="USD",
            **amounts,
        )  # type: ignore[arg-type]

    results = {
        r.ref: (r.outcome, r.error_kind)
        for r in connector.set_prices(
            [
                price(a, "price", price=Decimal("12.5")),
                price(b, "sale", price=Decimal("8"), compare_at_price=Decimal("11")),
                price(
                    c, "cleared", price=Decimal("9.999"), cleared=frozenset({"compare_at_price"})
                ),
                price(a, "cost", cost=Decimal("3")),
            ]
        )
    }
    assert results == {
        "price": ("updated", None),
        "sale": ("updated", None),
        "cleared": ("updated", None),
        "cost": ("failed", "Rejected"),
    }
    shown = {
        sku: (p["regular_price"], p["sale_price"], p["price"])
        for p in store.app.store.products.values()
        for sku in [p["sku"]]
    }
    assert shown == {
        "GEN-0": ("12.50", "", "12.50"),
        "GEN-1": ("11.00", "8.00", "8.00"),
        "GEN-2": ("10.00", "", "10.00"),
    }


@pytest.mark.shared
def test_every_body_sent_is_valid_against_the_request_schema(
    store: WooStore, connector: WooConnector, reference: Path
) -> None:
    simple = seed_generated(store.app.catalog, 3, stock=1)
    variants = seed_generated(store.app.catalog, 1, 2, stock=1, prefix="VAR")
    parent = store.app.store.parent_of[variants[0]["id"]]
    connector.test()
    list(
        connector.set_levels(
            [write(str(p["id"]), 2) for p in simple]
            + [write(f"{parent}/{v['id']}", 3) for v in variants]
        )
    )
    list(
        connector.set_prices(
            [
                PriceWrite(
                    ref="a",
                    product_id=str(simple[0]["id"]),
                    variant_id=str(simple[0]["id"]),
                    inventory_item_id=str(simple[0]["id"]),
                    currency="USD",
                    price=Decimal("3"),
                    compare_at_price=Decimal("4"),
                ),
                PriceWrite(
                    ref="b",
                    product_id=str(parent),
                    variant_id=str(variants[0]["id"]),
                    inventory_item_id=f"{parent}/{variants[0]['id']}",
                    currency="USD",
                    price=Decimal("5"),
                    cleared=frozenset({"compare_at_price"}),
                ),
            ]
        )
    )
    bodies = [(path, body) for method, path, body in store.sent if body is not None]
    assert (
        len(bodies) == 5
    )  # the probe, stock (products, variations), prices (products, variations)
    assert [p for path, body in bodies for p in request_problems(reference, path, body)] == []
