"""Generate the served SDL (`schema.graphql`) from Shopify's published Admin schema.

Run once per API version the sandbox moves to, then commit the result (the sandbox runs
without `../shared`):

    python -m stockbridge_sandboxes.shopify.sdl.generate \\
        ../shared/shopify/schema/admin-2026-07.graphql

The sandbox serves the published schema whole: every type with every field, argument, default,
enum value, interface and union member, and every directive. Only descriptions are dropped
(they are a fifth of the size and nothing validates or executes against them). Serving a
"closure" of the types the sandbox models would not be smaller: what `QueryRoot` and
`Mutation` alone reach is 3,399 of 3,544 types, and a document's fragment on any other type
validates at Shopify, so it must here too.

What the sandbox models is kept apart, in `modeled.graphql`; the script checks that every
type, field and argument listed there still exists in the new version and stops otherwise.
`--check` compares instead of writing (exit 1 when the committed file differs).
"""

from __future__ import annotations

import argparse
import dataclasses
import re
import sys
from importlib import resources
from pathlib import Path
from typing import Any

from graphql import DocumentNode, GraphQLSchema, build_ast_schema, parse, print_ast
from graphql.language import ast

from stockbridge_sandboxes.shopify.sdl.modeled import ModeledSchema, read_modeled

VERSION_IN_NAME = re.compile(r"(\d{4}-\d{2}|unstable)")
HEADER = (
    "# Shopify Admin GraphQL {version}, as the Stockbridge sandbox serves it: the published\n"
    "# schema whole, without descriptions. Generated from {source} by\n"
    "# `python -m stockbridge_sandboxes.shopify.sdl.generate`; do not hand-edit.\n"
    "# What the sandbox models of it is listed in modeled.graphql.\n\n"
)


def _without_descriptions(node: Any) -> Any:
    if not isinstance(node, ast.Node):
        return node
    changes: dict[str, Any] = {}
    for key in node.keys:
        if key == "loc":
            continue
        value = getattr(node, key)
        if key == "description" and value is not None:
            changes[key] = None
        elif isinstance(value, ast.Node):
            changes[key] = _without_descriptions(value)
        elif isinstance(value, tuple) and value and isinstance(value[0], ast.Node):
            changes[key] = tuple(_without_descriptions(item) for item in value)
    return dataclasses.replace(node, **changes) if changes else node


def served_document(published: str) -> DocumentNode:
    """The published schema text as the sandbox serves it (descriptions dropped)."""
    document: DocumentNode = _without_descriptions(parse(published, no_location=True))
    return document


def served_sdl(published: str, *, version: str, source: str) -> str:
    """The SDL the sandbox serves for the published schema text `published`."""
    return _text(served_document(published), version=version, source=source)


def _text(document: DocumentNode, *, version: str, source: str) -> str:
    return HEADER.format(version=version, source=source) + print_ast(document) + "\n"


def modeled_not_published(modeled: ModeledSchema, published: GraphQLSchema) -> list[str]:
    """Types, fields and arguments `modeled.graphql` lists that the published schema lacks."""
    problems: list[str] = []
    for type_name, fields in modeled.items():
        their_type = published.get_type(type_name)
        if their_type is None:
            problems.append(f"type {type_name}")
            continue
        their_fields: dict[str, Any] = getattr(their_type, "fields", None) or {}
        for field_name, args in fields.items():
            their_field = their_fields.get(field_name)
            if their_field is None:
                problems.append(f"field {type_name}.{field_name}")
                continue
            their_args = getattr(their_field, "args", None) or {}
            problems.extend(
                f"argument {type_name}.{field_name}({arg})" for arg in args if arg not in their_args
            )
    return problems


def _version(path: Path, given: str | None) -> str:
    if given:
        return given
    match = VERSION_IN_NAME.search(path.name)
    if match is None:
        raise SystemExit(f"{path.name}: name the API version with --version")
    return match.group(1)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("published", type=Path, help="Shopify's admin-<version>.graphql")
    parser.add_argument("--version", help="API version (default: read from the file name)")
    parser.add_argument(
        "--out",
        type=Path,
        default=Path(str(resources.files("stockbridge_sandboxes.shopify") / "schema.graphql")),
        help="where to write the served SDL (default: the sandbox package's schema.graphql)",
    )
    parser.add_argument("--check", action="store_true", help="compare instead of writing")
    args = parser.parse_args(argv)

    document = served_document(args.published.read_text())
    sdl = _text(
        document, version=_version(args.published, args.version), source=args.published.name
    )
    missing = modeled_not_published(read_modeled(), build_ast_schema(document))
    if missing:
        print("modeled.graphql lists what this schema lacks:", file=sys.stderr)
        for problem in missing:
            print(f"  {problem}", file=sys.stderr)
        return 1
    if args.check:
        current = args.out.read_text() if args.out.is_file() else ""
        if current != sdl:
            print(f"{args.out} is not what {args.published.name} generates", file=sys.stderr)
            return 1
        print(f"{args.out} is up to date")
        return 0
    args.out.write_text(sdl)
    print(f"wrote {args.out} ({len(sdl):,} bytes, {sdl.count(chr(10)):,} lines)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
