"""What the sandbox models of the schema it serves, read from `modeled.graphql` (and the
version overlays `schema-<version>.graphql`, which it models by definition).

The served SDL is Shopify's whole schema; `modeled.graphql` lists the types, fields and
arguments the sandbox's store and resolvers actually hold. A field outside it that no resolver
or stored object provides answers `NOT_SUPPORTED_BY_SANDBOX` (see graph.py), and so does an
argument or input field outside it given a value other than its default: the sandbox would
otherwise ignore it silently.
"""

from __future__ import annotations

from functools import cache
from importlib import resources
from typing import Any

from graphql import (
    GraphQLArgument,
    GraphQLError,
    GraphQLInputField,
    GraphQLInputObjectType,
    get_nullable_type,
    is_list_type,
    parse,
    value_from_ast,
)
from graphql.language import ast

NOT_SUPPORTED = "NOT_SUPPORTED_BY_SANDBOX"

# type name -> field name -> argument names (input object fields have none).
ModeledSchema = dict[str, dict[str, frozenset[str]]]


@cache
def read_modeled(with_overlays: bool = False) -> ModeledSchema:
    package = resources.files("stockbridge_sandboxes.shopify")
    texts = [package.joinpath("modeled.graphql").read_text()]
    if with_overlays:
        texts += [
            item.read_text()
            for item in package.iterdir()
            if item.name.startswith("schema-") and item.name.endswith(".graphql")
        ]
    modeled: ModeledSchema = {}
    for text in texts:
        for definition in parse(text, no_location=True).definitions:
            fields = getattr(definition, "fields", None)
            if not isinstance(definition, ast.TypeDefinitionNode | ast.TypeExtensionNode):
                continue
            entry = modeled.setdefault(definition.name.value, {})
            for field in fields or ():
                args = getattr(field, "arguments", None) or ()
                entry[field.name.value] = frozenset(arg.name.value for arg in args)
    return modeled


def is_modeled(type_name: str, field_name: str) -> bool:
    return field_name in read_modeled(True).get(type_name, {})


def _is_default(definition: GraphQLArgument | GraphQLInputField, value: Any) -> bool:
    if value is None:
        return True
    node = definition.ast_node.default_value if definition.ast_node is not None else None
    return node is not None and value_from_ast(node, definition.type) == value


def _input_problem(type_: Any, value: Any) -> str | None:
    """The first input field of `value` (of input type `type_`) the sandbox does not model."""
    type_ = get_nullable_type(type_)
    if is_list_type(type_):
        items = value if isinstance(value, list) else [value]
        return next((p for v in items if (p := _input_problem(type_.of_type, v))), None)
    if not isinstance(type_, GraphQLInputObjectType) or not isinstance(value, dict):
        return None
    modeled = read_modeled(True).get(type_.name, {})
    for name, inner in value.items():
        field = type_.fields.get(name)
        if field is None:
            continue
        if name not in modeled and not _is_default(field, inner):
            return f"{type_.name}.{name}"
        problem = _input_problem(field.type, inner)
        if problem:
            return problem
    return None


def unsupported_input(
    type_name: str, field_name: str, definitions: dict[str, GraphQLArgument], args: dict[str, Any]
) -> GraphQLError | None:
    """An error naming the first argument or input field given to `type_name.field_name` that
    the sandbox does not model (and that is not left at its default), if any."""
    modeled = read_modeled(True).get(type_name, {}).get(field_name, frozenset())
    for name, value in args.items():
        definition = definitions.get(name)
        if definition is None:
            continue
        if name not in modeled and not _is_default(definition, value):
            return _input_error(f"{type_name}.{field_name}({name}:)")
        problem = _input_problem(definition.type, value)
        if problem:
            return _input_error(problem)
    return None


def _input_error(name: str) -> GraphQLError:
    return GraphQLError(
        f"Input '{name}' is not supported by the Shopify sandbox",
        extensions={"code": NOT_SUPPORTED, "inputName": name},
    )


def not_supported(type_name: str, field_name: str) -> GraphQLError:
    """The error a field answers when the sandbox does not model it (never a made-up value)."""
    return GraphQLError(
        f"Field '{type_name}.{field_name}' is not supported by the Shopify sandbox",
        extensions={"code": NOT_SUPPORTED, "typeName": type_name, "fieldName": field_name},
    )
