"""`catalog export` then `catalog import` into an empty catalog gives the same catalog back."""

from __future__ import annotations

import io
from decimal import Decimal

import pytest

from stockbridge.catalog.models import Image, Product, Tag
from stockbridge.catalog.queries import products, spec_of
from stockbridge.catalog.services import create_product, create_season
from stockbridge.catalog.specs import AttributeSpec, ImageSpec, ProductSpec, VariantSpec
from stockbridge.catalog.spreadsheet.importer import import_catalog
from stockbridge.catalog.spreadsheet.writer import export_catalog
from stockbridge.cli.main import main
from stockbridge.purchasing.models import Supplier

pytestmark = pytest.mark.django_db


def rich_catalog() -> None:
    create_season(name="Spring Summer 26", code="SS26")
    Supplier.objects.create(name="Mill & Co", code="MILL")
    create_product(
        spec=ProductSpec(
            title='Linen Shirt, "Relaxed"',
            handle="linen-shirt",
            description_html="<p>Washed linen,\nrelaxed fit.</p> ",
            status="active",
            brand="Stockbridge",
            vendor="Mill & Co",
            product_type="Shirt",
            category="Apparel > Tops",
            product_group="Core",
            season="SS26",
            supplier="MILL",
            tags=("summer", "linen"),
            custom_fields={"fabric": "linen", "care": ["30C", "no dryer"], "gsm": 140},
            attributes=(
                AttributeSpec("Size", ("S", "M", "L", "XL")),
                AttributeSpec("Color", ("Sand", "Navy")),
            ),
            variants=(
                VariantSpec(
                    sku="LS-M-SAND",
                    price=Decimal("59.90"),
                    attribute_values=("M", "Sand"),
                    barcode="4006381333931",
                    currency="EUR",
                    compare_at_price=Decimal("79.00"),
                    cost=Decimal("18.1234"),
                    wholesale_price=Decimal("30"),
                    weight=Decimal("0.25"),
                    weight_unit="kg",
                    length=Decimal("30"),
                    width=Decimal("20"),
                    height=Decimal("2.5"),
                    dimension_unit="cm",
                    position=2,
                ),
                VariantSpec(
                    sku="LS-S-NAVY",
                    price=Decimal("59.90"),
                    attribute_values=("S", "Navy"),
                    unit_type="per_unit",
                    position=1,
                ),
            ),
            images=(
                ImageSpec(
                    url="https://cdn.example.com/ls-sand.jpg",
                    alt="Sand shirt, front",
                    md5="0123456789abcdef0123456789abcdef",
                    variant_skus=("LS-M-SAND",),
                ),
                ImageSpec(url="https://cdn.example.com/ls-back.jpg"),
            ),
        )
    )
    create_product(
        spec=ProductSpec(
            title="Gift Card",
            status="archived",
            variants=(VariantSpec(sku="GIFT", price=Decimal("0")),),
        )
    )
    create_product(
        spec=ProductSpec(
            title="Pipe | Values",
            attributes=(AttributeSpec("Fit", ("a|b", "c\\d", "e")),),
            variants=(VariantSpec(sku="PIPE-AB", price=Decimal(5), attribute_values=("a|b",)),),
        )
    )


def catalog() -> list[ProductSpec]:
    return [spec_of(p) for p in products().order_by("handle")]


def test_export_then_import_into_an_empty_catalog_gives_the_same_catalog():
    rich_catalog()
    before = catalog()
    exported = io.StringIO()
    assert export_catalog(exported) == (3, 4)
    Product.objects.all().delete()
    Tag.objects.all().delete()

    result = import_catalog(io.StringIO(exported.getvalue()))

    assert result.errors == []
    assert (result.products_created, result.variants_created) == (3, 4)
    assert catalog() == before
    again = io.StringIO()
    export_catalog(again)
    assert again.getvalue() == exported.getvalue()


def test_export_writes_one_row_per_variant_with_product_columns_repeated(tmp_path, capsys):
    rich_catalog()
    out = tmp_path / "catalog.csv"

    assert main(["catalog", "export", str(out)]) == 0

    _, err = capsys.readouterr()
    assert err.strip() == "catalog export: 3 products, 4 variants"
    text = out.read_text()
    assert text.splitlines()[0].startswith("handle,title,status,description_html,brand,vendor,")
    result = import_catalog(io.StringIO(text))
    assert (result.products_unchanged, result.variants_unchanged, result.rows) == (3, 4, 4)
    assert Image.objects.get(url="https://cdn.example.com/ls-sand.jpg").md5 == (
        "0123456789abcdef0123456789abcdef"
    )
