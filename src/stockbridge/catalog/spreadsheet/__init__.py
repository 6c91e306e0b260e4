"""Catalog spreadsheets: import a CSV (our own one-row-per-variant format or Shopify's product
CSV) in bulk, and export the catalog in our own format. See docs/catalog-csv.md."""

from __future__ import annotations

from .drafts import RowError
from .importer import ImportProgress, ImportResult, import_catalog
from .reader import FORMATS, UnreadableSpreadsheet
from .writer import export_catalog

__all__ = [
    "FORMATS",
    "ImportProgress",
    "ImportResult",
    "RowError",
    "UnreadableSpreadsheet",
    "export_catalog",
    "import_catalog",
]
