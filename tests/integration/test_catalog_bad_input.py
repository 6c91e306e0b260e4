"""Bad input never breaks the catalog (issue 11): each case answered with a field error, and
nothing stored that a read could not show."""

from __future__ import annotations

import io
from decimal import Decimal

import pytest

from stockbridge.catalog import services
from stockbridge.catalog.models import Product, Season, Variant
from stockbridge.catalog.specs import ProductSpec, VariantSpec
from stockbridge.catalog.spreadsheet.importer import import_catalog
from stockbridge.platform.errors import FieldError

pytestmark = pytest.mark.django_db

CSV_HEADER = "handle,title,description_html,variant_sku,variant_price\n"


def mug_body() -> dict:
    return {"title": "Mug", "vendor": "Acme", "variants": [{"sku": "MUG", "price": "9.50"}]}


# A cell over the CSV reader's limit ---------------------------------------------------------------


def test_a_cell_over_131072_characters_is_a_row_error_and_the_report_says_what_was_stored():
    rows = [f"p{n},P{n},,P{n},1\n" for n in range(1, 5)]
    huge = f'big,Big,"{"x" * 140_000}",BIG,1\n'
    text = CSV_HEADER + "".join(rows[:3]) + huge + rows[3]

    result = import_catalog(io.StringIO(text), chunk_rows=2)

    assert [str(e) for e in result.errors] == [
        "line 4: not imported: its rows may go on at line 5, which could not be read",
        "line 5: could not be read as CSV (field larger than field limit (131072)); this row "
        "and the rest of the file were not imported",
    ]
    assert result.stopped_at == 5
    assert result.stored_lines == [(2, 3)]
    assert (result.rows, result.rows_failed, result.products_created) == (3, 2, 2)
    assert sorted(Product.objects.values_list("handle", flat=True)) == ["p1", "p2"]


def test_the_cli_prints_the_unreadable_line_and_a_summary_naming_the_stored_lines(tmp_path, capsys):
    from stockbridge.cli.main import main

    path = tmp_path / "huge.csv"
    path.write_text(CSV_HEADER + "p1,P1,,P1,1\n" + f'big,Big,"{"x" * 140_000}",BIG,1\n')

    code = main(["catalog", "import", str(path), "--quiet"])

    err = capsys.readouterr().err.splitlines()
    assert code == 1
    assert err[:2] == [
        "line 2: not imported: its rows may go on at line 3, which could not be read",
        "line 3: could not be read as CSV (field larger than field limit (131072)); this row "
        "and the rest of the file were not imported",
    ]
    assert err[2].endswith(
        "products 0 created, 0 updated, 0 unchanged, 1 failed; 2 rows failed; reading stopped "
        "at line 3; written: no rows"
    )


# PATCH with null ---------------------------------------------------------------------------------


@pytest.mark.parametrize("field", ["title"])
def test_patching_a_required_product_text_with_null_names_the_field(api, field):
    product = api.post("/api/v1/products", mug_body()).json()

    response = api.patch(f"/api/v1/products/{product['id']}", {field: None})

    assert response.status_code == 400
    assert response.json() == {
        "errors": [{"field": field, "reason": "must not be null", "code": "invalid"}]
    }
    assert Product.objects.get().title == "Mug"


@pytest.mark.parametrize(
    "field", ["vendor", "brand", "product_type", "category", "product_group", "description_html"]
)
def test_patching_an_optional_product_text_with_null_clears_it(api, field):
    body = mug_body() | {field: "Something"}
    product = api.post("/api/v1/products", body).json()

    response = api.patch(f"/api/v1/products/{product['id']}", {field: None})

    assert response.status_code == 200
    assert response.json()[field] == ""
    assert getattr(Product.objects.get(), field) == ""


def test_patching_a_sku_with_null_names_the_field(api):
    variant = api.post("/api/v1/products", mug_body()).json()["variants"][0]

    response = api.patch(f"/api/v1/variants/{variant['id']}", {"sku": None})

    assert response.status_code == 400
    assert response.json() == {
        "errors": [{"field": "sku", "reason": "must not be null", "code": "invalid"}]
    }


def test_patching_a_barcode_with_null_clears_it(api):
    body = mug_body()
    body["variants"][0]["barcode"] = "0123456789012"
    variant = api.post("/api/v1/products", body).json()["variants"][0]

    response = api.patch(f"/api/v1/variants/{variant['id']}", {"barcode": None})

    assert response.status_code == 200
    assert response.json()["barcode"] == ""
    assert Variant.objects.get().barcode == ""


# Bounds in the services ----------------------------------------------------------------------------


def mug(**variant: object) -> ProductSpec:
    fields: dict = {"sku": "MUG", "price": Decimal("9.50")} | variant
    return ProductSpec(title="Mug", variants=(VariantSpec(**fields),))


@pytest.mark.parametrize(
    ("spec", "field", "reason"),
    [
        (
            ProductSpec(title="Mu\x00g"),
            "title",
            "must not contain the NUL character (\\u0000)",
        ),
        (
            ProductSpec(title="Mug", description_html="<p>\x00</p>"),
            "description_html",
            "must not contain the NUL character (\\u0000)",
        ),
        (
            ProductSpec(title="Mug", custom_fields={"fabric": "lin\x00en"}),
            "custom_fields.fabric",
            "must not contain the NUL character (\\u0000)",
        ),
        (mug(sku="MU\x00G"), "variants[0].sku", "must not contain the NUL character (\\u0000)"),
        (
            ProductSpec(title="Mug \ud800"),
            "title",
            "must be valid Unicode (no lone surrogate \\ud800-\\udfff)",
        ),
        (ProductSpec(title="M" * 256), "title", "is longer than 255 characters (256)"),
        (mug(barcode="1" * 65), "variants[0].barcode", "is longer than 64 characters (65)"),
        (
            mug(price=Decimal("10.005")),
            "variants[0].price",
            "has more than 2 decimal places (USD uses 2)",
        ),
        (
            mug(price=Decimal("10.5"), currency="JPY"),
            "variants[0].price",
            "has more than 0 decimal places (JPY uses 0)",
        ),
        (mug(currency="XYZ"), "variants[0].currency", "'XYZ' is not an ISO 4217 currency code"),
        (mug(position=2**31), "variants[0].position", "must be at most 2 147 483 647"),
    ],
)
def test_hostile_values_are_refused_with_a_field_error_and_nothing_is_stored(spec, field, reason):
    with pytest.raises(FieldError) as caught:
        services.create_product(spec=spec)

    assert (caught.value.field, caught.value.reason) == (field, reason)
    assert Product.objects.count() == 0


def test_a_cost_keeps_four_places_while_prices_keep_their_currency_s():
    product = services.create_product(spec=mug(cost=Decimal("1.2345"), price=Decimal("3.10")))

    assert product.variants.get().cost == Decimal("1.2345")


@pytest.mark.parametrize(
    ("name", "code", "field", "reason"),
    [
        ("S" * 121, None, "name", "is longer than 120 characters (121)"),
        ("SS26", "C" * 41, "code", "is longer than 40 characters (41)"),
        ("SS\x0026", None, "name", "must not contain the NUL character (\\u0000)"),
    ],
)
def test_a_season_longer_than_its_column_is_refused(name, code, field, reason):
    with pytest.raises(FieldError) as caught:
        services.create_season(name=name, code=code)

    assert (caught.value.field, caught.value.reason) == (field, reason)
    assert Season.objects.count() == 0


def test_the_api_refuses_currency_xyz_and_a_price_rounded_away(api):
    body = mug_body()
    body["variants"] = [
        {"sku": "A", "price": "10.005"},
    ]
    response = api.post("/api/v1/products", body)
    body["variants"] = [{"sku": "A", "price": "10", "currency": "XYZ"}]
    xyz = api.post("/api/v1/products", body)

    assert (response.status_code, xyz.status_code) == (400, 400)
    assert response.json()["errors"] == [
        {
            "field": "variants[0].price",
            "reason": "has more than 2 decimal places (USD uses 2)",
            "code": "invalid",
        }
    ]
    assert xyz.json()["errors"] == [
        {
            "field": "variants[0].currency",
            "reason": "'XYZ' is not an ISO 4217 currency code",
            "code": "invalid",
        }
    ]
    assert Product.objects.count() == 0


def test_a_lone_surrogate_sent_as_json_is_a_400_naming_the_field(api):
    body = mug_body() | {"vendor": "Acme \ud800"}

    response = api.post("/api/v1/products", body)

    assert response.status_code == 400
    assert response.json()["errors"] == [
        {
            "field": "vendor",
            "reason": "must be valid Unicode (no lone surrogate \\ud800-\\udfff)",
            "code": "invalid",
        }
    ]
    assert Product.objects.count() == 0


def test_hostile_filters_and_ids_in_the_url_are_400s_naming_them(api):
    responses = {
        "sku": api.get("/api/v1/products", sku="A\x00"),
        "search": api.get("/api/v1/products", search="x" * 256),
        "barcode": api.get("/api/v1/variants", barcode="\x00"),
        "product_id": api.get(f"/api/v1/products/{2**63}"),
        "variant_id": api.get(f"/api/v1/variants/{2**63}"),
    }

    assert {name: r.status_code for name, r in responses.items()} == dict.fromkeys(responses, 400)
    assert [r.json()["errors"][0]["field"] for r in responses.values()] == list(responses)


def test_patching_tags_attributes_or_images_with_null_names_each_field(api):
    product = api.post("/api/v1/products", mug_body() | {"tags": ["blue"]}).json()

    response = api.patch(
        f"/api/v1/products/{product['id']}", {"tags": None, "attributes": None, "images": None}
    )

    assert response.status_code == 400
    assert sorted(e["field"] for e in response.json()["errors"]) == ["attributes", "images", "tags"]
    assert {e["reason"] for e in response.json()["errors"]} == {"must not be null"}
    assert list(Product.objects.get().tags.values_list("name", flat=True)) == ["blue"]
