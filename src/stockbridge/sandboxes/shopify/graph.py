"""The GraphQL side: our SDL subset, the default resolver over store dicts, execution."""

from __future__ import annotations

from functools import cache
from importlib import resources
from typing import Any

from graphql import (
    DocumentNode,
    ExecutionResult,
    GraphQLError,
    GraphQLResolveInfo,
    GraphQLSchema,
    build_schema,
    execute,
    get_named_type,
    value_from_ast,
)

from stockbridge.sandboxes.shopify import connections, resolvers  # noqa: F401  (registers resolvers)
from stockbridge.sandboxes.shopify.gid import gid_type
from stockbridge.sandboxes.shopify.resolvers.registry import FIELDS, MUTATIONS, QUERIES, Context
from stockbridge.sandboxes.shopify.store import is_ref


@cache
def schema() -> GraphQLSchema:
    sdl = resources.files("stockbridge.sandboxes.shopify").joinpath("schema.graphql").read_text()
    return build_schema(sdl)


def materialize(ctx: Context, value: Any, info: GraphQLResolveInfo, args: dict[str, Any]) -> Any:
    named = get_named_type(info.return_type)
    if named.name.endswith("Connection") and not (
        isinstance(value, dict) and "__connection" in value
    ):
        items = value if isinstance(value, list) else []
        return connections.build(ctx.store, items, args, ordered=True)
    if is_ref(value):
        return ctx.store.deref(value)
    if isinstance(value, list):
        return [ctx.store.deref(v) if is_ref(v) else v for v in value]
    return value


def resolve_field(source: Any, info: GraphQLResolveInfo, **args: Any) -> Any:
    ctx: Context = info.context
    parent = info.parent_type.name
    if parent == "QueryRoot":
        fn = QUERIES.get(info.field_name)
        if fn is None:
            raise GraphQLError(f"Field '{info.field_name}' is not implemented by the sandbox")
        return fn(ctx, source, args, info)
    if parent == "Mutation":
        fn = MUTATIONS.get(info.field_name)
        if fn is None:
            raise GraphQLError(f"Field '{info.field_name}' is not implemented by the sandbox")
        return fn(ctx, source, args, info)
    fn = FIELDS.get((parent, info.field_name))
    if fn is not None:
        return materialize(ctx, fn(ctx, source, args, info), info, args)
    value = (
        source.get(info.field_name)
        if isinstance(source, dict)
        else getattr(source, info.field_name, None)
    )
    return materialize(ctx, value, info, args)


def resolve_type(value: Any, info: GraphQLResolveInfo, abstract_type: Any) -> str | None:
    if isinstance(value, dict):
        return value.get("__typename") or gid_type(value.get("id"))
    return None


def idempotency_key(info: GraphQLResolveInfo) -> str | None:
    """The `@idempotent(key:)` value on the current field, if any."""
    for directive in info.field_nodes[0].directives:
        if directive.name.value == "idempotent":
            for arg in directive.arguments:
                if arg.name.value == "key":
                    value = value_from_ast(arg.value, None, info.variable_values)
                    if value is None and hasattr(arg.value, "value"):
                        value = arg.value.value
                    return str(value) if value is not None else None
    return None


def run(
    ctx: Context, document: DocumentNode, variables: dict[str, Any] | None, operation: str | None
) -> ExecutionResult:
    result = execute(
        schema(),
        document,
        context_value=ctx,
        variable_values=variables,
        operation_name=operation,
        field_resolver=resolve_field,
        type_resolver=resolve_type,
    )
    if hasattr(result, "__await__"):
        raise RuntimeError("async execution is not supported")
    return result  # type: ignore[return-value]
