"""Every GraphQL document the connector can send is valid against Shopify's published 2026-07
schema (../shared) and against the sandbox's own schema."""

from __future__ import annotations

from functools import cache
from importlib import resources
from pathlib import Path

import pytest
from graphql import GraphQLSchema, build_schema, parse, validate

from stockbridge.connectors.shopify import documents
from stockbridge_sandboxes.shopify import graph

SCHEMA = Path(__file__).resolve().parents[3].parent / "shared/shopify/schema/admin-2026-07.graphql"


@cache
def shopify_schema() -> GraphQLSchema:
    return build_schema(SCHEMA.read_text(encoding="utf-8"), assume_valid=True)


@pytest.mark.parametrize("name", documents.names())
def test_document_is_valid_against_shopify_2026_07(name: str, shared_dir: Path) -> None:
    errors = validate(shopify_schema(), parse(documents.load(name)))
    assert [e.message for e in errors] == []


@pytest.mark.parametrize("name", documents.names())
def test_document_is_valid_against_the_sandbox(name: str) -> None:
    errors = validate(graph.schema("2026-07"), parse(documents.load(name)))
    assert [e.message for e in errors] == []


def test_the_published_product_selection_is_written_once() -> None:
    files = resources.files(documents)
    for name in ("product_set", "product_operation", "published_products", "published_variants"):
        own = files.joinpath(f"{name}.graphql").read_text(encoding="utf-8")
        assert "fragment Published" not in own
        assert documents.load(name).count("fragment PublishedVariant on ProductVariant") == 1
    assert documents.load("product_set").count("fragment PublishedProduct on Product") == 1
