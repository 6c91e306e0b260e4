"""Inventory fixtures: variants and locations made directly, as plain as possible."""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from itertools import count

import pytest

from stockbridge.catalog.models import Product, Variant
from stockbridge.inventory.models import Location

_seq = count(1)


def make_variant(sku: str | None = None) -> Variant:
    n = next(_seq)
    product = Product.objects.create(title=f"Product {n}", handle=f"product-{n}")
    return Variant.objects.create(
        product=product, sku=sku or f"SKU-{n}", currency="USD", price=Decimal("10.00")
    )


def make_location(code: str, *, priority: int = 100, backorder: bool = False) -> Location:
    return Location.objects.create(
        name=f"Location {code}", code=code, priority=priority, allows_backorder=backorder
    )


@pytest.fixture
def variant(db: None) -> Variant:
    return make_variant("TEE-BLK-M")


@pytest.fixture
def warehouse(db: None) -> Location:
    return make_location("WH", priority=1)


@pytest.fixture
def store(db: None) -> Location:
    return make_location("STORE", priority=2)


@pytest.fixture
def new_variant(db: None) -> Callable[..., Variant]:
    return make_variant


@pytest.fixture
def new_location(db: None) -> Callable[..., Location]:
    return make_location
