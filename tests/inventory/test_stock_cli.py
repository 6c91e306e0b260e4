"""`stockbridge stock import counts.csv` and `stockbridge stock low`."""

from __future__ import annotations

from pathlib import Path

import pytest

from stockbridge.catalog.models import Variant
from stockbridge.cli.main import main
from stockbridge.inventory import services
from stockbridge.inventory.models import Location, Movement, StockLevel


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "counts.csv"
    path.write_text(text, encoding="utf-8")
    return path


def test_importing_counts_sets_on_hand_and_records_differences(
    tmp_path: Path,
    variant: Variant,
    warehouse: Location,
    new_variant,
    capsys: pytest.CaptureFixture[str],
) -> None:
    other = new_variant("MUG")
    services.adjust(variant_id=variant.pk, location_id=warehouse.pk, delta=10)
    path = write(tmp_path, "sku,location,counted\nTEE-BLK-M,WH,7\nMUG,WH,3\n")

    assert main(["stock", "import", str(path), "--actor", "maria"]) == 0

    assert capsys.readouterr().out == "counted 2 stock level(s)\n"
    assert StockLevel.objects.get(variant=variant).on_hand == 7
    assert StockLevel.objects.get(variant=other).on_hand == 3
    assert list(
        Movement.objects.filter(reason="counted").values_list("on_hand_delta", "actor", "reference")
    ) == [(-3, "maria", "count-import:counts.csv"), (3, "maria", "count-import:counts.csv")]


def test_a_file_with_bad_rows_imports_nothing(
    tmp_path: Path, variant: Variant, warehouse: Location, capsys: pytest.CaptureFixture[str]
) -> None:
    path = write(tmp_path, "sku,location,counted\nTEE-BLK-M,WH,7\nNOPE,WH,1\nTEE-BLK-M,XX,2\n")

    assert main(["stock", "import", str(path)]) == 1

    assert capsys.readouterr().err.splitlines() == [
        "stockbridge: line 3: sku: no variant 'NOPE'",
        "stockbridge: line 4: location: no location 'XX'",
        "stockbridge: nothing was imported",
    ]
    assert not Movement.objects.exists()


def test_low_stock_report(
    variant: Variant, warehouse: Location, new_variant, capsys: pytest.CaptureFixture[str]
) -> None:
    other = new_variant("MUG")
    services.adjust(variant_id=variant.pk, location_id=warehouse.pk, delta=2)
    services.adjust(variant_id=other.pk, location_id=warehouse.pk, delta=20)

    assert main(["stock", "low", "--threshold", "5"]) == 0

    lines = capsys.readouterr().out.splitlines()
    assert len(lines) == 2
    assert lines[1].split() == ["TEE-BLK-M", "WH", "2", "0", "2", "0"]


def test_verify_finds_no_drift_then_reports_a_level_written_around_the_ledger(
    variant: Variant, warehouse: Location, capsys: pytest.CaptureFixture[str]
) -> None:
    services.adjust(variant_id=variant.pk, location_id=warehouse.pk, delta=4)
    services.reserve(variant_id=variant.pk, quantity=1, reference="ol:1")
    assert main(["stock", "verify"]) == 0
    assert capsys.readouterr().out == "0 level(s) differ from their ledger\n"

    StockLevel.objects.filter(variant=variant).update(on_hand=9)
    assert main(["stock", "verify"]) == 1
    assert capsys.readouterr().out.splitlines() == [
        f"variant {variant.pk} at location {warehouse.pk}: on_hand 9 (ledger 4), "
        "committed 1 (ledger 1)",
        "1 level(s) differ from their ledger",
    ]
