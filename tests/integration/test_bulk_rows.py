"""Rows written by one prepared statement (`catalog.bulk.rows`): what is stored reads back as
the values given, whatever fast path adapted them (decimals as they are, JSON lists adapted
once per distinct list, JSON text from `platform.json_text`)."""

from __future__ import annotations

import pytest

from stockbridge.catalog.bulk import insert_values
from stockbridge.catalog.models import Product, ProductAttribute


@pytest.mark.django_db
def test_json_lists_and_objects_read_back_as_given() -> None:
    product = Product.objects.create(title="Tee", handle="tee")
    insert_values(
        ProductAttribute,
        ("product", "name", "position", "values"),
        [
            (product.pk, "Size", 1, ["M", "L"]),
            (product.pk, "Color", 2, ["M", "L"]),  # the same list again: adapted once
            (product.pk, "Fit", 3, [1, 1.0, True]),  # not only texts: each adapted alone
            (product.pk, "Fabric", 4, []),
        ],
    )

    assert list(ProductAttribute.objects.order_by("position").values_list("name", "values")) == [
        ("Size", ["M", "L"]),
        ("Color", ["M", "L"]),
        ("Fit", [1, 1.0, True]),
        ("Fabric", []),
    ]
    assert [type(v) for v in ProductAttribute.objects.get(name="Fit").values] == [
        int,
        float,
        bool,
    ]
