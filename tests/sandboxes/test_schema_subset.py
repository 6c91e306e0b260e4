"""The sandbox's SDL is a compatible subset of Shopify's published Admin schema (2026-07)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from graphql import (
    GraphQLEnumType,
    GraphQLInputObjectType,
    GraphQLInterfaceType,
    GraphQLObjectType,
    GraphQLSchema,
    GraphQLUnionType,
    build_schema,
    print_ast,
)

from stockbridge.sandboxes.shopify.graph import schema as sandbox_schema


def _default(value: Any) -> str | None:
    node = getattr(getattr(value, "ast_node", None), "default_value", None)
    return print_ast(node) if node is not None else None


def _differences(ours: GraphQLSchema, theirs: GraphQLSchema) -> list[str]:
    problems: list[str] = []
    for name, ours_type in ours.type_map.items():
        if name.startswith("__"):
            continue
        their_type = theirs.type_map.get(name)
        if their_type is None:
            problems.append(f"type {name} is not in Shopify's schema")
            continue
        if type(their_type) is not type(ours_type):
            problems.append(f"type {name} is a {type(ours_type).__name__} here")
            continue
        if isinstance(ours_type, GraphQLEnumType):
            assert isinstance(their_type, GraphQLEnumType)
            for value in ours_type.values:
                if value not in their_type.values:
                    problems.append(f"enum value {name}.{value} is not in Shopify's schema")
        if isinstance(ours_type, GraphQLUnionType):
            assert isinstance(their_type, GraphQLUnionType)
            theirs_members = {t.name for t in their_type.types}
            for member in ours_type.types:
                if member.name not in theirs_members:
                    problems.append(f"union {name} member {member.name} is not Shopify's")
        if isinstance(ours_type, GraphQLObjectType | GraphQLInterfaceType):
            assert isinstance(their_type, GraphQLObjectType | GraphQLInterfaceType)
            theirs_ifaces = {i.name for i in their_type.interfaces}
            for iface in ours_type.interfaces:
                if iface.name not in theirs_ifaces:
                    problems.append(f"{name} implements {iface.name}, Shopify's does not")
        if isinstance(ours_type, GraphQLObjectType | GraphQLInterfaceType | GraphQLInputObjectType):
            their_fields: dict[str, Any] = getattr(their_type, "fields", {})
            for field_name, field in ours_type.fields.items():
                their_field = their_fields.get(field_name)
                if their_field is None:
                    problems.append(f"field {name}.{field_name} is not in Shopify's schema")
                    continue
                if str(field.type) != str(their_field.type):
                    problems.append(
                        f"field {name}.{field_name} is {field.type}, Shopify's is "
                        f"{their_field.type}"
                    )
                for arg_name, arg in getattr(field, "args", {}).items():
                    their_arg = getattr(their_field, "args", {}).get(arg_name)
                    if their_arg is None:
                        problems.append(f"argument {name}.{field_name}({arg_name}) is unknown")
                    elif str(arg.type) != str(their_arg.type):
                        problems.append(
                            f"argument {name}.{field_name}({arg_name}) is {arg.type}, "
                            f"Shopify's is {their_arg.type}"
                        )
                    elif _default(arg) != _default(their_arg):
                        problems.append(
                            f"argument {name}.{field_name}({arg_name}) defaults to "
                            f"{_default(arg)}, Shopify's to {_default(their_arg)}"
                        )
                if isinstance(ours_type, GraphQLInputObjectType) and _default(field) != _default(
                    their_field
                ):
                    problems.append(
                        f"input field {name}.{field_name} defaults to {_default(field)}, "
                        f"Shopify's to {_default(their_field)}"
                    )
    for directive in ours.directives:
        their_directive = theirs.get_directive(directive.name)
        if their_directive is None:
            problems.append(f"directive @{directive.name} is not in Shopify's schema")
    return problems


def test_the_sandbox_sdl_is_a_compatible_subset_of_shopify_2026_07(shared_dir: Path) -> None:
    published = (shared_dir / "shopify" / "schema" / "admin-2026-07.graphql").read_text()
    theirs = build_schema(published)

    assert _differences(sandbox_schema(), theirs) == []


def test_the_subset_check_reports_a_field_shopify_does_not_have(shared_dir: Path) -> None:
    theirs = build_schema((shared_dir / "shopify" / "schema" / "admin-2026-07.graphql").read_text())
    ours = build_schema(
        "type QueryRoot { shop: Shop! }\ntype Shop { madeUp: Int }\nschema { query: QueryRoot }"
    )

    assert _differences(ours, theirs) == ["field Shop.madeUp is not in Shopify's schema"]
