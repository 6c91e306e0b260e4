"""Fixtures of the back-office page tests: a signed-in staff client and a small catalog with
stock at two locations."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

import pytest
from django.test import Client


@pytest.fixture
def staff(db: None) -> Client:
    from django.contrib.auth import get_user_model

    get_user_model().objects.create_user(
        "ops", "ops@example.com", "pw-for-tests-only", is_staff=True
    )
    client = Client()
    assert client.login(username="ops", password="pw-for-tests-only")
    return client


@dataclass
class Shop:
    main: Any
    shop: Any
    small: Any
    medium: Any
    product: Any


def make_product(title: str, skus: list[str], *, price: str = "49.00") -> Any:
    from stockbridge.catalog.services import create_product
    from stockbridge.catalog.specs import AttributeSpec, ProductSpec, VariantSpec

    return create_product(
        spec=ProductSpec(
            title=title,
            status="active",
            attributes=(AttributeSpec("Size", tuple(s.split("-")[-1] for s in skus)),),
            variants=tuple(
                VariantSpec(
                    sku=sku,
                    price=Decimal(price),
                    currency="USD",
                    attribute_values=(sku.split("-")[-1],),
                    barcode=f"400{n}",
                )
                for n, sku in enumerate(skus)
            ),
        )
    )


@pytest.fixture
def shop(db: None) -> Shop:
    """Linen shirt LS-S / LS-M; locations WH (priority 1) and SHOP; 10 LS-S at WH."""
    from stockbridge.inventory.locations import LocationSpec, create_location
    from stockbridge.inventory.services import adjust

    main = create_location(spec=LocationSpec(name="Main warehouse", code="WH", priority=1))
    store = create_location(spec=LocationSpec(name="High street", code="SHOP", priority=2))
    product = make_product("Linen shirt", ["LS-S", "LS-M"])
    small = product.variants.get(sku="LS-S")
    medium = product.variants.get(sku="LS-M")
    adjust(variant_id=small.pk, location_id=main.pk, delta=10, reason="received")
    return Shop(main, store, small, medium, product)


@pytest.fixture
def stores() -> Any:
    """Sandbox Shopify stores the channels' HTTP is routed to (in process)."""
    from tests.support.shopify_stores import routed_stores

    yield from routed_stores()
