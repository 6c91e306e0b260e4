"""Importing Shopify's product CSV: recognised by its header, options become attributes."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from stockbridge.catalog.models import Product, Variant
from stockbridge.catalog.queries import spec_of
from stockbridge.catalog.specs import AttributeSpec, ImageSpec, VariantSpec
from stockbridge.cli.main import main

pytestmark = pytest.mark.django_db

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "catalog"


def product(handle: str):
    return spec_of(Product.objects.get(handle=handle))


def test_the_shopify_sample_imports_with_its_products_variants_and_options(shared_dir, capsys):
    sample = shared_dir / "samples" / "shopify-product-csv" / "apparel.csv"

    code = main(["catalog", "import", str(sample)])

    _, err = capsys.readouterr()
    assert code == 0
    assert err.strip().startswith("catalog import (shopify): 22 rows in ")
    assert err.strip().endswith(
        "variants 22 created, 0 updated, 0 unchanged, 0 deleted; products 20 created, "
        "0 updated, 0 unchanged, 0 failed; 0 rows failed; written"
    )
    assert Product.objects.count() == 20
    assert Variant.objects.count() == 22
    top = product("classic-varsity-top")
    assert (top.title, top.status, top.vendor, top.tags) == (
        "Classic Varsity Top",
        "active",
        "partners-demo",
        ("women",),
    )
    assert top.description_html.startswith("Womens casual varsity top, This grey and black")
    assert top.attributes == (AttributeSpec("Size", ("Small", "Medium", "Large")),)
    assert [(v.sku, v.attribute_values, v.price, v.position) for v in top.variants] == [
        ("classic-varsity-top-small", ("Small",), Decimal("60.0000"), 1),
        ("classic-varsity-top-medium", ("Medium",), Decimal("60.0000"), 2),
        ("classic-varsity-top-large", ("Large",), Decimal("60.0000"), 3),
    ]
    assert top.images == (
        ImageSpec(url="https://burst.shopifycdn.com/photos/casual-fashion-woman_925x.jpg"),
    )
    shirt = product("ocean-blue-shirt")
    assert shirt.attributes == ()
    assert shirt.tags == ("men",)
    assert shirt.variants == (
        VariantSpec(
            sku="ocean-blue-shirt",
            price=Decimal("50.0000"),
            currency="USD",
            weight=Decimal("0.0000"),
            weight_unit="kg",
            position=1,
        ),
    )
    assert Product.objects.filter(images__isnull=True).count() == 0
    assert product("dark-denim-top").images == (
        ImageSpec(url="https://burst.shopifycdn.com/photos/young-female-models-denim_925x.jpg"),
    )


def test_reimporting_the_shopify_sample_changes_nothing(shared_dir, capsys):
    sample = shared_dir / "samples" / "shopify-product-csv" / "apparel.csv"
    main(["catalog", "import", str(sample)])
    ids = sorted(Variant.objects.values_list("id", flat=True))
    capsys.readouterr()

    assert main(["catalog", "import", str(sample), "--format", "shopify"]) == 0

    _, err = capsys.readouterr()
    assert "variants 0 created, 0 updated, 22 unchanged, 0 deleted" in err
    assert sorted(Variant.objects.values_list("id", flat=True)) == ids


def test_shopify_continuation_rows_carry_variants_images_and_variant_images():
    assert main(["catalog", "import", str(FIXTURES / "shopify_images.csv")]) == 0

    shoe = product("trail-runner")
    assert (shoe.title, shoe.status, shoe.vendor, shoe.product_type, shoe.tags) == (
        "Trail Runner",
        "active",
        "Peak",
        "Shoes",
        ("running", "trail"),
    )
    assert shoe.description_html == "<p>Light trail shoe</p>"
    assert shoe.attributes == (
        AttributeSpec("Size", ("42", "43")),
        AttributeSpec("Color", ("Red", "Blue")),
    )
    assert shoe.variants == (
        VariantSpec(
            sku="TR-42-RED",
            price=Decimal("120.0000"),
            attribute_values=("42", "Red"),
            barcode="4006381333931",
            currency="USD",
            compare_at_price=Decimal("140.0000"),
            cost=Decimal("55.0000"),
            weight=Decimal("300.0000"),
            weight_unit="g",
            position=1,
        ),
        VariantSpec(
            sku="TR-43-RED",
            price=Decimal("120.0000"),
            attribute_values=("43", "Red"),
            currency="USD",
            compare_at_price=Decimal("140.0000"),
            cost=Decimal("55.0000"),
            weight=Decimal("310.0000"),
            weight_unit="g",
            position=2,
        ),
        VariantSpec(
            sku="TR-42-BLU",
            price=Decimal("125.0000"),
            attribute_values=("42", "Blue"),
            currency="USD",
            weight=Decimal("300.0000"),
            weight_unit="g",
            position=3,
        ),
    )
    assert shoe.images == (
        ImageSpec(
            url="https://cdn.example.com/tr-red.jpg",
            alt="Red runner",
            variant_skus=("TR-42-RED", "TR-43-RED"),
        ),
        ImageSpec(
            url="https://cdn.example.com/tr-blue.jpg",
            alt="Blue runner",
            variant_skus=("TR-42-BLU",),
        ),
        ImageSpec(url="https://cdn.example.com/tr-sole.jpg", alt="Sole"),
    )
    card = product("gift-card")
    assert (card.status, card.attributes) == ("draft", ())
    assert [(v.sku, v.price, v.weight, v.weight_unit) for v in card.variants] == [
        ("gift-card", Decimal("25.0000"), Decimal("0.0000"), "kg")
    ]


def test_shopify_errors_name_shopify_columns(tmp_path, capsys):
    path = tmp_path / "bad.csv"
    path.write_text(
        "Handle,Title,Option1 Name,Option1 Value,Variant SKU,Variant Price\n"
        "mug,Mug,Size,S,MUG-S,-1\n"
        "mug,,,M,MUG-M,abc\n"
        "bowl,Bowl,Title,Default Title,BOWL,12\n"
    )

    code = main(["catalog", "import", str(path)])

    _, err = capsys.readouterr()
    assert code == 1
    assert err.splitlines()[:-1] == [
        "line 2: Variant Price: must not be negative",
        "line 3: Variant Price: must be a number, got 'abc'",
    ]
    assert list(Product.objects.values_list("handle", flat=True)) == ["bowl"]
