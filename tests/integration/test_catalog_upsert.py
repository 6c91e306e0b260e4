"""The catalog's one bulk writer, `services.upsert_products`, and the one rule by which every
writer resolves a season or supplier key."""

from __future__ import annotations

import io
from decimal import Decimal

import pytest

from stockbridge.catalog import services
from stockbridge.catalog.models import Product, Season, Supplier, Variant
from stockbridge.catalog.specs import AttributeSpec, ProductSpec, VariantSpec
from stockbridge.catalog.spreadsheet.importer import import_catalog

pytestmark = pytest.mark.django_db


def mug(handle: str = "mug", *, sku: str = "MUG", price: str = "9.50", **fields) -> ProductSpec:
    return ProductSpec(
        title="Mug", handle=handle, variants=(VariantSpec(sku=sku, price=Decimal(price)),), **fields
    )


def tee(handle: str, skus: tuple[str, ...], price: str = "20") -> ProductSpec:
    sizes = tuple(f"S{n}" for n in range(len(skus)))
    return ProductSpec(
        title=handle.title(),
        handle=handle,
        attributes=(AttributeSpec("Size", sizes),),
        variants=tuple(
            VariantSpec(sku=sku, price=Decimal(price), attribute_values=(size,))
            for sku, size in zip(skus, sizes, strict=True)
        ),
    )


def two_suppliers_sharing_a_key() -> tuple[Supplier, Supplier]:
    """'AL' is the code of one supplier and the name of another (that sorts first by name)."""
    by_code = Supplier.objects.create(name="Zeta Mills", code="AL")
    by_name = Supplier.objects.create(name="AL", code="BE")
    return by_code, by_name


def test_a_supplier_key_is_a_code_before_a_name_for_the_service_and_the_import():
    by_code, _ = two_suppliers_sharing_a_key()

    created = services.create_product(spec=mug(supplier="AL"))
    result = import_catalog(
        io.StringIO("handle,title,supplier,variant_sku,variant_price\ncup,Cup,AL,CUP,4\n")
    )

    assert result.errors == []
    assert created.supplier_id == by_code.pk
    assert Product.objects.get(handle="cup").supplier_id == by_code.pk


def test_a_season_key_is_a_name_before_a_code_for_the_service_and_the_import():
    services.create_season(name="SS26", code="W")
    named_w = services.create_season(name="W", code="Q")

    created = services.create_product(spec=mug(season="W"))
    result = import_catalog(
        io.StringIO("handle,title,season,variant_sku,variant_price\ncup,Cup,W,CUP,4\n")
    )

    assert result.errors == []
    assert created.season_id == named_w.pk
    assert Product.objects.get(handle="cup").season_id == named_w.pk
    assert Season.objects.count() == 2


def test_upsert_creates_then_leaves_unchanged_products_alone():
    specs = [tee("tee-a", ("A-1", "A-2")), mug()]

    first = services.upsert_products(specs=specs)
    again = services.upsert_products(specs=specs)

    assert (first.products_created, first.variants_created, first.failed) == (2, 3, {})
    assert (again.products_unchanged, again.variants_unchanged, again.products_created) == (
        2,
        3,
        0,
    )
    assert sorted(Variant.objects.values_list("sku", "price")) == [
        ("A-1", Decimal("20.0000")),
        ("A-2", Decimal("20.0000")),
        ("MUG", Decimal("9.5000")),
    ]


def test_a_refused_spec_is_reported_by_index_while_the_others_are_stored():
    services.create_product(spec=mug("cup", sku="CUP"))

    result = services.upsert_products(
        specs=[
            mug("bowl", sku="BOWL"),
            mug("plate", sku="CUP"),
            mug("jug", sku="JUG", price="1.005"),
            mug("vase", sku="VASE", season="NOPE"),
        ]
    )

    assert {i: [(e.field, e.reason) for e in errors] for i, errors in result.failed.items()} == {
        1: [("variants[0].sku", "SKU 'CUP' is already used by another variant")],
        2: [("variants[0].price", "has more than 2 decimal places (USD uses 2)")],
        3: [("season", "no season named 'NOPE'")],
    }
    assert sorted(Product.objects.values_list("handle", flat=True)) == ["bowl", "cup"]


def test_matching_by_sku_updates_the_product_that_owns_the_skus():
    services.upsert_products(specs=[tee("linen-tee", ("T-1", "T-2"))])

    result = services.upsert_products(
        specs=[tee("channel-tee-77", ("T-1", "T-2"), price="22")], match=services.Match.SKU
    )

    assert (result.products_updated, result.variants_updated, result.failed) == (1, 2, {})
    assert list(Product.objects.values_list("handle", flat=True)) == ["linen-tee"]
    assert sorted(Variant.objects.values_list("sku", "price")) == [
        ("T-1", Decimal("22.0000")),
        ("T-2", Decimal("22.0000")),
    ]


def test_matching_by_sku_refuses_skus_of_two_products():
    services.upsert_products(specs=[mug("cup", sku="CUP"), mug("jug", sku="JUG")])

    result = services.upsert_products(
        specs=[tee("mixed", ("CUP", "JUG"))], match=services.Match.SKU
    )

    assert [(e.field, e.reason) for e in result.failed[0]] == [
        ("variants", "the SKUs belong to several products (cup, jug)")
    ]
    assert Product.objects.count() == 2
