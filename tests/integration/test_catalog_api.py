"""The catalog REST API: create, list with filters, update, delete, errors, auth."""

from __future__ import annotations

from typing import Any

import pytest

pytestmark = pytest.mark.django_db


def tee(season: str | None = "SS26") -> dict[str, Any]:
    return {
        "title": "Linen Tee",
        "status": "active",
        "vendor": "Acme",
        "season": season,
        "tags": ["summer", "linen"],
        "attributes": [{"name": "Size", "values": ["S", "M", "L"]}],
        "variants": [
            {"sku": "TEE-S", "price": "25.00", "attribute_values": ["S"]},
            {"sku": "TEE-M", "price": "25.00", "attribute_values": ["M"]},
            {
                "sku": "TEE-L",
                "price": "27.50",
                "attribute_values": ["L"],
                "barcode": "0123456789012",
            },
        ],
    }


def test_creating_a_product_with_three_variants_returns_it_whole(api):
    api.post("/api/v1/seasons", {"name": "SS26"})

    response = api.post("/api/v1/products", tee())

    assert response.status_code == 201
    body = response.json()
    assert body["title"] == "Linen Tee"
    assert body["handle"] == "linen-tee"
    assert body["season"] == "SS26"
    assert body["tags"] == ["linen", "summer"]
    assert [a["name"] for a in body["attributes"]] == ["Size"]
    assert [(v["sku"], v["price"], v["title"], v["currency"]) for v in body["variants"]] == [
        ("TEE-S", "25.0000", "S", "USD"),
        ("TEE-M", "25.0000", "M", "USD"),
        ("TEE-L", "27.5000", "L", "USD"),
    ]


def test_listing_products_filtered_by_season(api):
    api.post("/api/v1/seasons", {"name": "SS26"})
    api.post("/api/v1/seasons", {"name": "FW26"})
    api.post("/api/v1/products", tee("SS26"))
    other = tee("FW26") | {"title": "Wool Coat"}
    other["variants"] = [
        {"sku": f"COAT-{s}", "price": "180", "attribute_values": [s]} for s in ("S", "M")
    ]
    api.post("/api/v1/products", other)

    response = api.get("/api/v1/products", season="FW26")

    assert response.status_code == 200
    assert [p["title"] for p in response.json()["items"]] == ["Wool Coat"]
    assert response.json()["next_cursor"] is None


def test_a_duplicate_sku_is_a_409_naming_the_field(api):
    api.post("/api/v1/seasons", {"name": "SS26"})
    api.post("/api/v1/products", tee())
    again = tee() | {"title": "Linen Tee 2"}

    response = api.post("/api/v1/products", again)

    assert response.status_code == 409
    assert response.json() == {
        "errors": [
            {
                "field": f"variants[{i}].sku",
                "reason": f"SKU 'TEE-{s}' is already used by another variant",
                "code": "duplicate",
            }
            for i, s in enumerate("SML")
        ]
    }


def test_without_a_token_the_api_answers_401(anonymous_api):
    response = anonymous_api.get("/api/v1/products")

    assert response.status_code == 401
    assert response.json()["errors"][0]["code"] == "unauthorized"


def test_a_negative_price_and_a_sixth_attribute_are_reported_together(api):
    product = {
        "title": "Too much",
        "attributes": [{"name": f"A{i}", "values": ["x"]} for i in range(6)],
        "variants": [{"sku": "X", "price": "-1", "attribute_values": ["x"] * 6}],
    }

    response = api.post("/api/v1/products", product)

    assert response.status_code == 400
    assert response.json()["errors"] == [
        {
            "field": "attributes",
            "reason": "a product has at most 5 attributes, got 6",
            "code": "invalid",
        },
        {"field": "variants[0].price", "reason": "must not be negative", "code": "invalid"},
    ]


def test_an_unknown_season_is_a_404_naming_season(api):
    response = api.post("/api/v1/products", tee("NOPE"))

    assert response.status_code == 404
    assert response.json()["errors"] == [
        {"field": "season", "reason": "no season named 'NOPE'", "code": "not_found"}
    ]
    assert api.get("/api/v1/variants").json()["items"] == []


def test_cursor_pagination_walks_every_product_once(api):
    for i in range(5):
        api.post(
            "/api/v1/products", {"title": f"P{i}", "variants": [{"sku": f"P{i}", "price": "1"}]}
        )

    seen, cursor = [], None
    while True:
        page = api.get("/api/v1/products", limit=2, **({"cursor": cursor} if cursor else {})).json()
        seen += [p["title"] for p in page["items"]]
        cursor = page["next_cursor"]
        if cursor is None:
            break

    assert seen == ["P0", "P1", "P2", "P3", "P4"]


def test_patching_a_variant_price_and_deleting_it(api):
    created = api.post(
        "/api/v1/products", {"title": "Mug", "variants": [{"sku": "MUG", "price": "9"}]}
    ).json()
    variant_id = created["variants"][0]["id"]

    patched = api.patch(f"/api/v1/variants/{variant_id}", {"price": "11.50"})
    deleted = api.delete(f"/api/v1/variants/{variant_id}")

    assert patched.status_code == 200
    assert patched.json()["price"] == "11.5000"
    assert deleted.status_code == 204
    assert api.get("/api/v1/variants", sku="MUG").json()["items"] == []


def test_the_openapi_document_is_served(anonymous_api):
    response = anonymous_api.get("/api/openapi.json")

    assert response.status_code == 200
    assert "/api/v1/products" in response.json()["paths"]


def test_a_variant_still_used_elsewhere_cannot_be_deleted(api):
    """A bundle component (like a variant on a purchase order or transfer) is protected: the
    delete answers 400 naming what still uses it, and nothing is deleted."""
    from stockbridge.inventory.services import set_bundle

    created = api.post(
        "/api/v1/products",
        {
            "title": "Gift set",
            "attributes": [{"name": "Part", "values": ["Mug", "Box"]}],
            "variants": [
                {"sku": "MUG", "price": "9.00", "attribute_values": ["Mug"]},
                {"sku": "BOX", "price": "19.00", "attribute_values": ["Box"]},
            ],
        },
    ).json()
    mug, box = (v["id"] for v in created["variants"])
    set_bundle(bundle_id=box, components={mug: 2})

    response = api.delete(f"/api/v1/variants/{mug}")
    assert response.status_code == 400
    assert response.json() == {
        "errors": [
            {
                "field": "variant_id",
                "reason": "still used by bundle components; archive it instead of deleting",
                "code": "in_use",
            }
        ]
    }
    assert api.get(f"/api/v1/variants/{mug}").status_code == 200


def test_updating_a_product_keeps_its_uploaded_image_files(api):
    from stockbridge.catalog.models import Image, Product

    created = api.post(
        "/api/v1/products",
        {
            "title": "Poster",
            "variants": [{"sku": "POSTER", "price": "12.00"}],
            "images": [{"url": "https://cdn.example/poster.jpg", "alt": "front"}],
        },
    ).json()
    product = Product.objects.get(pk=created["id"])
    Image.objects.create(product=product, file="images/poster-back.png", position=2)

    response = api.patch(f"/api/v1/products/{created['id']}", {"title": "Big poster"})
    assert response.status_code == 200
    kept = sorted((i.url, i.file.name) for i in Image.objects.filter(product=product))
    assert kept == [("", "images/poster-back.png"), ("https://cdn.example/poster.jpg", "")]


def test_variants_filtered_by_update_time(api):
    from datetime import UTC, datetime

    from stockbridge.catalog.models import Variant

    api.post(
        "/api/v1/products",
        {
            "title": "Cap",
            "attributes": [{"name": "Colour", "values": ["Red", "Blue"]}],
            "variants": [
                {"sku": "CAP-R", "price": "15.00", "attribute_values": ["Red"]},
                {"sku": "CAP-B", "price": "15.00", "attribute_values": ["Blue"]},
            ],
        },
    )
    Variant.objects.filter(sku="CAP-R").update(updated_at=datetime(2026, 1, 1, tzinfo=UTC))
    items = api.get("/api/v1/variants", updated_since="2026-06-01T00:00:00+00:00").json()["items"]
    assert [v["sku"] for v in items] == ["CAP-B"]


# What schemathesis found once the catalog joined its run (issue 11) ---------------------------


def test_updated_since_must_be_an_iso_date_time_not_a_number(api):
    products = api.get("/api/v1/products", updated_since="0.5")
    variants = api.get("/api/v1/variants", updated_since="0.5")

    assert (products.status_code, variants.status_code) == (400, 400)
    assert products.json()["errors"] == [
        {
            "field": "updated_since",
            "reason": "must be an ISO 8601 date-time such as 2026-01-31T09:00:00Z",
            "code": "invalid",
        }
    ]


def test_an_empty_cursor_and_a_limit_beyond_250_are_refused_by_the_catalog_lists(api):
    empty = api.get("/api/v1/products", cursor="")
    too_many = api.get("/api/v1/variants", limit=251)

    assert (empty.status_code, too_many.status_code) == (400, 400)
    assert [e["field"] for e in empty.json()["errors"]] == ["cursor"]
    assert [e["field"] for e in too_many.json()["errors"]] == ["limit"]


def test_a_body_that_is_not_an_object_is_refused_and_nothing_is_written(api):
    from stockbridge.catalog.models import Product

    created = api.post("/api/v1/products", "AAA")
    api.post("/api/v1/products", {"title": "Mug", "variants": [{"sku": "MUG", "price": "9"}]})
    product_id = Product.objects.get().pk
    patched = api.patch(f"/api/v1/products/{product_id}", [None, None])

    assert (created.status_code, patched.status_code) == (400, 400)
    assert Product.objects.get().title == "Mug"


def test_patching_product_texts_with_null_is_a_400_naming_each_field(api):
    api.post("/api/v1/products", {"title": "Mug", "variants": [{"sku": "MUG", "price": "9"}]})
    product_id = api.get("/api/v1/products").json()["items"][0]["id"]

    title = api.patch(f"/api/v1/products/{product_id}", {"title": None, "handle": None})
    vendor = api.patch(f"/api/v1/products/{product_id}", {"vendor": None, "season": None})

    assert title.status_code == 400
    assert title.json()["errors"] == [
        {"field": "title", "reason": "must not be null", "code": "invalid"},
        {"field": "handle", "reason": "must not be null", "code": "invalid"},
    ]
    assert (vendor.status_code, vendor.json()["vendor"], vendor.json()["season"]) == (200, "", None)


def test_a_variant_measure_must_be_a_decimal_and_the_openapi_says_so(api, anonymous_api):
    body = {"title": "Mug", "variants": [{"sku": "MUG", "price": "9", "height": ""}]}
    schemas = anonymous_api.get("/api/openapi.json").json()["components"]["schemas"]

    response = api.post("/api/v1/products", body)

    assert response.status_code == 400
    assert response.json()["errors"] == [
        {
            "field": "variants[0].height",
            "reason": "must be a decimal number such as 10.50",
            "code": "invalid",
        }
    ]
    assert schemas["VariantIn"]["properties"]["height"]["anyOf"] == [
        {"type": "string", "pattern": "^[0-9]{1,8}(\\.[0-9]{1,4})?$"},
        {"type": "integer"},
        {"type": "null"},
    ]


def test_a_season_name_of_spaces_is_refused_and_the_openapi_says_it_must_hold_text(
    api, anonymous_api
):
    from stockbridge.web.api.inputs import NON_BLANK

    schemas = anonymous_api.get("/api/openapi.json").json()["components"]["schemas"]

    response = api.post("/api/v1/seasons", {"name": "   "})
    dated = api.post("/api/v1/seasons", {"name": "SS26", "starts_on": "2026-03-01"})

    assert response.status_code == 400
    assert [e["field"] for e in response.json()["errors"]] == ["name"]
    assert schemas["SeasonIn"]["properties"]["name"]["minLength"] == 1
    assert schemas["SeasonIn"]["properties"]["name"]["pattern"] == NON_BLANK
    assert (dated.status_code, dated.json()["starts_on"]) == (201, "2026-03-01")


def test_patching_a_variant_attribute_values_with_null_is_refused_not_read_as_empty(api):
    api.post("/api/v1/products", {"title": "Mug", "variants": [{"sku": "MUG", "price": "9"}]})
    variant_id = api.get("/api/v1/variants").json()["items"][0]["id"]

    response = api.patch(f"/api/v1/variants/{variant_id}", {"attribute_values": None})

    assert response.status_code == 400
    assert response.json()["errors"] == [
        {"field": "attribute_values", "reason": "must not be null", "code": "invalid"}
    ]


def test_a_price_written_as_minus_zero_is_refused_as_the_openapi_says(api):
    response = api.post(
        "/api/v1/products", {"title": "Mug", "variants": [{"sku": "M", "price": "-0.0"}]}
    )

    assert response.status_code == 400
    assert response.json()["errors"] == [
        {
            "field": "variants[0].price",
            "reason": "must be a decimal number such as 10.50",
            "code": "invalid",
        }
    ]
