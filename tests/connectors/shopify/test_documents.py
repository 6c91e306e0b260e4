"""Every GraphQL document the connector can send is valid against Shopify's published 2026-07
schema (../shared) and against the sandbox's own schema."""

from __future__ import annotations

from functools import cache
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
