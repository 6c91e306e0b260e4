"""Catalog request bodies refuse unknown fields and declare their limits in the OpenAPI."""

from __future__ import annotations

import pytest

from stockbridge.catalog.models import Product
from stockbridge.catalog.specs import VARIANT_FIELDS

pytestmark = pytest.mark.django_db


def test_an_unknown_product_field_is_refused_naming_it(api):
    response = api.post(
        "/api/v1/products",
        {"title": "Mug", "vendour": "Acme", "variants": [{"sku": "MUG", "price": "9"}]},
    )

    assert response.status_code == 400
    assert response.json() == {
        "errors": [
            {
                "field": "vendour",
                "reason": "is not a field of this request",
                "code": "unknown_field",
            }
        ]
    }
    assert Product.objects.count() == 0


def test_an_unknown_variant_field_is_refused_with_its_path(api):
    response = api.post(
        "/api/v1/products",
        {"title": "Mug", "variants": [{"sku": "MUG", "price": "9", "colour": "red"}]},
    )

    assert response.status_code == 400
    assert response.json()["errors"] == [
        {
            "field": "variants[0].colour",
            "reason": "is not a field of this request",
            "code": "unknown_field",
        }
    ]


def test_patches_and_seasons_refuse_unknown_fields_too(api):
    product = api.post(
        "/api/v1/products", {"title": "Mug", "variants": [{"sku": "MUG", "price": "9"}]}
    ).json()

    patch = api.patch(f"/api/v1/products/{product['id']}", {"titel": "Cup"})
    variant = api.patch(f"/api/v1/variants/{product['variants'][0]['id']}", {"prise": "1"})
    season = api.post("/api/v1/seasons", {"name": "SS26", "start": "2026-03-01"})

    assert [r.status_code for r in (patch, variant, season)] == [400, 400, 400]
    assert [r.json()["errors"][0]["field"] for r in (patch, variant, season)] == [
        "titel",
        "prise",
        "start",
    ]
    assert Product.objects.get().title == "Mug"


def test_the_openapi_declares_the_catalog_limits(anonymous_api):
    schemas = anonymous_api.get("/api/openapi.json").json()["components"]["schemas"]

    variant, product = schemas["VariantIn"], schemas["ProductIn"]
    assert list(variant["properties"]) == list(VARIANT_FIELDS)
    assert variant["required"] == ["sku", "price"]
    assert variant["additionalProperties"] is False
    assert variant["properties"]["sku"]["maxLength"] == 255
    assert variant["properties"]["price"]["maximum"] == 9999999999.9999
    assert variant["properties"]["price"]["minimum"] == 0
    assert variant["properties"]["weight_unit"]["enum"] == ["g", "kg", "oz", "lb"]
    assert variant["properties"]["position"]["maximum"] == 2**31 - 1
    assert variant["properties"]["currency"]["pattern"] == "^[A-Z]{3}$"
    assert product["properties"]["status"]["enum"] == ["active", "draft", "archived"]
    assert product["properties"]["title"]["maxLength"] == 255
    assert product["properties"]["attributes"]["maxItems"] == 5
    assert schemas["ProductPatch"]["additionalProperties"] is False
    assert "variants" not in schemas["ProductPatch"]["properties"]
    assert schemas["SeasonIn"]["properties"]["name"]["maxLength"] == 120
    assert list(schemas["VariantPatch"]["properties"]) == list(VARIANT_FIELDS)
