"""What the sandbox models of the schema it serves, read from `modeled.graphql`.

The served SDL is Shopify's whole schema; `modeled.graphql` lists the types, fields and
arguments the sandbox's store and resolvers actually hold. A field outside it that no resolver
or stored object provides answers `NOT_SUPPORTED_BY_SANDBOX` (see graph.py).
"""

from __future__ import annotations

from functools import cache
from importlib import resources

from graphql import GraphQLError, parse
from graphql.language import ast

NOT_SUPPORTED = "NOT_SUPPORTED_BY_SANDBOX"

# type name -> field name -> argument names (input object fields have none).
ModeledSchema = dict[str, dict[str, frozenset[str]]]


@cache
def read_modeled() -> ModeledSchema:
    text = resources.files("stockbridge.sandboxes.shopify").joinpath("modeled.graphql").read_text()
    modeled: ModeledSchema = {}
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
    return field_name in read_modeled().get(type_name, {})


def not_supported(type_name: str, field_name: str) -> GraphQLError:
    """The error a field answers when the sandbox does not model it (never a made-up value)."""
    return GraphQLError(
        f"Field '{type_name}.{field_name}' is not supported by the Shopify sandbox",
        extensions={"code": NOT_SUPPORTED, "typeName": type_name, "fieldName": field_name},
    )
