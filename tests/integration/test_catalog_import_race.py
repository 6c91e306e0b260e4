"""Several processes importing the same file at once: each product is created exactly once,
no row fails, and every process accounts for every variant."""

from __future__ import annotations

from pathlib import Path

import pytest

from stockbridge.catalog.models import Product, Variant
from stockbridge.catalog.spreadsheet.importer import import_catalog
from tests.support.races import race

from .test_catalog_import import generated_csv

PROCESSES = 3
VARIANTS = 3_000


def _importer(path: str) -> tuple[int, int, int, list[str]]:
    with open(path, encoding="utf-8", newline="") as f:
        result = import_catalog(f, chunk_rows=100)
    return (
        result.variants_created,
        result.variants_unchanged,
        result.variants_updated,
        [str(e) for e in result.errors],
    )


@pytest.mark.django_db(transaction=True)
def test_concurrent_imports_of_one_file_create_each_product_once(tmp_path: Path) -> None:
    path = generated_csv(tmp_path / "catalog.csv", VARIANTS)

    outcomes = race(_importer, [(str(path),)] * PROCESSES, timeout=180)

    assert [errors for *_, errors in outcomes] == [[]] * PROCESSES
    assert sum(created for created, *_ in outcomes) == VARIANTS
    assert [created + unchanged for created, unchanged, *_ in outcomes] == [VARIANTS] * PROCESSES
    assert [updated for _, _, updated, _ in outcomes] == [0] * PROCESSES
    assert (Product.objects.count(), Variant.objects.count()) == (VARIANTS // 10, VARIANTS)
