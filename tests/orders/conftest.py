"""Order fixtures: variants, locations and stock made through the catalog and inventory, and
a small order builder."""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from itertools import count
from typing import Any

import pytest

from stockbridge.catalog.models import Product, Variant
from stockbridge.inventory import services as inventory
from stockbridge.inventory.models import Location, StockLevel
from stockbridge.orders import services
from stockbridge.orders.models import Order
from stockbridge.orders.specs import FulfilLine, LineSpec, OrderSpec, ShippingSpec

_seq = count(1)


def make_variant(sku: str, price: str = "10.00") -> Variant:
    n = next(_seq)
    product = Product.objects.create(title=f"Tee {n}", handle=f"tee-{n}-{sku.lower()}")
    return Variant.objects.create(
        product=product,
        sku=sku,
        currency="USD",
        price=Decimal(price),
        attribute_values=["Black", "M"],
    )


def make_location(code: str, *, priority: int = 100) -> Location:
    return Location.objects.create(name=f"Location {code}", code=code, priority=priority)


def stock(variant: Variant, location: Location, units: int) -> None:
    inventory.adjust(variant_id=variant.pk, location_id=location.pk, delta=units, reason="received")


def level(variant: Variant, location: Location) -> tuple[int, int]:
    """(on_hand, committed) of a variant at a location."""
    row = StockLevel.objects.filter(variant=variant, location=location).first()
    return (row.on_hand, row.committed) if row else (0, 0)


def order_spec(lines: list[tuple[Variant, int]], **kwargs: Any) -> OrderSpec:
    return OrderSpec(
        currency="USD",
        lines=tuple(LineSpec(variant_id=v.pk, quantity=q) for v, q in lines),
        **kwargs,
    )


def place(lines: list[tuple[Variant, int]], *, confirm: bool = True, **kwargs: Any) -> Order:
    return services.create_order(spec=order_spec(lines, **kwargs), confirm=confirm, actor="tests")


def paid_order(
    tee: Variant, warehouse: Location, *, units: int, ship: int, gateway: str = "manual"
) -> Order:
    """`units` tees at 10.00 plus 5.00 shipping, paid in full, `ship` of them shipped from
    `warehouse` (stocked with 10)."""
    stock(tee, warehouse, 10)
    order = place([(tee, units)], shipping_lines=(ShippingSpec("Standard", Decimal("5.00")),))
    invoice = services.create_invoice(order_id=order.pk)
    services.record_payment(invoice_id=invoice.pk, gateway=gateway)
    if ship:
        line = order.lines.get()
        services.fulfil_order(
            order_id=order.pk, location_id=warehouse.pk, lines=[FulfilLine(line.pk, ship)]
        )
    order.refresh_from_db()
    return order


@pytest.fixture
def tee(db: None) -> Variant:
    return make_variant("TEE-BLK-M")


@pytest.fixture
def cap(db: None) -> Variant:
    return make_variant("CAP-RED", price="15.00")


@pytest.fixture
def warehouse(db: None) -> Location:
    return make_location("WH", priority=1)


@pytest.fixture
def store(db: None) -> Location:
    return make_location("STORE", priority=2)


@pytest.fixture
def new_order() -> Callable[..., Order]:
    return place
