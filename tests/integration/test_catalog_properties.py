"""Property: whatever the catalog services are given (hostile text, extreme numbers), either
they refuse it with a field error and store nothing, or every read of what they stored works:
the product detail and list in the API, and the spreadsheet export."""

from __future__ import annotations

import io
from decimal import Decimal
from typing import Any

import pytest
from django.db import transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from stockbridge.catalog import services
from stockbridge.catalog.models import Product, Variant
from stockbridge.catalog.specs import AttributeSpec, ProductSpec, VariantSpec
from stockbridge.catalog.spreadsheet.writer import export_catalog
from stockbridge.platform.errors import FieldError, ValidationErrors

pytestmark = pytest.mark.django_db

MIXED = "Linen Ωmega 中文 العربية עברית 🙂 \u202e\u200d e\u0301 ß"
hostile_text = st.one_of(
    st.text(max_size=12),
    st.sampled_from(["", " ", "\x00", "a\x00b", MIXED, "\ud800", "x\udfff", "\\u0000", "'; --"]),
    st.text(alphabet=st.sampled_from(MIXED + "\x00\t\n"), min_size=240, max_size=300),
    st.text(min_size=0, max_size=3).map(lambda t: t * 30_000),
)
extreme_number = st.one_of(
    st.decimals(allow_nan=True, allow_infinity=True),
    st.sampled_from(
        [
            Decimal("-0"),
            Decimal("0.001"),
            Decimal("0.00001"),
            Decimal("9999999999.9999"),
            Decimal("10000000000"),
            Decimal("1E+30"),
            Decimal("-1E-30"),
            Decimal("12.5"),
        ]
    ),
)
variants = st.builds(
    VariantSpec,
    sku=hostile_text,
    price=extreme_number,
    barcode=hostile_text,
    currency=st.sampled_from([None, "USD", "JPY", "KWD", "XYZ", "usd", "€", "\x00\x00\x00"]),
    compare_at_price=st.none() | extreme_number,
    cost=st.none() | extreme_number,
    weight=st.none() | extreme_number,
    position=st.none() | st.integers(-(2**70), 2**70),
)
products = st.builds(
    ProductSpec,
    title=hostile_text,
    handle=st.sampled_from(["", "tee", "Tee", "t" * 256]),
    description_html=hostile_text,
    vendor=hostile_text,
    tags=st.lists(hostile_text, max_size=3).map(tuple),
    custom_fields=st.dictionaries(hostile_text, hostile_text, max_size=2),
    attributes=st.just((AttributeSpec("Size", ("S",)),)) | st.just(()),
    variants=st.lists(variants, max_size=1).map(tuple),
)


class _Rollback(Exception):
    pass


def every_read_works(api: Any, product_id: int) -> None:
    detail = api.get(f"/api/v1/products/{product_id}")
    assert detail.status_code == 200, detail.content[:300]
    listing = api.get("/api/v1/products")
    assert listing.status_code == 200, listing.content[:300]
    assert [p["id"] for p in listing.json()["items"]] == [product_id]
    for variant in detail.json()["variants"]:
        assert api.get(f"/api/v1/variants/{variant['id']}").status_code == 200
    out = io.StringIO()
    assert export_catalog(out) == (
        (1, len(detail.json()["variants"])) if detail.json()["variants"] else (0, 0)
    )


def check(api: Any, write: Any) -> None:
    """Run `write` and the reads in a transaction that is rolled back for the next example."""
    try:
        with transaction.atomic():
            try:
                product_id = write()
            except (FieldError, ValidationErrors):
                assert (Product.objects.count(), Variant.objects.count()) == (0, 0)
                raise _Rollback from None
            if product_id is not None:
                every_read_works(api, product_id)
            raise _Rollback
    except _Rollback:
        pass


SETTINGS = settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


@SETTINGS
@given(spec=products)
def test_create_product_stores_only_what_every_read_can_show(api, spec):
    check(api, lambda: services.create_product(spec=spec).pk)


@SETTINGS
@given(spec=products)
def test_upsert_products_stores_only_what_every_read_can_show(api, spec):
    def write() -> int | None:
        result = services.upsert_products(specs=[spec])
        if result.failed:
            assert (Product.objects.count(), Variant.objects.count()) == (0, 0)
            return None
        return Product.objects.get().pk

    check(api, write)


@SETTINGS
@given(title=hostile_text, vendor=hostile_text, sku=hostile_text, price=extreme_number)
def test_updates_store_only_what_every_read_can_show(api, title, vendor, sku, price):
    def write() -> int:
        product = services.create_product(
            spec=ProductSpec(title="Mug", variants=(VariantSpec(sku="MUG", price=Decimal(1)),))
        )
        try:
            services.update_product(
                product_id=product.pk, changes={"title": title, "vendor": vendor}
            )
            services.update_variant(
                variant_id=product.variants.get().pk, changes={"sku": sku, "price": price}
            )
        except (FieldError, ValidationErrors):
            pass  # refused: the product is as it was and must read as before
        return product.pk

    check(api, write)
