"""Complete types for the SDL, cut from Shopify's published schema with everything they reach.

`python -m stockbridge.sandboxes.shopify.schema_closure <admin-YYYY-MM.graphql> <out> Root.field...`
writes an SDL file holding each named root field as a `extend type` and every type it reaches,
whole (every field and argument), except the types `schema.graphql` already defines. The
sandbox loads such files beside `schema.graphql` and drops any definition the base already has
(`merge`), so a later regeneration of the base that adds the same types still builds.
"""

from __future__ import annotations

import sys
from importlib import resources

from graphql import (
    DefinitionNode,
    DocumentNode,
    FieldDefinitionNode,
    GraphQLInputObjectType,
    GraphQLInterfaceType,
    GraphQLObjectType,
    GraphQLSchema,
    GraphQLUnionType,
    ObjectTypeDefinitionNode,
    ObjectTypeExtensionNode,
    TypeDefinitionNode,
    build_schema,
    get_named_type,
    parse,
    print_ast,
)

EXTRA_FILES = ("schema-app-installation.graphql",)
ROOT_NAMES = {"QueryRoot", "Mutation"}


def _reached(full: GraphQLSchema, start: list[str], known: set[str]) -> set[str]:
    found: set[str] = set()
    todo = list(start)
    while todo:
        name = todo.pop()
        if name in found or name in known:
            continue
        found.add(name)
        named = full.get_type(name)
        if isinstance(named, (GraphQLObjectType, GraphQLInterfaceType)):
            for f in named.fields.values():
                todo.append(get_named_type(f.type).name)
                todo.extend(get_named_type(a.type).name for a in f.args.values())
            todo.extend(i.name for i in named.interfaces)
        elif isinstance(named, GraphQLInputObjectType):
            todo.extend(get_named_type(f.type).name for f in named.fields.values())
        elif isinstance(named, GraphQLUnionType):
            todo.extend(t.name for t in named.types)
    return found


def _undeprecate_interface_fields(node: TypeDefinitionNode) -> TypeDefinitionNode:
    """Shopify deprecates `id` on a few `Node` implementations (`DiscountAutomaticBxgy`),
    which graphql-core refuses (an interface field's implementation must not be deprecated
    unless the interface's is): keep the field, drop only its deprecation."""
    fields = getattr(node, "fields", None)
    if not isinstance(node, ObjectTypeDefinitionNode) or not fields:
        return node
    interfaces = {i.name.value for i in node.interfaces or ()}
    if "Node" not in interfaces:
        return node
    new = tuple(
        FieldDefinitionNode(
            name=f.name,
            description=f.description,
            arguments=f.arguments,
            type=f.type,
            directives=tuple(d for d in f.directives or () if d.name.value != "deprecated"),
        )
        if f.name.value == "id"
        else f
        for f in fields
    )
    return ObjectTypeDefinitionNode(
        name=node.name,
        description=node.description,
        interfaces=node.interfaces,
        directives=node.directives,
        fields=new,
    )


def extract(full_sdl: str, base_sdl: str, roots: list[str]) -> str:
    full = build_schema(full_sdl)
    document = parse(full_sdl)
    base = build_schema(base_sdl)
    known = set(base.type_map)
    start: list[str] = []
    fields: dict[str, list[FieldDefinitionNode]] = {}
    for spec in roots:
        root, field_name = spec.split(".")
        root_type = full.get_type(root)
        assert isinstance(root_type, GraphQLObjectType), root
        field = root_type.fields[field_name]
        assert field.ast_node is not None
        fields.setdefault(root, []).append(field.ast_node)
        start.append(get_named_type(field.type).name)
        start.extend(get_named_type(a.type).name for a in field.args.values())
    wanted = _reached(full, start, known)
    kept: list[DefinitionNode] = [
        _undeprecate_interface_fields(d)
        for d in document.definitions
        if isinstance(d, TypeDefinitionNode) and d.name.value in wanted
    ]
    parts = [print_ast(DocumentNode(definitions=tuple(kept)))] if kept else []
    for root, nodes in fields.items():
        extension = ObjectTypeExtensionNode(
            name=full.get_type(root).ast_node.name,  # type: ignore[union-attr]
            interfaces=(),
            directives=(),
            fields=tuple(nodes),
        )
        parts.append(print_ast(extension))
    return "\n\n".join(parts) + "\n"


def merge(base_sdl: str, extra_sdl: str) -> str:
    """`extra_sdl` without the types and root fields `base_sdl` already has."""
    base = parse(base_sdl)
    defined = {d.name.value for d in base.definitions if isinstance(d, TypeDefinitionNode)}
    root_fields = {
        (d.name.value, f.name.value)
        for d in base.definitions
        if isinstance(d, (TypeDefinitionNode, ObjectTypeExtensionNode))
        and d.name.value in ROOT_NAMES
        for f in (getattr(d, "fields", None) or ())
    }
    kept: list[DefinitionNode] = []
    for d in parse(extra_sdl).definitions:
        if isinstance(d, TypeDefinitionNode):
            if d.name.value not in defined:
                kept.append(d)
        elif isinstance(d, ObjectTypeExtensionNode):
            new = tuple(
                f for f in d.fields or () if (d.name.value, f.name.value) not in root_fields
            )
            if new:
                kept.append(
                    ObjectTypeExtensionNode(name=d.name, interfaces=(), directives=(), fields=new)
                )
    return print_ast(DocumentNode(definitions=tuple(kept))) if kept else ""


def with_extras(base_sdl: str) -> str:
    package = resources.files("stockbridge.sandboxes.shopify")
    merged = base_sdl
    for name in EXTRA_FILES:
        merged = f"{merged}\n{merge(merged, package.joinpath(name).read_text())}"
    return merged


def main(argv: list[str]) -> None:
    full_path, out_path, *roots = argv
    package = resources.files("stockbridge.sandboxes.shopify")
    base = package.joinpath("schema.graphql").read_text()
    with open(full_path, encoding="utf-8") as full, open(out_path, "w", encoding="utf-8") as out:
        out.write(extract(full.read(), base, roots))


if __name__ == "__main__":
    main(sys.argv[1:])
