"""The spreadsheet formats on their own: pure functions over rows, no database."""

from __future__ import annotations

import io
from decimal import Decimal

from hypothesis import given
from hypothesis import strategies as st

from stockbridge.catalog.specs import ImageSpec
from stockbridge.catalog.spreadsheet import cells, shopify_format, stockbridge_format
from stockbridge.catalog.spreadsheet.reader import open_sheet, products

values = st.lists(st.text(alphabet="ab|\\ c", min_size=1).map(str.strip).filter(bool), max_size=6)


@given(values)
def test_attribute_values_survive_joining_and_splitting(original: list[str]) -> None:
    joined = cells.joined_values(tuple(original))

    assert (cells.split_values(joined) if original else []) == original


def test_an_image_line_reads_back_as_the_image_it_was_written_from() -> None:
    image = ImageSpec(
        url="https://x.io/a.jpg", md5="0123456789abcdef0123456789abcdef", alt="Front, in sun"
    )

    line = stockbridge_format.image_line(image)

    assert line == "https://x.io/a.jpg md5:0123456789abcdef0123456789abcdef Front, in sun"
    assert stockbridge_format.parse_image_line(line) == (image.url, image.md5, image.alt)
    assert stockbridge_format.parse_image_line("https://x.io/b.jpg") == (
        "https://x.io/b.jpg",
        "",
        "",
    )


def test_a_shopify_variant_without_sku_gets_one_from_its_handle_and_options() -> None:
    assert (
        shopify_format.derived_sku("classic-varsity-top", ("Small",)) == "classic-varsity-top-small"
    )
    assert shopify_format.derived_sku("tee", ("Navy Blue", "XL")) == "tee-navy-blue-xl"
    assert shopify_format.derived_sku("gift-card", ()) == "gift-card"


def test_shopify_grams_are_converted_into_the_display_unit() -> None:
    text = (
        "Handle,Title,Variant SKU,Variant Price,Variant Grams,Variant Weight Unit\n"
        "a,A,A,1,1000,lb\n"
        "b,B,B,1,1000,oz\n"
        "c,C,C,1,1500,kg\n"
        "d,D,D,1,1500,\n"
    )

    drafts = list(products(open_sheet(io.StringIO(text))))

    weights = [
        (d.spec.variants[0].weight, d.spec.variants[0].weight_unit) for d in drafts if d.spec
    ]
    assert weights == [
        (Decimal("2.2046"), "lb"),
        (Decimal("35.2740"), "oz"),
        (Decimal("1.5000"), "kg"),
        (Decimal("1500"), "g"),
    ]
    assert [d.errors for d in drafts] == [[], [], [], []]


def test_line_numbers_count_physical_lines_across_quoted_line_breaks_and_blank_lines() -> None:
    text = (
        "handle,title,description_html,variant_sku,variant_price\n"
        'a,A,"one\ntwo\nthree",A,1\n'
        "\n"
        "b,B,,B,-1\n"
    )

    drafts = list(products(open_sheet(io.StringIO(text))))

    assert [(d.key, d.first_line) for d in drafts] == [("a", 2), ("b", 6)]
    assert [str(e) for e in drafts[1].errors] == ["line 6: variant_price: must not be negative"]
