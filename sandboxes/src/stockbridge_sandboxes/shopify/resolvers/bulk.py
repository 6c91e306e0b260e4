"""Bulk operation roots: run query, run mutation, cancel, current, by id; staged uploads."""

from __future__ import annotations

import re
import secrets
from typing import Any

from graphql import GraphQLError, GraphQLResolveInfo

from stockbridge_sandboxes.shopify import bulk_lifecycle as lifecycle
from stockbridge_sandboxes.shopify import search_fields
from stockbridge_sandboxes.shopify.bulk import (
    BulkQueryInvalid,
    check_mutation,
    export,
    run_mutation,
)
from stockbridge_sandboxes.shopify.resolvers.payloads import user_error
from stockbridge_sandboxes.shopify.resolvers.registry import Context, mutation, query


def staged_key(path: str) -> str:
    """The upload key a `stagedUploadPath` names: the key itself, or the target's resource URL
    (Shopify accepts both)."""
    marker = "/__sandbox/uploads/"
    if marker in path:
        path = path.split(marker, 1)[1]
    return path.split("?", 1)[0]


def _busy(ctx: Context, kind: str) -> dict[str, Any] | None:
    """Shopify's answer when the app already has as many operations of `kind` running as its
    version allows."""
    running = lifecycle.in_progress(ctx.store, kind)
    if len(running) < lifecycle.concurrency_limit(ctx.requested_version or ctx.version):
        return None
    ids = ", ".join(o["id"] for o in running)
    message = f"A bulk {kind.lower()} operation for this app and shop is already in progress: {ids}"
    return {
        "bulkOperation": None,
        "userErrors": [user_error(None, message, "OPERATION_IN_PROGRESS")],
    }


@mutation("bulkOperationRunQuery")
def run_query(ctx: Context, _s: Any, args: dict[str, Any], _i: GraphQLResolveInfo) -> Any:
    text = args.get("query") or ""
    busy = _busy(ctx, "QUERY")
    if busy is not None:
        return busy
    try:
        body, objects, roots = export(ctx, text)
    except BulkQueryInvalid as exc:
        return {"bulkOperation": None, "userErrors": [user_error(exc.field, str(exc), "INVALID")]}
    op = lifecycle.new_operation(ctx, "QUERY", text)
    created = dict(op)
    lifecycle.schedule(ctx, op, body, objects, roots)
    return {"bulkOperation": created, "userErrors": []}


@mutation("bulkOperationRunMutation")
def run_bulk_mutation(ctx: Context, _s: Any, args: dict[str, Any], _i: GraphQLResolveInfo) -> Any:
    text = args.get("mutation") or ""
    problems = check_mutation(text, args.get("clientIdentifier"))
    if problems:
        return {
            "bulkOperation": None,
            "userErrors": [user_error(field, message, code) for field, message, code in problems],
        }
    busy = _busy(ctx, "MUTATION")
    if busy is not None:
        return busy
    path = staged_key(str(args.get("stagedUploadPath") or ""))
    upload = ctx.store.staged_uploads.get(path)
    if upload is None:
        return {
            "bulkOperation": None,
            "userErrors": [
                user_error(
                    None,
                    "The JSONL file could not be found. Try uploading the file again, and check "
                    "that you've entered the URL correctly for the stagedUploadPath mutation "
                    "argument.",
                    "NO_SUCH_FILE",
                )
            ],
        }
    if not upload.strip():
        return {
            "bulkOperation": None,
            "userErrors": [
                user_error(None, "The input file is empty.", "INVALID_STAGED_UPLOAD_FILE")
            ],
        }
    op = lifecycle.new_operation(ctx, "MUTATION", text)
    created = dict(op)
    try:
        body, count = run_mutation(ctx, text, upload)
    except Exception as exc:  # a bad document fails the operation, as on Shopify
        op["status"], op["errorCode"] = "FAILED", "INTERNAL_SERVER_ERROR"
        op["completedAt"] = ctx.store.now()
        return {
            "bulkOperation": created,
            "userErrors": [
                user_error(
                    ["mutation"], f"Failed to parse the mutation - {exc}", "INVALID_MUTATION"
                )
            ],
        }
    lifecycle.schedule(ctx, op, body, count, count)
    return {"bulkOperation": created, "userErrors": []}


@mutation("bulkOperationCancel")
def cancel(ctx: Context, _s: Any, args: dict[str, Any], _i: GraphQLResolveInfo) -> Any:
    op = ctx.store.get(args.get("id"), "BulkOperation")
    if op is None:
        return {
            "bulkOperation": None,
            "userErrors": [user_error(["id"], "Bulk operation does not exist")],
        }
    if op["status"] in lifecycle.FINISHED:
        return {
            "bulkOperation": op,
            "userErrors": [
                user_error(
                    None, f"A bulk operation cannot be canceled when it is {op['status'].lower()}"
                )
            ],
        }
    lifecycle.cancel(ctx, op)
    return {"bulkOperation": op, "userErrors": []}


@query("currentBulkOperation")
def current(ctx: Context, _s: Any, args: dict[str, Any], _i: GraphQLResolveInfo) -> Any:
    kind = args.get("type") or "QUERY"
    ops = [o for o in ctx.store.all("BulkOperation") if o.get("type") == kind]
    return ops[-1] if ops else None


# Values the bulkOperations search accepts for its enum-valued fields.
SEARCH_VALUES = {
    "status": {"canceled", "canceling", "completed", "created", "failed", "running"},
    "operation_type": {"query", "mutation"},
}


def search_warnings(ctx: Context, info: GraphQLResolveInfo, query_text: str) -> None:
    """Shopify answers a one-term search with a value its field does not accept with an empty
    result and an `extensions.search` warning."""
    match = re.fullmatch(r"\s*(\w+):(\S+)\s*", query_text)
    if match is None or match.group(1) not in SEARCH_VALUES:
        return
    field, value = match.group(1), match.group(2)
    if value.lower() in SEARCH_VALUES[field]:
        return
    ctx.search.append(
        {
            "path": [info.path.key],
            "query": query_text,
            "parsed": {"field": field, "match_all": value},
            "warnings": [
                {
                    "field": field,
                    "message": f"Input `{value}` is not an accepted value.",
                    "code": "invalid_value",
                }
            ],
        }
    )


@query("bulkOperations")
def listing(ctx: Context, _s: Any, args: dict[str, Any], info: GraphQLResolveInfo) -> Any:
    from stockbridge_sandboxes.shopify import connections

    connections.check_window(args)
    query_text = str(args.get("query") or "")
    for field in ("created_at", "completed_at"):
        for match in re.finditer(rf"{field}:([<>]=?)?([^\s)]+)", query_text):
            if not re.match(r"^'?\"?\d{4}-\d{2}-\d{2}", match.group(2)):
                raise GraphQLError(
                    f"Invalid timestamp for query filter `{field}`.",
                    extensions={"code": "BAD_REQUEST"},
                )
    search_warnings(ctx, info, query_text)
    entry = search_fields.warning_entry([info.path.key], query_text, "bulkOperations")
    if entry is not None:
        ctx.search.append(entry)
        args = {**args, "query": search_fields.effective_query(query_text, "bulkOperations")}
    ops = ctx.store.all("BulkOperation")
    # Shopify lists bulk operations newest first; `reverse: true` gives the oldest first (and
    # operations without a completion time last, then first).
    return connections.build(
        ctx.store,
        ops,
        {
            **args,
            "sortKey": args.get("sortKey") or "CREATED_AT",
            "reverse": not args.get("reverse"),
        },
    )


SIZED_RESOURCES = {"VIDEO": "video", "MODEL_3D": "3D model"}
IMAGE_RESOURCES = {"IMAGE", "PRODUCT_IMAGE", "COLLECTION_IMAGE", "SHOP_IMAGE"}


@mutation("stagedUploadsCreate")
def staged_uploads(ctx: Context, _s: Any, args: dict[str, Any], _i: GraphQLResolveInfo) -> Any:
    """Upload targets served by the sandbox itself, shaped like Shopify's: POST targets carry
    the form fields of a signed policy (with `key`), PUT targets (the default for media) carry
    `content_type` and `acl`."""
    targets: list[dict[str, Any]] = []
    errors: list[dict[str, Any]] = []
    for index, row in enumerate(args.get("input") or []):
        resource = row.get("resource")
        if resource in SIZED_RESOURCES and not row.get("fileSize"):
            errors.append(
                user_error(
                    ["input", str(index), "fileSize"],
                    f"file size is required for {SIZED_RESOURCES[resource]} resources",
                )
            )
            targets.append({"url": None, "resourceUrl": None, "parameters": []})
            continue
        mime = str(row.get("mimeType") or "")
        if resource in IMAGE_RESOURCES and not mime.startswith("image/"):
            errors.append(
                user_error(
                    ["input", str(index), "mimeType"],
                    f"{row.get('filename')}: ({mime}) is not a recognized format",
                )
            )
            targets.append({"url": None, "resourceUrl": None, "parameters": []})
            continue
        folder = "bulk" if resource == "BULK_MUTATION_VARIABLES" else "files"
        key = f"tmp/{secrets.token_hex(8)}/{folder}/{row.get('filename') or 'upload'}"
        ctx.store.staged_uploads.setdefault(key, b"")
        base = f"{ctx.base_url}/__sandbox/uploads"
        method = row.get("httpMethod") or (
            "POST" if resource == "BULK_MUTATION_VARIABLES" else "PUT"
        )
        if method == "PUT":
            targets.append(
                {
                    "url": f"{base}/{key}?X-Goog-Algorithm=GOOG4-RSA-SHA256",
                    "resourceUrl": f"{base}/{key}",
                    "parameters": [
                        {"name": "content_type", "value": row.get("mimeType")},
                        {"name": "acl", "value": "private"},
                    ],
                }
            )
            continue
        if resource == "MODEL_3D":
            # 3D models go to their own bucket with a signed policy (GoogleAccessId form).
            targets.append(
                {
                    "url": f"{base}/{key}",
                    "resourceUrl": f"{base}/{key}",
                    "parameters": [
                        {"name": "GoogleAccessId", "value": "sandbox-model-service"},
                        {"name": "key", "value": key},
                        {"name": "policy", "value": secrets.token_urlsafe(48)},
                        {"name": "signature", "value": secrets.token_urlsafe(32)},
                    ],
                }
            )
            continue
        stamp = ctx.store.now().replace("-", "").replace(":", "")
        targets.append(
            {
                "url": f"{base}/",
                "resourceUrl": f"{base}/{key}",
                "parameters": [
                    {"name": "Content-Type", "value": row.get("mimeType")},
                    {"name": "success_action_status", "value": "201"},
                    {"name": "acl", "value": "private"},
                    {"name": "key", "value": key},
                    {"name": "x-goog-date", "value": stamp},
                    {"name": "x-goog-credential", "value": f"sandbox/{stamp[:8]}/auto/storage"},
                    {"name": "x-goog-algorithm", "value": "GOOG4-RSA-SHA256"},
                    {"name": "x-goog-signature", "value": secrets.token_hex(32)},
                    {"name": "policy", "value": secrets.token_urlsafe(48)},
                ],
            }
        )
    return {"stagedTargets": targets, "userErrors": errors}
