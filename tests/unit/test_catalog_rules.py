"""The pure catalog rules (`catalog/rules.py`): plain values in, field errors out, no database."""

from __future__ import annotations

from decimal import Decimal

import pytest

from stockbridge.catalog import rules
from stockbridge.catalog.specs import AttributeSpec, ImageSpec, ProductSpec, VariantSpec

SIZE = AttributeSpec("Size", ("S", "M"))


def errors_of(spec: ProductSpec, currency: str | None = "USD") -> list[tuple[str, str]]:
    return [(e.field, e.reason) for e in rules.validate_product(spec, default_currency=currency)]


def tee(*variants: VariantSpec, **fields: object) -> ProductSpec:
    return ProductSpec(title="Tee", attributes=(SIZE,), variants=variants, **fields)  # type: ignore[arg-type]


def v(sku: str = "T-S", size: str = "S", price: str = "10", **fields: object) -> VariantSpec:
    return VariantSpec(sku=sku, price=Decimal(price), attribute_values=(size,), **fields)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("title", "handle"),
    [
        ("Linen Tee", "linen-tee"),
        ("  Été — 100% Linen!  ", "t-100-linen"),
        ("!!!", "product"),
        ("A" * 300, "a" * 255),
    ],
)
def test_a_handle_is_the_title_s_lowercase_ascii_words_joined_by_dashes(title, handle):
    assert rules.handle_from_title(title) == handle


def test_a_valid_product_has_no_errors():
    assert errors_of(tee(v(), v("T-M", "M"), handle="tee", tags=("linen",))) == []


def test_a_product_needs_a_title_a_known_status_and_a_clean_handle():
    assert errors_of(ProductSpec(title=" ", handle="Tee Shirt", status="live")) == [
        ("title", "is required"),
        ("handle", "must be lowercase letters, digits and single dashes"),
        ("status", "must be one of active, draft, archived"),
    ]


def test_at_most_five_attributes_each_named_once_with_unique_values():
    attributes = (
        AttributeSpec("Size", ("S", "S")),
        AttributeSpec("size", ("M",)),
        AttributeSpec("Fit", ()),
        *(AttributeSpec(f"A{n}", ("x",)) for n in range(3)),
    )
    assert [(e.field, e.reason) for e in rules.validate_attributes(attributes)] == [
        ("attributes", "a product has at most 5 attributes, got 6"),
        ("attributes[0].values", "values must be unique"),
        ("attributes[1].name", "duplicate attribute 'size'"),
        ("attributes[2].values", "needs at least one value"),
    ]


def test_variants_must_fit_the_attributes_and_differ_from_each_other():
    spec = tee(v(), v("T-S", "S"), v("T-X", "XL"), VariantSpec(sku="T-0", price=Decimal(1)))

    assert errors_of(spec) == [
        ("variants[1].sku", "SKU 'T-S' is given twice"),
        ("variants[1].attribute_values", "another variant already has S"),
        ("variants[2].attribute_values", "'XL' is not a value of attribute 'Size'"),
        (
            "variants[3].attribute_values",
            "the product has 1 attributes, the variant gives 0 values",
        ),
    ]


def test_a_product_without_attributes_has_one_variant():
    spec = ProductSpec(
        title="Mug",
        variants=(VariantSpec(sku="A", price=Decimal(1)), VariantSpec(sku="B", price=Decimal(1))),
    )
    assert errors_of(spec) == [("variants", "a product without attributes has at most one variant")]


@pytest.mark.parametrize(
    ("variant", "error"),
    [
        (v(price="-1"), ("variants[0].price", "must not be negative")),
        (v(price="10000000000"), ("variants[0].price", "must be at most 9999999999.9999")),
        (v(price="1.23456"), ("variants[0].price", "has more than 4 decimal places")),
        (v(price="1.005"), ("variants[0].price", "has more than 2 decimal places (USD uses 2)")),
        (
            v(price="1.5", currency="JPY"),
            ("variants[0].price", "has more than 0 decimal places (JPY uses 0)"),
        ),
        (
            v(compare_at_price=Decimal("2.001")),
            ("variants[0].compare_at_price", "has more than 2 decimal places (USD uses 2)"),
        ),
        (v(cost=Decimal("1.23456")), ("variants[0].cost", "has more than 4 decimal places")),
        (v(currency="usd"), ("variants[0].currency", "must be a 3-letter ISO 4217 code")),
        (v(currency="XYZ"), ("variants[0].currency", "'XYZ' is not an ISO 4217 currency code")),
        (v(weight=Decimal(-1)), ("variants[0].weight", "must be a number that is not negative")),
        (v(height=Decimal(10**8)), ("variants[0].height", "must be below 100000000")),
        (v(width=Decimal("0.00001")), ("variants[0].width", "has more than 4 decimal places")),
        (v(weight_unit="st"), ("variants[0].weight_unit", "must be one of g, kg, oz, lb")),
        (v(dimension_unit="ft"), ("variants[0].dimension_unit", "must be one of mm, cm, m, in")),
        (v(unit_type="bulk"), ("variants[0].unit_type", "must be one of fixed, per_unit")),
        (v(position=0), ("variants[0].position", "must be at least 1")),
        (v(sku=" T-S"), ("variants[0].sku", "must not start or end with spaces")),
        (v(sku="T\x00S"), ("variants[0].sku", "must not contain the NUL character (\\u0000)")),
        (v(barcode="1" * 65), ("variants[0].barcode", "is longer than 64 characters (65)")),
    ],
)
def test_each_variant_value_is_bounded(variant, error):
    assert errors_of(tee(variant)) == [error]


def test_a_cost_may_use_four_places_whatever_the_currency():
    assert errors_of(tee(v(cost=Decimal("1.2345"), currency="JPY", price="100"))) == []


def test_without_a_default_currency_prices_are_bounded_by_the_column_only():
    assert errors_of(tee(v(price="1.005")), currency=None) == []


@pytest.mark.parametrize(
    ("spec", "error"),
    [
        (ProductSpec(title="T" * 256), ("title", "is longer than 255 characters (256)")),
        (
            ProductSpec(title="Tee", vendor="\x00"),
            ("vendor", "must not contain the NUL character (\\u0000)"),
        ),
        (
            ProductSpec(title="Tee", handle="h" * 256),
            ("handle", "is longer than 255 characters (256)"),
        ),
        (
            ProductSpec(title="Tee", description_html="d" * 65_536),
            ("description_html", "is longer than 65535 characters (65536)"),
        ),
        (ProductSpec(title="Tee", tags=("ok", " ")), ("tags[1]", "is required")),
        (
            ProductSpec(title="Tee", custom_fields={"a": ["x", "\x00"]}),
            ("custom_fields.a[1]", "must not contain the NUL character (\\u0000)"),
        ),
        (
            ProductSpec(title="Tee", season="S\x00S"),
            ("season", "must not contain the NUL character (\\u0000)"),
        ),
    ],
)
def test_each_product_text_is_bounded(spec, error):
    assert errors_of(spec) == [error]


def test_images_need_http_urls_hex_md5_and_known_skus():
    spec = tee(
        v(),
        images=(
            ImageSpec(url="ftp://x.io/a.jpg"),
            ImageSpec(url="https://x.io/b.jpg", md5="XYZ", variant_skus=("T-S", "T-Q")),
            ImageSpec(url="https://x.io/" + "c" * 2040, alt="a" * 513),
        ),
    )
    assert errors_of(spec) == [
        ("images[0].url", "must be an http(s) URL"),
        ("images[1].md5", "must be 32 lowercase hex digits"),
        ("images[1].variant_skus", "no variant has SKU 'T-Q'"),
        ("images[2].url", "is longer than 2048 characters (2053)"),
        ("images[2].alt", "is longer than 512 characters (513)"),
    ]
