"""`stockbridge catalog import`: per-row error report, --atomic, --dry-run, upserts, volume."""

from __future__ import annotations

import csv
import io
from decimal import Decimal
from pathlib import Path

import pytest

from stockbridge.catalog.models import Product, Variant
from stockbridge.catalog.services import create_season
from stockbridge.catalog.spreadsheet.importer import import_catalog
from stockbridge.catalog.spreadsheet.stockbridge_format import HEADER
from stockbridge.cli.main import main

pytestmark = pytest.mark.django_db

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "catalog"
BAD_ROWS = FIXTURES / "bad_rows.csv"
BAD_ROWS_REPORT = [
    "line 6: variant_price: must not be negative",
    "line 7: variant_price: must be a number, got 'abc'",
    "line 8: season: no season named 'NOPE'",
    "line 9: variant_sku: SKU 'TEE-S' is also given for product 'linen-tee'",
    "line 11: attribute1_value: 'XXL' is not a value of attribute 'Size'",
    "line 15: variant_weight_unit: must be one of g, kg, oz, lb",
    "line 16: handle: product 'linen-tee' already had rows at line 2; keep a product's rows "
    "together",
]


def generated_csv(path: Path, variants: int, per_product: int = 10, price: str = "19.90") -> Path:
    """`variants` rows in our format: products of `per_product` sizes each."""
    with path.open("w", encoding="utf-8", newline="") as f:
        out = csv.DictWriter(f, fieldnames=HEADER, lineterminator="\n")
        out.writeheader()
        sizes = [f"S{n}" for n in range(per_product)]
        for n in range(variants):
            p, i = divmod(n, per_product)
            out.writerow(
                {
                    "handle": f"tee-{p}",
                    "title": f"Tee {p}",
                    "status": "active",
                    "tags": "generated",
                    "attribute1_name": "Size",
                    "attribute1_values": "|".join(sizes),
                    "attribute1_value": sizes[i],
                    "variant_sku": f"TEE-{p}-{sizes[i]}",
                    "variant_price": price,
                }
            )
    return path


def test_a_10000_variant_import_finishes_with_exact_counts(tmp_path, capsys):
    path = generated_csv(tmp_path / "big.csv", 10_000)

    code = main(["catalog", "import", str(path), "--quiet"])

    _, err = capsys.readouterr()
    assert code == 0
    assert Product.objects.count() == 1_000
    assert Variant.objects.count() == 10_000
    assert err.splitlines()[-1].startswith("catalog import (stockbridge): 10000 rows in ")
    assert err.splitlines()[-1].endswith(
        "variants 10000 created, 0 updated, 0 unchanged, 0 deleted; products 1000 created, "
        "0 updated, 0 unchanged, 0 failed; 0 rows failed; written"
    )
    last = Variant.objects.get(sku="TEE-999-S9")
    assert (last.product.handle, last.price, last.attribute_values, last.position) == (
        "tee-999",
        Decimal("19.9000"),
        ["S9"],
        10,
    )


def test_bad_rows_are_reported_by_line_and_column_while_good_products_are_stored(capsys):
    create_season(name="SS26")

    code = main(["catalog", "import", str(BAD_ROWS)])

    _, err = capsys.readouterr()
    lines = err.splitlines()
    assert code == 1
    assert lines[:-1] == BAD_ROWS_REPORT
    assert lines[-1].endswith(
        "variants 5 created, 0 updated, 0 unchanged, 0 deleted; products 3 created, 0 updated, "
        "0 unchanged, 7 failed; 9 rows failed; written"
    )
    assert sorted(Product.objects.values_list("handle", flat=True)) == ["bag", "hat", "linen-tee"]
    assert sorted(Variant.objects.values_list("sku", flat=True)) == [
        "BAG-1",
        "HAT-1",
        "TEE-L",
        "TEE-M",
        "TEE-S",
    ]
    assert Product.objects.get(handle="hat").description_html == "<p>A hat\nfor the sun</p>"
    assert Product.objects.get(handle="linen-tee").season.name == "SS26"


def test_a_product_whose_sku_belongs_to_a_stored_product_fails_with_the_row(tmp_path):
    first = tmp_path / "first.csv"
    first.write_text("handle,title,variant_sku,variant_price\nmug,Mug,MUG-1,9\n")
    second = tmp_path / "second.csv"
    second.write_text("handle,title,variant_sku,variant_price\ncup,Cup,MUG-1,8\n")

    with first.open() as f:
        import_catalog(f)
    with second.open() as f:
        result = import_catalog(f)

    assert [str(e) for e in result.errors] == [
        "line 2: variant_sku: SKU 'MUG-1' is already used by another variant"
    ]
    assert (result.rows_failed, result.products_failed) == (1, 1)
    assert list(Product.objects.values_list("handle", flat=True)) == ["mug"]


def test_atomic_rejects_the_whole_file_and_writes_nothing(capsys):
    create_season(name="SS26")

    code = main(["catalog", "import", str(BAD_ROWS), "--atomic"])

    _, err = capsys.readouterr()
    assert code == 1
    assert err.splitlines()[:-1] == BAD_ROWS_REPORT
    assert err.splitlines()[-1].endswith("nothing written (--atomic: a row failed)")
    assert Product.objects.count() == 0
    assert Variant.objects.count() == 0


def test_atomic_with_only_good_rows_writes_everything(tmp_path):
    path = generated_csv(tmp_path / "good.csv", 30)

    assert main(["catalog", "import", str(path), "--atomic", "--quiet"]) == 0

    assert Variant.objects.count() == 30


def test_dry_run_checks_everything_and_writes_nothing(tmp_path, capsys):
    path = generated_csv(tmp_path / "good.csv", 20)

    code = main(["catalog", "import", str(path), "--dry-run"])

    _, err = capsys.readouterr()
    assert code == 0
    assert "variants 20 created" in err
    assert err.rstrip().endswith("nothing written (--dry-run)")
    assert Product.objects.count() == 0


def test_reimporting_the_same_file_changes_nothing(tmp_path, capsys):
    path = generated_csv(tmp_path / "good.csv", 40)
    assert main(["catalog", "import", str(path)]) == 0
    before = list(Variant.objects.order_by("id").values_list("id", "sku", "price", "updated_at"))
    stamps = list(Product.objects.order_by("id").values_list("id", "updated_at"))
    capsys.readouterr()

    assert main(["catalog", "import", str(path)]) == 0

    _, err = capsys.readouterr()
    assert err.rstrip().endswith(
        "variants 0 created, 0 updated, 40 unchanged, 0 deleted; products 0 created, 0 updated, "
        "4 unchanged, 0 failed; 0 rows failed; written"
    )
    assert list(Variant.objects.order_by("id").values_list("id", "sku", "price", "updated_at")) == (
        before
    )
    assert list(Product.objects.order_by("id").values_list("id", "updated_at")) == stamps


def test_a_changed_row_updates_its_variant_and_missing_rows_are_deleted(tmp_path):
    generated_csv(tmp_path / "v1.csv", 20, per_product=10)
    with (tmp_path / "v1.csv").open() as f:
        import_catalog(f)
    ids = dict(Variant.objects.values_list("sku", "id"))
    v2 = tmp_path / "v2.csv"
    generated_csv(v2, 19, per_product=10, price="21.50")  # tee-1 loses S9

    with v2.open() as f:
        result = import_catalog(f)

    assert (result.products_updated, result.variants_updated, result.variants_deleted) == (2, 19, 1)
    assert (result.variants_created, result.rows_failed) == (0, 0)
    assert not Variant.objects.filter(sku="TEE-1-S9").exists()
    assert set(Variant.objects.values_list("price", flat=True)) == {Decimal("21.5000")}
    assert ids["TEE-0-S3"] == Variant.objects.get(sku="TEE-0-S3").id


def test_a_row_with_more_cells_than_the_header_is_reported():
    text = "handle,title,variant_sku,variant_price\nmug,Mug,MUG-1,9,extra\nbowl,Bowl,BOWL-1,7\n"

    result = import_catalog(io.StringIO(text))

    assert [str(e) for e in result.errors] == ["line 2: has 5 cells, the header has 4"]
    assert list(Product.objects.values_list("handle", flat=True)) == ["bowl"]


def test_unknown_columns_reject_the_file_before_anything_is_read(tmp_path, capsys):
    path = tmp_path / "typo.csv"
    path.write_text("handle,title,variant_sku,varient_price\nmug,Mug,MUG-1,9\n")

    code = main(["catalog", "import", str(path)])

    _, err = capsys.readouterr()
    assert code == 2
    assert err.strip() == (
        f"stockbridge: {path}: line 1: header: unknown column 'varient_price'; "
        "missing column 'variant_price'"
    )
    assert Product.objects.count() == 0


def test_product_columns_must_agree_on_every_row_of_the_product():
    text = (
        "handle,title,vendor,attribute1_name,attribute1_value,variant_sku,variant_price\n"
        "mug,Mug,Acme,Size,S,MUG-S,9\n"
        "mug,,Other,Size,M,MUG-M,9\n"
    )

    result = import_catalog(io.StringIO(text))

    assert [str(e) for e in result.errors] == [
        "line 3: vendor: differs from line 2 ('Acme'); a product's columns must be the same on "
        "each of its rows"
    ]
    assert Product.objects.count() == 0


def test_the_progress_bar_draws_one_line_with_rows_and_failures():
    from stockbridge.catalog.spreadsheet.importer import ImportProgress
    from stockbridge.cli.catalog_io import ProgressBar

    screen = io.StringIO()
    bar = ProgressBar(screen, total_lines=200)

    bar(ImportProgress(line=100, rows=99, rows_failed=3))

    drawn = screen.getvalue()
    assert drawn.startswith("\r[###############...............]  50% 99 rows, 3 failed, ")
    assert drawn.endswith(" rows/s ")


def test_only_the_changed_variant_of_a_changed_product_is_updated(tmp_path):
    v1 = generated_csv(tmp_path / "v1.csv", 20, per_product=10)
    with v1.open() as f:
        import_catalog(f)
    stamps = dict(Variant.objects.values_list("sku", "updated_at"))
    v2 = tmp_path / "v2.csv"
    v2.write_text(v1.read_text().replace("TEE-1-S4,,,,19.90", "TEE-1-S4,,,,17.00"))

    with v2.open() as f:
        result = import_catalog(f)

    assert (result.products_updated, result.products_unchanged) == (1, 1)
    assert (result.variants_updated, result.variants_unchanged) == (1, 19)
    assert Variant.objects.get(sku="TEE-1-S4").price == Decimal("17.0000")
    changed = {
        sku for sku, at in Variant.objects.values_list("sku", "updated_at") if at != stamps[sku]
    }
    assert changed == {"TEE-1-S4"}


def test_rows_without_a_handle_continue_the_product_above_with_the_same_title():
    text = (
        "handle,title,attribute1_name,attribute1_value,variant_sku,variant_price\n"
        "summer-tee,Linen Tee,Size,S,ST-S,9\n"
        ",Linen Tee,Size,M,ST-M,9\n"
        ",,Size,L,ST-L,9\n"
        ",Wool Hat,,,HAT,15\n"
    )

    result = import_catalog(io.StringIO(text))

    assert result.errors == []
    assert list(Product.objects.order_by("id").values_list("handle", "title")) == [
        ("summer-tee", "Linen Tee"),
        ("wool-hat", "Wool Hat"),
    ]
    assert list(Variant.objects.order_by("id").values_list("sku", "product__handle")) == [
        ("ST-S", "summer-tee"),
        ("ST-M", "summer-tee"),
        ("ST-L", "summer-tee"),
        ("HAT", "wool-hat"),
    ]


def test_updating_a_product_rewrites_its_fields_tags_attributes_and_images():
    create_season(name="SS26")
    header = (
        "handle,title,status,season,tags,custom_fields,images,attribute1_name,attribute1_value,"
        "variant_sku,variant_price,variant_weight,variant_images\n"
    )
    first = header + (
        'mug,Mug,draft,,"a, b","{""gsm"": 1}",https://x.io/1.jpg One,Size,S,MUG-S,9,,\n'
    )
    second = header + (
        'mug,Big Mug,active,SS26,"b, c","{""gsm"": 2, ""care"": [""hand""]}",'
        '"https://x.io/2.jpg md5:0123456789abcdef0123456789abcdef Two",'
        "Size,S,MUG-S,9.5,0.3,https://x.io/2.jpg\n"
        ",,,,,,,Size,M,MUG-M,10,,\n"
    )
    import_catalog(io.StringIO(first))
    variant_id = Variant.objects.get(sku="MUG-S").id

    result = import_catalog(io.StringIO(second))

    assert result.errors == []
    assert (result.products_updated, result.variants_updated, result.variants_created) == (1, 1, 1)
    mug = Product.objects.get(handle="mug")
    assert (mug.title, mug.status, mug.season.name) == ("Big Mug", "active", "SS26")
    assert mug.custom_fields == {"gsm": 2, "care": ["hand"]}
    assert sorted(mug.tags.values_list("name", flat=True)) == ["b", "c"]
    assert list(mug.attributes.values_list("name", "values")) == [("Size", ["S", "M"])]
    small = Variant.objects.get(sku="MUG-S")
    assert (small.id, small.price, small.weight, small.attribute_values) == (
        variant_id,
        Decimal("9.5000"),
        Decimal("0.3000"),
        ["S"],
    )
    assert list(mug.images.values_list("url", "md5", "alt")) == [
        ("https://x.io/2.jpg", "0123456789abcdef0123456789abcdef", "Two")
    ]
    assert list(mug.images.get().variants.values_list("sku", flat=True)) == ["MUG-S"]


HEADER_LINE = (
    "handle,title,status,images,attribute1_name,attribute1_value,variant_sku,variant_price,"
    "variant_currency,variant_cost,variant_images\n"
)


@pytest.mark.parametrize(
    ("rows", "report"),
    [
        (
            "Mug,Mug,draft,,,,MUG,9,,,\n",
            ["line 2: handle: must be lowercase letters, digits and single dashes"],
        ),
        ("mug,,draft,,,,MUG,9,,,\n", ["line 2: title: is required"]),
        ("mug,Mug,live,,,,MUG,9,,,\n", ["line 2: status: must be one of active, draft, archived"]),
        (
            "mug,Mug,,,,,MUG,9,EURO,,\n",
            ["line 2: variant_currency: must be a 3-letter ISO 4217 code"],
        ),
        ("mug,Mug,,,,,MUG,9,,1.23456,\n", ["line 2: variant_cost: has more than 4 decimal places"]),
        ("mug,Mug,,,,,,9,,,\n", ["line 2: variant_sku: is required"]),
        ("mug,Mug,,,,,MUG,,,,\n", ["line 2: variant_price: is required"]),
        (
            "mug,Mug,,,,,MUG-1,9,,,\nmug,Mug,,,,,MUG-2,9,,,\n",
            ["line 3: attribute1_name: a product without attributes has at most one variant"],
        ),
        (
            "mug,Mug,,,Size,S,MUG-1,9,,,\nmug,Mug,,,Size,S,MUG-2,9,,,\n",
            ["line 3: attribute1_value: another variant already has S"],
        ),
        (
            "mug,Mug,,,Size,S,MUG-1,9,,,\nmug,Mug,,,Size,M,MUG-1,9,,,\n",
            ["line 3: variant_sku: SKU 'MUG-1' is given twice"],
        ),
        (
            "mug,Mug,,,Size,,MUG-1,9,,,\n",
            [
                "line 2: attribute1_value: is required (the product has 'Size')",
                "line 2: attribute1_values: needs at least one value",
            ],
        ),
        (
            "mug,Mug,,,,S,MUG-1,9,,,\n",
            ["line 2: attribute1_value: is given but attribute1_name is empty"],
        ),
        ("mug,Mug,,ftp://x.io/a.jpg,,,MUG,9,,,\n", ["line 2: images: must be an http(s) URL"]),
        (
            "mug,Mug,,https://x.io/a.jpg md5:XYZ,,,MUG,9,,,\n",
            ["line 2: images: must be 32 lowercase hex digits"],
        ),
    ],
)
def test_every_catalog_rule_is_reported_on_its_line_and_column(rows, report):
    result = import_catalog(io.StringIO(HEADER_LINE + rows))

    assert [str(e) for e in result.errors] == report
    assert Product.objects.count() == 0


def test_a_file_that_is_not_utf8_is_refused_before_anything_is_written(tmp_path, capsys):
    path = tmp_path / "latin1.csv"
    text = "handle,title,variant_sku,variant_price\nmug,Mug,MUG,9\ncafe,Caf\u00e9,CAFE,3\n"
    path.write_bytes(text.encode("latin-1"))

    code = main(["catalog", "import", str(path)])

    _, err = capsys.readouterr()
    assert code == 2
    assert err.strip() == f"stockbridge: {path}: line 3: is not UTF-8 text (save the CSV as UTF-8)"
    assert Product.objects.count() == 0


def test_thousands_of_variants_dropped_in_one_chunk_are_deleted(tmp_path):
    with generated_csv(tmp_path / "v1.csv", 6_000, per_product=20).open() as f:
        import_catalog(f)
    v2 = tmp_path / "v2.csv"
    lines = (tmp_path / "v1.csv").read_text().splitlines(keepends=True)
    v2.write_text(lines[0] + "".join(lines[1::20]))  # keep each product's first variant only

    with v2.open() as f:
        result = import_catalog(f)

    assert result.errors == []
    assert (result.products_updated, result.variants_deleted) == (300, 5_700)
    assert Variant.objects.count() == 300


def test_an_uploaded_image_file_survives_an_update_from_the_spreadsheet():
    from stockbridge.catalog.models import Image

    text = "handle,title,images,variant_sku,variant_price\nmug,Mug,https://x.io/1.jpg,MUG,{}\n"
    import_catalog(io.StringIO(text.format("9")))
    mug = Product.objects.get(handle="mug")
    Image.objects.create(product=mug, file="images/mug-photo.jpg", position=2)

    import_catalog(io.StringIO(text.format("10")))

    assert sorted(mug.images.values_list("url", "file")) == [
        ("", "images/mug-photo.jpg"),
        ("https://x.io/1.jpg", ""),
    ]


def test_dropping_a_variant_still_used_by_a_bundle_fails_that_product_only(tmp_path):
    from stockbridge.inventory.services import set_bundle

    generated_csv(tmp_path / "v1.csv", 20, per_product=10)
    with (tmp_path / "v1.csv").open() as f:
        import_catalog(f)
    part = Variant.objects.get(sku="TEE-1-S9")
    set_bundle(bundle_id=Variant.objects.get(sku="TEE-0-S0").pk, components={part.pk: 1})
    v2 = tmp_path / "v2.csv"
    generated_csv(v2, 19, per_product=10, price="21.50")  # tee-1 loses S9

    with v2.open() as f:
        result = import_catalog(f)

    assert [str(e) for e in result.errors] == [
        "line 12: a variant of this product missing from the file is still used by bundle "
        "components; keep its row"
    ]
    assert (result.products_updated, result.products_failed) == (1, 1)
    assert Variant.objects.get(sku="TEE-1-S9").price == Decimal("19.9000")
    assert Variant.objects.get(sku="TEE-0-S0").price == Decimal("21.5000")
