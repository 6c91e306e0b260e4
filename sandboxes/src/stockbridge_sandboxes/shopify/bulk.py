"""Bulk operations: validate and run an export query to JSONL, or a mutation over JSONL lines.

Export lines follow Shopify's format: each object of a top-level connection is one line; the
objects of nested connections are their own lines carrying `__parentId` (API-NOTES §2.6).
"""

from __future__ import annotations

import json
from typing import Any, cast

from graphql import (
    FieldNode,
    GraphQLError,
    GraphQLObjectType,
    GraphQLSchema,
    InlineFragmentNode,
    OperationDefinitionNode,
    get_named_type,
    is_composite_type,
    parse,
    validate,
)
from graphql.error import GraphQLSyntaxError
from graphql.execution.values import get_argument_values

from stockbridge_sandboxes.shopify import connections
from stockbridge_sandboxes.shopify.graph import resolve_type, run, schema, stored_field
from stockbridge_sandboxes.shopify.resolvers.registry import FIELDS, QUERIES, Context
from stockbridge_sandboxes.shopify.sdl.modeled import not_supported
from stockbridge_sandboxes.shopify.store import Obj, is_ref

MAX_QUERY_BYTES = 65535
MAX_CONNECTIONS = 5
MAX_DEPTH = 2


def syntax_message(exc: GraphQLSyntaxError) -> str:
    """graphql-core's syntax error in the words of Shopify's parser."""
    if "<EOF>" in exc.message:
        return "syntax error, unexpected end of file"
    return "syntax error, " + exc.message.removeprefix("Syntax Error: ").rstrip(".").lower()


def check_mutation(text: str, client_identifier: str | None) -> list[tuple[Any, str, Any]]:
    """Problems with a bulk mutation document, as (field, message, code), in Shopify's order."""
    size = len(text.encode())
    if size > MAX_QUERY_BYTES:
        return [
            (
                ["query"],
                f"is too large ({size} bytes; maximum is {MAX_QUERY_BYTES} bytes)",
                "INVALID_MUTATION",
            )
        ]
    try:
        document = parse(text)
    except GraphQLSyntaxError as exc:
        where = exc.locations[0] if exc.locations else None
        at = f" at [{where.line}, {where.column}]" if where else ""
        return [
            (None, f"Failed to parse the mutation - {syntax_message(exc)}{at}", "INVALID_MUTATION")
        ]
    operations = [d for d in document.definitions if isinstance(d, OperationDefinitionNode)]
    if not operations or any(o.operation.value != "mutation" for o in operations):
        return [
            (
                None,
                "Invalid operation type. Only `mutation` operations are supported.",
                "INVALID_MUTATION",
            )
        ]
    if len(operations) != 1 or len(operations[0].selection_set.selections) != 1:
        return [(["mutation"], "You must specify a single top level mutation.", None)]
    root = operations[0].selection_set.selections[0]
    if isinstance(root, FieldNode) and root.name.value.startswith("bulkOperation"):
        return [(["mutation"], "You must use an allowed mutation name.", None)]
    if client_identifier is not None and len(client_identifier) < 10:
        return [
            (["clientIdentifier"], "is too short (minimum is 10 characters)", "INVALID_MUTATION")
        ]
    if client_identifier is not None and len(client_identifier) > 255:
        return [
            (["clientIdentifier"], "is too long (maximum is 255 characters)", "INVALID_MUTATION")
        ]
    return []


class BulkQueryInvalid(Exception):
    def __init__(self, message: str, field: list[str] | None = None) -> None:
        super().__init__(message)
        self.field = field or ["query"]


def _connections(sch: GraphQLSchema, parent: Any, node: FieldNode, depth: int) -> list[int]:
    """Depths of the connection fields under `node`'s selection."""
    out: list[int] = []
    field = getattr(parent, "fields", {}).get(node.name.value)
    if field is None:
        return out
    named = get_named_type(field.type)
    is_conn = named.name.endswith("Connection")
    here = depth + 1 if is_conn else depth
    if is_conn:
        out.append(here)
    for child in node.selection_set.selections if node.selection_set else []:
        if isinstance(child, FieldNode):
            out.extend(_connections(sch, named, child, here))
    return out


def check_query(text: str) -> OperationDefinitionNode:
    if len(text.encode()) > MAX_QUERY_BYTES:
        raise BulkQueryInvalid(
            f"Query is too large ({len(text.encode())} bytes; maximum is {MAX_QUERY_BYTES} bytes)"
        )
    try:
        document = parse(text)
    except GraphQLSyntaxError as exc:
        raise BulkQueryInvalid(f"Invalid bulk query: {syntax_message(exc)}") from exc
    problems = validate(schema(), document)
    if problems:
        raise BulkQueryInvalid(f"Invalid bulk query: {problems[0].message}")
    operation = next(d for d in document.definitions if isinstance(d, OperationDefinitionNode))
    if operation.operation.value != "query":
        raise BulkQueryInvalid("Invalid bulk query: the document must be a query")
    depths: list[int] = []
    for node in operation.selection_set.selections:
        if isinstance(node, FieldNode):
            if node.name.value in ("node", "nodes"):
                raise BulkQueryInvalid(
                    "Invalid bulk query: The top-level field `node`/`nodes` is not allowed."
                )
            depths.extend(_connections(schema(), schema().query_type, node, 0))
    if not depths:
        raise BulkQueryInvalid("Bulk queries must contain at least one connection.")
    if len(depths) > MAX_CONNECTIONS:
        raise BulkQueryInvalid(
            f"Invalid bulk query: Bulk queries cannot contain more than "
            f"{MAX_CONNECTIONS} connections."
        )
    if max(depths) > MAX_DEPTH + 1:
        raise BulkQueryInvalid(
            "Invalid bulk query: Bulk queries cannot contain connections "
            f"with a nesting depth greater than {MAX_DEPTH}."
        )
    return operation


class _Walker:
    """Streams a bulk query's objects as JSONL lines straight from the store.

    Resolves fields the way the GraphQL executor does (computed resolvers, then stored
    values) but without building one response tree, so memory stays flat for large exports.
    """

    def __init__(self, ctx: Context, lines: list[str]) -> None:
        self.ctx = ctx
        self.store = ctx.store
        self.lines = lines
        self.objects = 0
        self.roots = 0
        self.args: dict[int, dict[str, Any]] = {}
        self.selections: dict[tuple[str, int], list[FieldNode]] = {}

    def args_for(self, field: Any, node: FieldNode) -> dict[str, Any]:
        key = id(node)
        if key not in self.args:
            self.args[key] = get_argument_values(field, node, None)
        return self.args[key]

    def fields(self, type_: Any, selection_set: Any) -> list[FieldNode]:
        key = (type_.name, id(selection_set))
        cached = self.selections.get(key)
        if cached is not None:
            return cached
        out: list[FieldNode] = []
        for selection in selection_set.selections if selection_set else []:
            if isinstance(selection, FieldNode):
                out.append(selection)
            elif isinstance(selection, InlineFragmentNode):
                condition = selection.type_condition
                names = {type_.name} | {i.name for i in getattr(type_, "interfaces", [])}
                if condition is None or condition.name.value in names:
                    out.extend(self.fields(type_, selection.selection_set))
        self.selections[key] = out
        return out

    def _concrete(self, named: Any, value: Obj) -> Any:
        if isinstance(named, GraphQLObjectType):
            return named
        name = resolve_type(value, cast(Any, None), named)
        return schema().get_type(name) if name else named

    def select(self, obj: Obj, type_: Any, selection_set: Any) -> Obj:
        row: Obj = {}
        for node in self.fields(type_, selection_set):
            name = node.name.value
            key = node.alias.value if node.alias else name
            if name == "__typename":
                row[key] = type_.name
                continue
            field = type_.fields[name]
            named = get_named_type(field.type)
            fn = FIELDS.get((type_.name, name))
            args = self.args_for(field, node)
            if fn is not None:
                value = fn(self.ctx, obj, args, cast(Any, None))
            else:
                value = stored_field(self.ctx, obj, type_.name, name, field.type, args, None)
            if named.name.endswith("Connection"):
                self.connection(value, node, field, named, obj.get("id"))
                continue
            row[key] = self._complete(value, named, node)
        return row

    def _complete(self, value: Any, named: Any, node: FieldNode) -> Any:
        if value is None or not is_composite_type(named):
            return value
        if isinstance(value, list):
            return [self._complete(v, named, node) for v in value]
        target = self.store.deref(value) if is_ref(value) else value
        if not isinstance(target, dict):
            return None
        return self.select(target, self._concrete(named, target), node.selection_set)

    def connection(
        self, value: Any, node: FieldNode, field: Any, conn_type: Any, parent_id: str | None
    ) -> None:
        args = self.args_for(field, node)
        if isinstance(value, dict) and "__connection" in value:
            items = list(value.get("nodes") or [])
        else:
            raw = value if isinstance(value, list) else []
            if args.get("query") or args.get("sortKey") or args.get("reverse"):
                items = list(connections.build(self.store, raw, args, ordered=True)["nodes"])
            else:
                items = [self.store.deref(v) if is_ref(v) else v for v in raw]
        node_type = get_named_type(conn_type.fields["nodes"].type)
        selection = None
        for child in self.fields(conn_type, node.selection_set):
            if child.name.value == "nodes":
                selection = child.selection_set
            elif child.name.value == "edges":
                edge_type = get_named_type(conn_type.fields["edges"].type)
                for grandchild in self.fields(edge_type, child.selection_set):
                    if grandchild.name.value == "node":
                        selection = grandchild.selection_set
        for item in items:
            if not isinstance(item, dict):
                continue
            slot = len(self.lines)
            self.lines.append("")
            row = self.select(item, self._concrete(node_type, item), selection)
            if parent_id is not None:
                row["__parentId"] = parent_id
            else:
                self.roots += 1
            self.objects += 1
            self.lines[slot] = json.dumps(row, separators=(",", ":"))


def export(ctx: Context, text: str) -> tuple[bytes, int, int]:
    """Run the bulk query; returns (JSONL bytes, objectCount, rootObjectCount)."""
    from stockbridge_sandboxes.shopify.resolvers import registered  # noqa: F401

    operation = check_query(text)
    lines: list[str] = []
    bulk_ctx = Context(
        store=ctx.store,
        version=ctx.version,
        app=ctx.app,
        base_url=ctx.base_url,
        bulk=True,
        plan=ctx.plan,
    )
    walker = _Walker(bulk_ctx, lines)
    root_type = schema().query_type
    assert isinstance(root_type, GraphQLObjectType)
    for node in operation.selection_set.selections:
        if not isinstance(node, FieldNode):
            continue
        field = root_type.fields[node.name.value]
        root = QUERIES.get(node.name.value)
        try:
            if root is None:
                raise not_supported("QueryRoot", node.name.value)
            value = root(bulk_ctx, None, walker.args_for(field, node), cast(Any, None))
            walker.connection(value, node, field, get_named_type(field.type), None)
        except GraphQLError as exc:  # a field the sandbox does not hold: refused, not exported
            raise BulkQueryInvalid(f"Invalid bulk query: {exc.message}") from exc
    body = ("\n".join(lines) + "\n").encode() if lines else b""
    return body, walker.objects, walker.roots


def run_mutation(ctx: Context, mutation_text: str, upload: bytes) -> tuple[bytes, int]:
    """Run the single mutation once per JSONL line of variables; `__lineNumber` per result."""
    document = parse(mutation_text)
    out: list[str] = []
    for number, raw in enumerate(upload.decode().splitlines()):
        if not raw.strip():
            continue
        variables = json.loads(raw)
        result = run(ctx, document, variables, None)
        row: dict[str, Any] = {"data": result.data}
        if result.errors:
            row["errors"] = [{"message": e.message} for e in result.errors]
        row["__lineNumber"] = number
        out.append(json.dumps(row, separators=(",", ":")))
    return ("\n".join(out) + "\n").encode() if out else b"", len(out)
