"""Available to promise by date from real stock and purchase orders: API and CLI. A purchase
order expected on a date appears as future stock on that date, and moves to today's available
when it is received."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, date, datetime

import pytest

from stockbridge.catalog.models import Variant
from stockbridge.cli.main import main
from stockbridge.inventory.models import Location
from stockbridge.inventory.services.adjusting import adjust
from stockbridge.inventory.services.reserving import reserve
from stockbridge.platform import clock
from stockbridge.purchasing import services
from stockbridge.purchasing.models import Supplier
from stockbridge.purchasing.services import LineSpec


@pytest.fixture
def frozen() -> Iterator[None]:
    previous = clock.install(clock.FrozenClock(datetime(2026, 12, 7, 9, 30, tzinfo=UTC)))
    yield
    clock.install(previous)


@pytest.fixture
def stocked(frozen: None, variant: Variant, warehouse: Location, store: Location) -> Variant:
    supplier = Supplier.objects.create(name="Mill & Co", code="MILL")
    adjust(variant_id=variant.pk, location_id=warehouse.pk, delta=10)
    reserve(variant_id=variant.pk, quantity=3, reference="SO-1", location_id=warehouse.pk)
    for expected, quantity, where in (
        (date(2026, 12, 20), 12, warehouse),
        (date(2027, 1, 15), 30, warehouse),
        (date(2026, 12, 12), 5, store),
    ):
        services.create_purchase_order(
            supplier_id=supplier.pk,
            location_id=where.pk,
            lines=[LineSpec(variant_id=variant.pk, quantity=quantity)],
            expected_on=expected,
            place=True,
        )
    return variant


def test_the_api_answers_each_location_s_steps(api, stocked: Variant) -> None:  # type: ignore[no-untyped-def]
    response = api.get("/api/v1/stock/promise", sku=stocked.sku)
    assert response.status_code == 200
    rows = response.json()
    assert [(r["location"], r["on_hand"], r["committed"], r["available"]) for r in rows] == [
        ("STORE", 0, 0, 0),
        ("WH", 10, 3, 7),
    ]
    assert rows[0]["steps"] == [
        {"on": "2026-12-07", "arriving": 0, "promisable": 0},
        {"on": "2026-12-12", "arriving": 5, "promisable": 5},
    ]
    assert rows[1]["steps"] == [
        {"on": "2026-12-07", "arriving": 0, "promisable": 7},
        {"on": "2026-12-20", "arriving": 12, "promisable": 19},
        {"on": "2027-01-15", "arriving": 30, "promisable": 49},
    ]
    assert rows[1]["undated_incoming"] == 0


def test_receiving_moves_future_stock_to_today(api, stocked: Variant, warehouse: Location) -> None:  # type: ignore[no-untyped-def]
    from stockbridge.purchasing.models import PurchaseOrder

    po = PurchaseOrder.objects.get(location=warehouse, expected_on=date(2026, 12, 20))
    services.receive_purchase_order(purchase_order_id=po.pk)
    [wh] = api.get("/api/v1/stock/promise", sku=stocked.sku, location_id=warehouse.pk).json()
    assert wh["steps"] == [
        {"on": "2026-12-07", "arriving": 0, "promisable": 19},
        {"on": "2027-01-15", "arriving": 30, "promisable": 49},
    ]


def test_the_api_needs_a_variant(api) -> None:  # type: ignore[no-untyped-def]
    response = api.get("/api/v1/stock/promise")
    assert response.status_code == 400
    assert response.json()["errors"] == [
        {"field": "sku", "reason": "name the variant by sku or variant_id", "code": "invalid"}
    ]


def test_the_cli_prints_the_steps(stocked: Variant, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["stock", "promise", stocked.sku, "--location", "WH"]) == 0
    assert capsys.readouterr().out.splitlines() == [
        "LOCATION     FROM       ARRIVING PROMISABLE",
        "WH           2026-12-07        0          7",
        "WH           2026-12-20       12         19",
        "WH           2027-01-15       30         49",
    ]
    assert main(["stock", "promise", "NOPE"]) == 2
    assert capsys.readouterr().err == "stockbridge: sku: no variant with SKU 'NOPE'\n"
