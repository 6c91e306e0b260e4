"""Generate a served version's overlay (`schema-<version>.graphql`) from Shopify's published
schema of that version: what it has that the served 2026-07 SDL (`schema.graphql`) lacks.

A version the sandbox serves is the 2026-07 SDL plus its overlay (graph.py). Without one, a
field Shopify removed after that version (e.g. 2026-04's `inventorySetScheduledChanges`)
would fail validation here while Shopify accepts it; with it, the field validates and, as any
field the sandbox does not model, answers NOT_SUPPORTED_BY_SANDBOX. Run once per served
version, then commit the result:

    python -m stockbridge_sandboxes.shopify.sdl.version_overlay \\
        ../shared/shopify/schema/admin-2026-04.graphql

The overlay holds whole types the served SDL lacks, and `extend` definitions for the fields,
input fields, enum values, interfaces and union members it lacks on the types it has. An
argument missing on a field that exists cannot be added by SDL extension; the script names
each such argument and stops. `--check` compares instead of writing.
"""

from __future__ import annotations

import argparse
import sys
from importlib import resources
from pathlib import Path
from typing import Any

from graphql import DocumentNode, print_ast
from graphql.language import ast

from stockbridge_sandboxes.shopify.sdl.generate import VERSION_IN_NAME, served_document

HEADER = (
    "# What Shopify Admin GraphQL {version} has beyond the 2026-07 SDL the sandbox serves\n"
    "# (schema.graphql): types and fields removed since. Generated from {source} by\n"
    "# `python -m stockbridge_sandboxes.shopify.sdl.version_overlay`; do not hand-edit.\n\n"
)
EXTENSIONS: dict[type, type] = {
    ast.ObjectTypeDefinitionNode: ast.ObjectTypeExtensionNode,
    ast.InterfaceTypeDefinitionNode: ast.InterfaceTypeExtensionNode,
    ast.InputObjectTypeDefinitionNode: ast.InputObjectTypeExtensionNode,
    ast.EnumTypeDefinitionNode: ast.EnumTypeExtensionNode,
    ast.UnionTypeDefinitionNode: ast.UnionTypeExtensionNode,
}


def _types(document: DocumentNode) -> dict[str, Any]:
    return {d.name.value: d for d in document.definitions if isinstance(d, ast.TypeDefinitionNode)}


def _names(nodes: Any) -> set[str]:
    return {n.name.value for n in nodes or ()}


def _extension(older: Any, served: Any, problems: list[str]) -> Any | None:
    """An extension of `served` adding what `older` (the same type) has beyond it."""
    kind = EXTENSIONS.get(type(older))
    if kind is None or type(older) is not type(served):
        return None
    name = older.name.value
    changes: dict[str, Any] = {}
    if isinstance(older, ast.EnumTypeDefinitionNode):
        values = [v for v in older.values or () if v.name.value not in _names(served.values)]
        if values:
            changes["values"] = tuple(values)
    elif isinstance(older, ast.UnionTypeDefinitionNode):
        members = [t for t in older.types or () if t.name.value not in _names(served.types)]
        if members:
            changes["types"] = tuple(members)
    else:
        theirs = {f.name.value: f for f in served.fields or ()}
        fields = [f for f in older.fields or () if f.name.value not in theirs]
        if fields:
            changes["fields"] = tuple(fields)
        for field in older.fields or ():
            if field.name.value in theirs and hasattr(field, "arguments"):
                known = _names(theirs[field.name.value].arguments)
                problems.extend(
                    f"argument {name}.{field.name.value}({arg.name.value})"
                    for arg in field.arguments or ()
                    if arg.name.value not in known
                )
        if not isinstance(older, ast.InputObjectTypeDefinitionNode):
            interfaces = [
                i for i in older.interfaces or () if i.name.value not in _names(served.interfaces)
            ]
            if interfaces:
                changes["interfaces"] = tuple(interfaces)
    if not changes:
        return None
    return kind(name=older.name, directives=(), **changes)


def overlay(older: DocumentNode, served: DocumentNode) -> tuple[DocumentNode, list[str]]:
    """(the overlay document, arguments it cannot express)."""
    ours = _types(served)
    definitions: list[Any] = []
    problems: list[str] = []
    for name, definition in _types(older).items():
        if name not in ours:
            definitions.append(definition)
            continue
        extension = _extension(definition, ours[name], problems)
        if extension is not None:
            definitions.append(extension)
    return DocumentNode(definitions=tuple(definitions)), problems


def overlay_sdl(older_text: str, *, version: str, source: str) -> tuple[str, list[str]]:
    package = resources.files("stockbridge_sandboxes.shopify")
    served = served_document(package.joinpath("schema.graphql").read_text())
    document, problems = overlay(served_document(older_text), served)
    return HEADER.format(version=version, source=source) + print_ast(document) + "\n", problems


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("published", type=Path, help="Shopify's admin-<version>.graphql")
    parser.add_argument("--check", action="store_true", help="compare instead of writing")
    args = parser.parse_args(argv)
    match = VERSION_IN_NAME.search(args.published.name)
    if match is None:
        print(f"{args.published.name}: no API version in the name", file=sys.stderr)
        return 1
    version = match.group(1)
    sdl, problems = overlay_sdl(
        args.published.read_text(), version=version, source=args.published.name
    )
    if problems:
        print("SDL extensions cannot add these arguments:", file=sys.stderr)
        for problem in problems:
            print(f"  {problem}", file=sys.stderr)
        return 1
    out = Path(str(resources.files("stockbridge_sandboxes.shopify") / f"schema-{version}.graphql"))
    if args.check:
        if not out.is_file() or out.read_text() != sdl:
            print(f"{out} is not what {args.published.name} generates", file=sys.stderr)
            return 1
        print(f"{out} is up to date")
        return 0
    out.write_text(sdl)
    print(f"wrote {out} ({len(sdl):,} bytes)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
