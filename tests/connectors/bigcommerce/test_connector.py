"""The BigCommerce connector against the BigCommerce sandbox, built the way the engine builds
it (`Kind.connect`): test connection, locations, the catalog, stock in batches with one
refused item isolated, prices, rate limits obeyed, and every body sent valid against
BigCommerce's own request schemas."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import httpx
import pytest
from sandboxes.tests.bigcommerce.reference import request_schema, validate

from stockbridge.channels.port import (
    ConnectorContext,
    Credentials,
    Endpoint,
    LevelWrite,
    Outcome,
    PriceWrite,
    RemoteLevel,
    RemoteQuantity,
)
from stockbridge.connectors.bigcommerce.connector import BigCommerceConnector
from stockbridge.connectors.bigcommerce.kind import BIGCOMMERCE
from stockbridge_sandboxes.bigcommerce import BigCommerceApp
from stockbridge_sandboxes.bigcommerce.store import Clock

V3 = "/stores/sandbox1/v3"


class _Free:
    def __init__(self) -> None:
        self.observed: list[tuple[float, float, float]] = []
        self.blocked: list[float] = []

    def wait(self, cost: float) -> None:
        return None

    def observe(self, *, available: float, maximum: float, restore_rate: float) -> None:
        self.observed.append((available, maximum, restore_rate))

    def block(self, seconds: float) -> None:
        self.blocked.append(seconds)


@pytest.fixture
def store() -> BigCommerceApp:
    app = BigCommerceApp(clock=Clock(1_796_600_000.0))
    with httpx.Client(transport=httpx.WSGITransport(app=app), base_url="http://bc.test",
                      headers={"X-Auth-Token": app.token}) as http:  # fmt: skip
        http.post(f"{V3}/inventory/locations", json=[{"label": "Leeds", "code": "LEEDS"}])
        http.post(f"{V3}/catalog/products", json={
            "name": "Nidd Cotton Tee", "type": "physical", "weight": 0.2, "price": 25,
            "inventory_tracking": "variant",
            "variants": [
                {"sku": "NCT-S", "price": 25, "cost_price": 9, "option_values": [
                    {"option_display_name": "Size", "label": "S"}]},
                {"sku": "NCT-M", "option_values": [
                    {"option_display_name": "Size", "label": "M"}]},
            ],
        })  # fmt: skip
        http.post(f"{V3}/catalog/products", json={
            "name": "Enamel Mug", "type": "physical", "weight": 0.4, "price": 9.75,
            "sku": "MUG", "inventory_tracking": "product", "is_visible": False,
        })  # fmt: skip
    return app


@pytest.fixture
def throttle() -> _Free:
    return _Free()


@pytest.fixture
def connector(store: BigCommerceApp, throttle: _Free) -> BigCommerceConnector:
    built = BIGCOMMERCE.connect(
        ConnectorContext(
            endpoint=Endpoint(domain=store.store_hash, base_url="http://bc.test"),
            credentials=Credentials(access_token=store.token),
            throttle=throttle,
            transport=httpx.WSGITransport(app=store),
        )
    )
    assert isinstance(built, BigCommerceConnector)

    def wait(seconds: float) -> None:  # time passes on the store's clock, not ours
        assert store.store.clock.fixed is not None
        store.store.clock.fixed += seconds

    built.client.sleep = wait
    return built


def test_connection_and_locations(connector: BigCommerceConnector, throttle: _Free) -> None:
    info = connector.test()
    assert (info.name, info.domain, info.plan, info.currency) == (
        "Sandbox Store", "sandbox1", "Standard", "USD")  # fmt: skip
    assert info.scopes == frozenset({"read", "write"})
    assert [(loc.remote_id, loc.name) for loc in connector.locations()] == [
        ("1", "Default location"),
        ("2", "Leeds"),
    ]
    assert throttle.observed[-1][1:] == (150.0, 5.0)  # quota 150 a 30 s window


def test_the_catalog_maps_onto_remote_products(connector: BigCommerceConnector) -> None:
    tee, mug = list(connector.export_catalog())
    assert (tee.title, tee.status, tee.option_names) == ("Nidd Cotton Tee", "active", ("Size",))
    assert [(v.sku, v.options, v.price, v.cost, v.tracked) for v in tee.variants] == [
        ("NCT-S", (("Size", "S"),), Decimal("25"), Decimal("9"), True),
        ("NCT-M", (("Size", "M"),), Decimal("25"), None, True),
    ]
    assert all(v.inventory_item_id == v.remote_id for v in tee.variants)
    assert (mug.status, [v.sku for v in mug.variants], mug.option_names) == ("draft", ["MUG"], ())
    assert mug.variants[0].price == Decimal("9.75")
    assert mug.variants[0].quantities == (RemoteQuantity("1", 0, 0), RemoteQuantity("2", 0, 0))


def test_stock_is_written_in_one_call_and_a_refused_item_is_isolated(
    connector: BigCommerceConnector, shared_dir: Path
) -> None:
    tee, mug = list(connector.export_catalog())
    small, medium = (v.remote_id for v in tee.variants)
    writes = [
        LevelWrite("a", small, "1", 7, None),
        LevelWrite("b", small, "2", 3, None),
        LevelWrite("c", "999999", "2", 1, None),
        LevelWrite("d", mug.variants[0].remote_id, "1", 12, None),
    ]
    results = {r.ref: r for r in connector.set_levels(writes)}
    assert {ref: (r.outcome, r.confirmed) for ref, r in results.items()} == {
        "a": (Outcome.UPDATED, 7), "b": (Outcome.UPDATED, 3),
        "c": (Outcome.FAILED, None), "d": (Outcome.UPDATED, 12),
    }  # fmt: skip
    assert results["c"].error_kind == "NotFound"
    read = connector.read_levels_of([(small, "1"), (small, "2"), (medium, "2")])
    assert sorted(read, key=lambda lv: (lv.sku, lv.location_remote_id)) == [
        RemoteLevel(medium, "2", 0, medium, "NCT-M"),
        RemoteLevel(small, "1", 7, small, "NCT-S"),
        RemoteLevel(small, "2", 3, small, "NCT-S"),
    ]
    levels = list(connector.read_levels())
    assert len(levels) == 3 * 2  # three variants at two locations
    for method, path, body in connector.client.sent:
        validate(body, request_schema(shared_dir, method, path))


def test_prices_in_batches_with_cleared_amounts(
    connector: BigCommerceConnector, store: BigCommerceApp, shared_dir: Path
) -> None:
    tee, _ = list(connector.export_catalog())
    small, medium = (v.remote_id for v in tee.variants)
    results = list(connector.set_prices([
        PriceWrite("s", tee.remote_id, small, small, "USD", price=Decimal("27.50"),
                   compare_at_price=Decimal("35"), cleared=frozenset({"cost"})),
        PriceWrite("m", tee.remote_id, medium, medium, "USD", price=Decimal("26")),
        PriceWrite("x", tee.remote_id, "999999", "999999", "USD", price=Decimal("1")),
    ]))  # fmt: skip
    assert {r.ref: (r.outcome, r.error_kind) for r in results} == {
        "s": (Outcome.UPDATED, None), "m": (Outcome.UPDATED, None),
        "x": (Outcome.FAILED, "NotFound"),  # a variant gone from the store
    }  # fmt: skip
    variant = store.store.variants[int(small)]
    assert (variant["price"], variant["retail_price"], variant["cost_price"]) == (27.5, 35.0, 0)
    for method, path, body in connector.client.sent:
        validate(body, request_schema(shared_dir, method, path))


def test_a_spent_rate_limit_is_waited_out(
    connector: BigCommerceConnector, store: BigCommerceApp, throttle: _Free
) -> None:
    assert store.store.clock.fixed is not None
    store.store.clock.fixed += 30  # a fresh window (seeding the store used the last one)
    store.quota = 2
    assert len(connector.locations()) == 2
    assert len(list(connector.export_catalog())) == 2
    assert len(connector.locations()) == 2
    assert connector.client.stats.throttled == 1  # the third call waited for the next window
    assert throttle.blocked == [30.0]  # and held back every worker of the store meanwhile
