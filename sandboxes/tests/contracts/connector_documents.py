"""The GraphQL documents Stockbridge's Shopify connector sends, read from the repository.

The contract tests send these exact documents, so a document the sandbox cannot answer as
Shopify documents it fails here, not in a product test.
"""

from __future__ import annotations

from pathlib import Path

DOCUMENTS = (
    Path(__file__).resolve().parents[3] / "src" / "stockbridge" / "connectors" / "shopify"
) / "documents"


def document(name: str) -> str:
    return (DOCUMENTS / f"{name}.graphql").read_text()
