"""The GraphQL side: our SDL subset, the default resolver over store dicts, execution."""

from __future__ import annotations

import json
from functools import cache
from importlib import resources
from typing import Any, cast

from graphql import (
    DocumentNode,
    ExecutionResult,
    GraphQLEnumType,
    GraphQLError,
    GraphQLResolveInfo,
    GraphQLScalarType,
    GraphQLSchema,
    build_schema,
    execute,
    get_named_type,
    is_list_type,
    is_non_null_type,
    value_from_ast_untyped,
)

from stockbridge.sandboxes.shopify import access_scopes, connections
from stockbridge.sandboxes.shopify.gid import gid_type
from stockbridge.sandboxes.shopify.resolvers.registry import FIELDS, MUTATIONS, QUERIES, Context
from stockbridge.sandboxes.shopify.schema_closure import with_extras
from stockbridge.sandboxes.shopify.store import is_ref


@cache
def schema(version: str | None = None) -> GraphQLSchema:
    """The project's SDL as served for `version` (a served version, see versions.py): the
    2026-07 shapes, plus the overlay a version declares in `schema-<version>.graphql`."""
    package = resources.files("stockbridge.sandboxes.shopify")
    sdl = package.joinpath("schema.graphql").read_text()
    overlay = package.joinpath(f"schema-{version}.graphql")
    if version is not None and overlay.is_file():
        sdl = f"{sdl}\n{overlay.read_text()}"
    return build_schema(with_extras(sdl))


def materialize(
    ctx: Context, value: Any, info: GraphQLResolveInfo, args: dict[str, Any], more: bool = False
) -> Any:
    named = get_named_type(info.return_type)
    if named.name.endswith("Connection") and not (
        isinstance(value, dict) and "__connection" in value
    ):
        if not ctx.bulk:
            connections.check_window(args)
        items = value if isinstance(value, list) else []
        return connections.build(ctx.store, items, args, ordered=True, more=more)
    if is_ref(value):
        return ctx.store.deref(value)
    if isinstance(value, list):
        return [ctx.store.deref(v) if is_ref(v) else v for v in value]
    return value


def resolve_field(source: Any, info: GraphQLResolveInfo, **args: Any) -> Any:
    ctx: Context = info.context
    parent = info.parent_type.name
    if parent in ("QueryRoot", "Mutation"):
        access_scopes.check(ctx.granted, info.field_name, info.operation.operation.value)
    if parent == "QueryRoot":
        fn = QUERIES.get(info.field_name)
        if fn is None:
            raise GraphQLError(f"Field '{info.field_name}' is not implemented by the sandbox")
        return fn(ctx, source, args, info)
    if parent == "Mutation":
        fn = MUTATIONS.get(info.field_name)
        if fn is None:
            raise GraphQLError(f"Field '{info.field_name}' is not implemented by the sandbox")
        return _idempotent_call(fn, ctx, source, args, info)
    fn = FIELDS.get((parent, info.field_name))
    more = isinstance(source, dict) and bool(source.get(f"__more:{info.field_name}"))
    if fn is not None:
        return materialize(ctx, fn(ctx, source, args, info), info, args, more)
    value = (
        source.get(info.field_name)
        if isinstance(source, dict)
        else getattr(source, info.field_name, None)
    )
    value = materialize(ctx, value, info, args, more)
    if value is None and is_non_null_type(info.return_type):
        return zero_value(ctx, info.return_type)
    return value


ZERO_SCALARS: dict[str, Any] = {
    "Boolean": False,
    "Int": 0,
    "Float": 0.0,
    "String": "",
    "ID": "",
    "Money": "0.0",
    "Decimal": "0.0",
    "UnsignedInt64": "0",
    "URL": "",
    "HTML": "",
    "FormattedString": "",
    "JSON": {},
    "UtcOffset": "+00:00",
    "Color": "#000000",
    "ARN": "",
    "BigInt": "0",
    "StorefrontID": "",
}


def zero_value(ctx: Context, type_: Any) -> Any:
    """What Shopify would never leave empty, for an object the sandbox knows only partly.

    A hydrated or sandbox-made object may lack a non-null field; answering a neutral value
    keeps the rest of the response, where a null would void the whole parent.
    """
    inner = type_.of_type if is_non_null_type(type_) else type_
    if is_list_type(inner):
        return []
    named = get_named_type(inner)
    if isinstance(named, GraphQLEnumType):
        return next(iter(named.values))
    if isinstance(named, GraphQLScalarType):
        if named.name in ("DateTime", "Date"):
            return ctx.store.now()
        return ZERO_SCALARS.get(named.name, "")
    return {}


def resolve_type(value: Any, info: GraphQLResolveInfo, abstract_type: Any) -> str | None:
    if not isinstance(value, dict):
        return None
    name = value.get("__typename") or gid_type(value.get("id"))
    if name and info is not None and info.schema.get_type(name) is not None:
        return str(name)
    if info is not None and abstract_type is not None:
        # A recorded type the subset does not declare: answer as a declared member.
        possible = info.schema.get_possible_types(abstract_type)
        return possible[0].name if possible else None
    return str(name) if name else None


def _variables(info: GraphQLResolveInfo) -> dict[str, Any]:
    values = info.variable_values
    coerced = getattr(values, "coerced", values)
    return cast(dict[str, Any], coerced)


def idempotency_key(info: GraphQLResolveInfo) -> str | None:
    """The `@idempotent(key:)` value on the current field, if any."""
    for directive in info.field_nodes[0].directives or ():
        if directive.name.value == "idempotent":
            for arg in directive.arguments or ():
                if arg.name.value == "key":
                    value = value_from_ast_untyped(arg.value, _variables(info))
                    if value is None and hasattr(arg.value, "value"):
                        value = arg.value.value
                    return str(value) if value is not None else None
    return None


# Roots whose `@idempotent(key:)` is required at runtime from 2026-04 (API-NOTES §2.7).
IDEMPOTENT_ROOTS = frozenset(
    {
        "inventoryActivate",
        "inventoryAdjustQuantities",
        "inventoryMoveQuantities",
        "inventorySetOnHandQuantities",
        "inventorySetQuantities",
        "refundCreate",
        "locationActivate",
        "locationDeactivate",
    }
)


def _idempotent_call(
    fn: Any, ctx: Context, source: Any, args: dict[str, Any], info: GraphQLResolveInfo
) -> Any:
    key = idempotency_key(info)
    if key is None:
        if info.field_name in IDEMPOTENT_ROOTS and ctx.at_least("2026-04"):
            raise GraphQLError(
                "The @idempotent directive is required for this mutation but was not provided.",
                extensions={"code": "BAD_REQUEST"},
            )
        return fn(ctx, source, args, info)
    fingerprint = json.dumps([info.field_name, args], sort_keys=True, default=str)
    seen = ctx.store.idempotency.get(key)
    if seen is not None:
        if seen[0] != fingerprint:
            return {
                "userErrors": [
                    {
                        "field": None,
                        "message": "The same idempotency key was used with different parameters.",
                        "code": "IDEMPOTENCY_KEY_PARAMETER_MISMATCH",
                    }
                ]
            }
        return seen[1]
    result = fn(ctx, source, args, info)
    ctx.store.idempotency[key] = (fingerprint, result)
    return result


def run(
    ctx: Context, document: DocumentNode, variables: dict[str, Any] | None, operation: str | None
) -> ExecutionResult:
    from stockbridge.sandboxes.shopify.resolvers import registered  # noqa: F401

    result = execute(
        schema(ctx.version),
        document,
        context_value=ctx,
        variable_values=variables,
        operation_name=operation,
        field_resolver=resolve_field,
        type_resolver=resolve_type,
    )
    if hasattr(result, "__await__"):
        raise RuntimeError("async execution is not supported")
    return result
