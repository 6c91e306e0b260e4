"""Bulk operations: validate and run an export query to JSONL, or a mutation over JSONL lines.

Export lines follow Shopify's format: each object of a top-level connection is one line; the
objects of nested connections are their own lines carrying `__parentId` (API-NOTES §2.6).
"""

from __future__ import annotations

import json
from typing import Any

from graphql import (
    FieldNode,
    GraphQLObjectType,
    GraphQLSchema,
    OperationDefinitionNode,
    get_named_type,
    parse,
    validate,
)
from graphql.error import GraphQLSyntaxError

from stockbridge.sandboxes.shopify.graph import run, schema
from stockbridge.sandboxes.shopify.resolvers.registry import Context

MAX_QUERY_BYTES = 65535
MAX_CONNECTIONS = 5
MAX_DEPTH = 2


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
        raise BulkQueryInvalid(f"Invalid bulk query: {exc.message}") from exc
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
        raise BulkQueryInvalid(
            "Invalid bulk query: Bulk queries must contain at least one connection."
        )
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


def _emit(
    value: Any,
    node: FieldNode,
    parent_type: Any,
    parent_id: str | None,
    lines: list[str],
    counts: list[int],
    root: bool,
) -> Any:
    """Strip nested connections out of `value` into their own lines; return what remains."""
    if not isinstance(value, dict):
        return value
    out: dict[str, Any] = {}
    fields = getattr(parent_type, "fields", {})
    for child in node.selection_set.selections if node.selection_set else []:
        if not isinstance(child, FieldNode):
            continue
        key = child.alias.value if child.alias else child.name.value
        if key not in value:
            continue
        field = fields.get(child.name.value)
        named = get_named_type(field.type) if field else None
        if named is not None and named.name.endswith("Connection"):
            _connection_lines(value[key], child, named, value.get("id"), lines, counts, False)
            continue
        if isinstance(value[key], dict) and named is not None:
            out[key] = _emit(value[key], child, named, None, lines, counts, False)
        else:
            out[key] = value[key]
    return out


def _connection_lines(
    conn: Any,
    node: FieldNode,
    conn_type: Any,
    parent_id: str | None,
    lines: list[str],
    counts: list[int],
    root: bool,
) -> None:
    if not isinstance(conn, dict):
        return
    node_type = get_named_type(conn_type.fields["nodes"].type)
    items: list[tuple[Any, FieldNode]] = []
    for child in node.selection_set.selections if node.selection_set else []:
        if not isinstance(child, FieldNode):
            continue
        key = child.alias.value if child.alias else child.name.value
        if child.name.value == "nodes":
            items.extend((v, child) for v in conn.get(key) or [])
        elif child.name.value == "edges":
            for edge_node in child.selection_set.selections if child.selection_set else []:
                if isinstance(edge_node, FieldNode) and edge_node.name.value == "node":
                    ekey = edge_node.alias.value if edge_node.alias else "node"
                    items.extend((e.get(ekey), edge_node) for e in conn.get(key) or [])
    for value, sel in items:
        slot = len(lines)
        lines.append("")
        row = _emit(value, sel, node_type, parent_id, lines, counts, False)
        if parent_id is not None:
            row["__parentId"] = parent_id
        else:
            counts[1] += 1
        counts[0] += 1
        lines[slot] = json.dumps(row, separators=(",", ":"))


def export(ctx: Context, text: str) -> tuple[bytes, int, int]:
    """Run the bulk query; returns (JSONL bytes, objectCount, rootObjectCount)."""
    operation = check_query(text)
    document = parse(text)
    bulk_ctx = Context(
        store=ctx.store, version=ctx.version, app=ctx.app, base_url=ctx.base_url, bulk=True
    )
    result = run(bulk_ctx, document, {}, None)
    if result.errors:
        raise BulkQueryInvalid(result.errors[0].message)
    lines: list[str] = []
    counts = [0, 0]  # objects, root objects
    root_type = schema().query_type
    assert isinstance(root_type, GraphQLObjectType)
    for node in operation.selection_set.selections:
        if not isinstance(node, FieldNode):
            continue
        key = node.alias.value if node.alias else node.name.value
        named = get_named_type(root_type.fields[node.name.value].type)
        _connection_lines((result.data or {}).get(key), node, named, None, lines, counts, True)
    body = ("\n".join(lines) + "\n").encode() if lines else b""
    return body, counts[0], counts[1]


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
