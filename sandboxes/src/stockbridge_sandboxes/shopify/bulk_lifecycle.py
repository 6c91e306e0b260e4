"""The life of a bulk operation on the sandbox clock: CREATED, RUNNING, then a terminal state.

The sandbox computes an operation's result when it is run, but shows it the way Shopify does:
the operation waits in the queue for half a second (`CREATED`), then runs (`RUNNING`); it is
`COMPLETED` a second after it was created, or later at `OBJECTS_PER_SECOND` objects a second for
a big one (recorded small exports finished within the second), with its counts, file size and
result URL, and `bulk_operations/finish` is sent. A cancelled operation is `CANCELING` for a
second, then `CANCELED`. States move when the clock has passed their time, checked before each
request, so tests and the control API drive them by advancing the clock.

Operations the sandbox did not run itself (hydrated from a recording) keep the state they were
recorded in. While operations of a type are not terminal, new runs of that type are limited:
one at a time per app and shop before 2026-01, five from 2026-01 (API-NOTES §2.6).
"""

from __future__ import annotations

from stockbridge_sandboxes.shopify.gid import gid_number
from stockbridge_sandboxes.shopify.resolvers.registry import Context
from stockbridge_sandboxes.shopify.store import Obj, Store
from stockbridge_sandboxes.shopify.webhook_bodies import bulk_operation_body

QUEUE_SECONDS = 0.5
MIN_SECONDS = 1.0
OBJECTS_PER_SECOND = 2000.0
CANCEL_SECONDS = 1.0
FINISHED = ("COMPLETED", "FAILED", "CANCELED", "EXPIRED")
IN_PROGRESS = ("CREATED", "RUNNING", "CANCELING")


def concurrency_limit(requested_version: str) -> int:
    """Operations of one type that may be in progress at once for the version a request named
    (requests naming a pre-2026-01 version keep the one-at-a-time rule they were recorded with)."""
    if requested_version[:4].isdigit() and requested_version < "2026-01":
        return 1
    return 5


def in_progress(store: Store, kind: str) -> list[Obj]:
    ops = [o for o in store.all("BulkOperation") if o.get("type") == kind]
    return [o for o in ops if o.get("status") in IN_PROGRESS]


def new_operation(ctx: Context, kind: str, text: str) -> Obj:
    return ctx.store.create(
        "BulkOperation",
        {
            "type": kind,
            "status": "CREATED",
            "query": text,
            "createdAt": ctx.store.now(),
            "completedAt": None,
            "errorCode": None,
            "fileSize": None,
            "objectCount": "0",
            "rootObjectCount": "0",
            "url": None,
            "partialDataUrl": None,
            "__startedAt": ctx.store.clock.now(),
        },
    )


def schedule(ctx: Context, op: Obj, body: bytes, objects: int, roots: int) -> None:
    """The operation's result is ready; it is shown once the clock reaches its finish time."""
    ctx.store.bulk_results[op["id"]] = body
    op["__finishAt"] = op["__startedAt"] + max(MIN_SECONDS, objects / OBJECTS_PER_SECOND)
    op["__objects"], op["__roots"] = objects, roots
    op["__url"] = f"{ctx.base_url}/__sandbox/bulk/{gid_number(op['id'])}.jsonl" if body else None
    advance_operations(ctx)


def cancel(ctx: Context, op: Obj) -> None:
    op["status"] = "CANCELING"
    if "__startedAt" in op:
        op["__cancelAt"] = ctx.store.clock.now() + CANCEL_SECONDS


def advance_operations(ctx: Context) -> None:
    """Move every operation the sandbox runs to the state its times say it is in now."""
    now = ctx.store.clock.now()
    for op in ctx.store.all("BulkOperation"):
        if op.get("status") in FINISHED or "__startedAt" not in op:
            continue
        if op.get("status") == "CANCELING":
            if now >= op.get("__cancelAt", now):
                _terminal(ctx, op, "CANCELED")
            continue
        if "__finishAt" not in op:
            continue
        if now >= op["__finishAt"]:
            op["objectCount"], op["rootObjectCount"] = str(op["__objects"]), str(op["__roots"])
            body = ctx.store.bulk_results.get(op["id"], b"")
            op["fileSize"] = str(len(body)) if body else None
            op["url"] = op.get("__url")
            _terminal(ctx, op, "COMPLETED")
        elif now - op["__startedAt"] > QUEUE_SECONDS:
            op["status"] = "RUNNING"


def _terminal(ctx: Context, op: Obj, status: str) -> None:
    op["status"] = status
    op["completedAt"] = ctx.store.now()
    ctx.emit("bulk_operations/finish", bulk_operation_body(op))
