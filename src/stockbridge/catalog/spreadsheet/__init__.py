"""Catalog spreadsheets: import a CSV (our own one-row-per-variant format or Shopify's product
CSV) in bulk, and export the catalog in our own format. See docs/catalog-csv.md.

Modules: `reader` (streaming, format choice), `stockbridge_format` and `shopify_format` (rows
to checked product drafts, pure), `importer` (database checks, chunks, transactions),
`writer` (export). Storing goes through `catalog.services.upsert_products` (its bulk queries are
in `catalog/bulk.py`). The pure modules import no Django models."""
