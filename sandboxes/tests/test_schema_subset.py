"""The sandbox serves Shopify's published Admin schema (2026-07) whole, and what it models of
it (modeled.graphql) is a compatible subset."""

from __future__ import annotations

from functools import cache
from importlib import resources
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

from stockbridge_sandboxes.shopify.graph import schema as sandbox_schema
from stockbridge_sandboxes.shopify.resolvers import registered  # noqa: F401
from stockbridge_sandboxes.shopify.resolvers.registry import MUTATIONS, QUERIES
from stockbridge_sandboxes.shopify.sdl.generate import main as generate
from stockbridge_sandboxes.shopify.sdl.generate import served_sdl

PACKAGE = resources.files("stockbridge_sandboxes.shopify")


@cache
def _published(path: Path) -> GraphQLSchema:
    return build_schema(path.read_text())


def _published_2026_07(shared_dir: Path) -> GraphQLSchema:
    return _published(shared_dir / "shopify" / "schema" / "admin-2026-07.graphql")


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


def _missing(ours: GraphQLSchema, theirs: GraphQLSchema) -> list[str]:
    """What Shopify's schema has that the served one lacks: types, and for every served type
    its fields, arguments, enum values, interfaces and union members."""
    problems = [
        f"type {name} is not served"
        for name in theirs.type_map
        if not name.startswith("__") and name not in ours.type_map
    ]
    for name, ours_type in ours.type_map.items():
        their_type = theirs.type_map.get(name)
        if name.startswith("__") or their_type is None:
            continue
        if isinstance(their_type, GraphQLEnumType) and isinstance(ours_type, GraphQLEnumType):
            problems.extend(
                f"enum value {name}.{value} is missing"
                for value in their_type.values
                if value not in ours_type.values
            )
        if isinstance(their_type, GraphQLUnionType) and isinstance(ours_type, GraphQLUnionType):
            members = {t.name for t in ours_type.types}
            problems.extend(
                f"union {name} member {t.name} is missing"
                for t in their_type.types
                if t.name not in members
            )
        if isinstance(their_type, GraphQLObjectType | GraphQLInterfaceType) and isinstance(
            ours_type, GraphQLObjectType | GraphQLInterfaceType
        ):
            interfaces = {i.name for i in ours_type.interfaces}
            problems.extend(
                f"{name} does not implement {i.name}"
                for i in their_type.interfaces
                if i.name not in interfaces
            )
        ours_fields: dict[str, Any] = getattr(ours_type, "fields", None) or {}
        for field_name, field in (getattr(their_type, "fields", None) or {}).items():
            ours_field = ours_fields.get(field_name)
            if ours_field is None:
                problems.append(f"field {name}.{field_name} is missing")
                continue
            problems.extend(
                f"argument {name}.{field_name}({arg}) is missing"
                for arg in getattr(field, "args", {})
                if arg not in getattr(ours_field, "args", {})
            )
    return problems


def test_the_sandbox_serves_shopify_2026_07_whole(shared_dir: Path) -> None:
    theirs = _published_2026_07(shared_dir)
    ours = sandbox_schema("2026-07")

    assert _differences(ours, theirs) == []
    assert _missing(ours, theirs) == []
    assert sorted(d.name for d in ours.directives) == sorted(d.name for d in theirs.directives)


def test_every_served_version_carries_every_field_of_2026_07(shared_dir: Path) -> None:
    theirs = _published_2026_07(shared_dir)

    for version in ("2026-01", "2026-04"):
        assert _missing(sandbox_schema(version), theirs) == [], version


def test_the_committed_sdl_is_what_the_script_makes_of_the_published_schema(
    shared_dir: Path,
) -> None:
    source = shared_dir / "shopify" / "schema" / "admin-2026-07.graphql"

    assert generate([str(source), "--check"]) == 0


def test_the_script_writes_the_sdl_without_descriptions(tmp_path: Path) -> None:
    published = tmp_path / "admin-2030-01.graphql"
    published.write_text(
        'schema { query: QueryRoot }\n"""The root."""\ntype QueryRoot {\n'
        '  """A shop."""\n  shop(first: Int = 5): Shop!\n}\n'
        'type Shop { id: ID! name: String! @deprecated(reason: "gone") }\n'
    )
    out = tmp_path / "schema.graphql"

    # modeled.graphql lists far more than this toy schema, so the script refuses it.
    assert generate([str(published), "--out", str(out)]) == 1
    assert not out.exists()
    assert served_sdl(published.read_text(), version="2030-01", source=published.name) == (
        "# Shopify Admin GraphQL 2030-01, as the Stockbridge sandbox serves it: the published\n"
        "# schema whole, without descriptions. Generated from admin-2030-01.graphql by\n"
        "# `python -m stockbridge_sandboxes.shopify.sdl.generate`; do not hand-edit.\n"
        "# What the sandbox models of it is listed in modeled.graphql.\n\n"
        "schema {\n  query: QueryRoot\n}\n\n"
        "type QueryRoot {\n  shop(first: Int = 5): Shop!\n}\n\n"
        'type Shop {\n  id: ID!\n  name: String! @deprecated(reason: "gone")\n}\n'
    )


def test_what_the_sandbox_models_is_a_compatible_subset_of_shopify_2026_07(
    shared_dir: Path,
) -> None:
    modeled = build_schema(PACKAGE.joinpath("modeled.graphql").read_text())

    assert _differences(modeled, _published_2026_07(shared_dir)) == []


def test_every_root_with_a_resolver_is_served_and_modeled() -> None:
    served = sandbox_schema("2026-07")
    modeled = build_schema(PACKAGE.joinpath("modeled.graphql").read_text())
    assert served.query_type is not None and served.mutation_type is not None
    assert modeled.query_type is not None and modeled.mutation_type is not None

    assert set(QUERIES) - set(served.query_type.fields) == set()
    assert set(MUTATIONS) - set(served.mutation_type.fields) == set()
    assert set(QUERIES) == set(modeled.query_type.fields)
    assert set(MUTATIONS) == set(modeled.mutation_type.fields)
    assert {"productVariants", "inventoryItems", "fulfillmentOrders"} <= set(QUERIES)


def test_the_subset_check_reports_a_field_shopify_does_not_have(shared_dir: Path) -> None:
    ours = build_schema(
        "type QueryRoot { shop: Shop! }\ntype Shop { madeUp: Int }\nschema { query: QueryRoot }"
    )

    assert _differences(ours, _published_2026_07(shared_dir)) == [
        "field Shop.madeUp is not in Shopify's schema"
    ]


def test_the_completeness_check_reports_what_a_served_type_lacks(shared_dir: Path) -> None:
    ours = build_schema(
        "type QueryRoot { shop: Shop! }\ntype Shop { id: ID! }\nschema { query: QueryRoot }"
    )

    missing = _missing(ours, _published_2026_07(shared_dir))

    assert "field Shop.name is missing" in missing
    assert "Shop does not implement Node" in missing
    assert "type Product is not served" in missing
    assert "field QueryRoot.productVariants is missing" in missing
