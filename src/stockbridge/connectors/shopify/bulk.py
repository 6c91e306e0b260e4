"""Bulk operations: run a query over the whole store, wait for it on Shopify's side, and stream
its JSONL result line by line (never the whole file in memory).

Objects of nested connections come as their own lines carrying `__parentId` (API-NOTES §2.6);
with `groupObjects: false` a child need not follow its parent, so readers that group children
must not assume an order. The result file is fetched without the store's token (on Shopify it
is a signed storage URL on another host) and only over https or from the channel's own base
URL (a sandbox)."""

from __future__ import annotations

import ssl
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from functools import cache
from typing import Any

import httpx

from stockbridge.channels.errors import Rejected, Unavailable
from stockbridge.platform import json_text

from .client import ShopifyClient
from .errors import excerpt

FAILED = ("FAILED", "CANCELED", "EXPIRED")
CHUNK = 1 << 16  # bytes read at a time from a result (JSONL lines are split from them)
RUNNING = ("CREATED", "RUNNING", "CANCELING")


@dataclass(frozen=True, slots=True)
class BulkResult:
    id: str
    status: str
    object_count: int
    url: str | None
    root_object_count: int = 0


def run_query(
    client: ShopifyClient,
    query: str,
    *,
    timeout: float = 3600.0,
    clock: Callable[[], float] = time.monotonic,
    group_objects: bool = False,
) -> BulkResult:
    """Start a bulk query and wait until it is finished; raise if it failed. With
    `group_objects` Shopify writes each object's children right after it (slower on Shopify's
    side, but a reader can then stream parents whole)."""
    deadline = clock() + timeout
    operation_id = start(client, query, group_objects=group_objects, timeout=timeout, clock=clock)
    return wait(client, operation_id, deadline=deadline, clock=clock)


def start(
    client: ShopifyClient,
    query: str,
    *,
    group_objects: bool = False,
    timeout: float = 3600.0,
    clock: Callable[[], float] = time.monotonic,
) -> str:
    """Start a bulk query (waiting while the store's concurrent operations are all busy);
    answer its id. Since 2026-01 up to five run at once, so several can be started first and
    awaited after."""
    return _start(client, query, deadline=clock() + timeout, clock=clock, group=group_objects)


def wait(
    client: ShopifyClient,
    operation_id: str,
    *,
    deadline: float | None = None,
    clock: Callable[[], float] = time.monotonic,
) -> BulkResult:
    """Wait for a started bulk query to finish; raise if it failed."""
    deadline = clock() + 3600.0 if deadline is None else deadline
    pause = 0.2
    while True:
        node = client.execute("bulk_operation", {"id": operation_id}).get("node") or {}
        status = str(node.get("status") or "")
        if status == "COMPLETED":
            return BulkResult(
                id=operation_id,
                status=status,
                object_count=int(node.get("objectCount") or 0),
                url=node.get("url"),
                root_object_count=int(node.get("rootObjectCount") or 0),
            )
        if status in FAILED:
            raise Unavailable(
                f"Shopify's bulk export ended {status.lower()}"
                + (f" ({node.get('errorCode')})" if node.get("errorCode") else ""),
                excerpt=excerpt(node),
            )
        if clock() > deadline:
            raise Unavailable("Shopify's bulk export did not finish in time", excerpt=excerpt(node))
        client.sleep(pause)
        pause = min(pause * 1.5, 5.0)


def _start(
    client: ShopifyClient,
    query: str,
    *,
    deadline: float,
    clock: Callable[[], float],
    group: bool = False,
) -> str:
    pause = 1.0
    while True:
        payload = client.execute("bulk_run_query", {"query": query, "groupObjects": group})[
            "bulkOperationRunQuery"
        ]
        errors = payload.get("userErrors") or []
        if not errors and payload.get("bulkOperation"):
            return str(payload["bulkOperation"]["id"])
        busy = any(e.get("code") in ("OPERATION_IN_PROGRESS", "LIMIT_REACHED") for e in errors)
        if busy and clock() < deadline:
            client.sleep(pause)
            pause = min(pause * 2, 30.0)
            continue
        message = "; ".join(str(e.get("message")) for e in errors) or "no operation started"
        raise Rejected("bulk query", message, excerpt=excerpt(errors))


def lines(client: ShopifyClient, result: BulkResult) -> Iterator[dict[str, Any]]:
    """The result's objects one by one, streamed from its URL (nothing when the store had no
    matching objects: Shopify then gives no URL)."""
    if not result.url:
        return
    url = result.url
    if not (
        url.startswith("https://") or url.startswith(client.endpoint.base_url.rstrip("/") + "/")
    ):
        raise Rejected("url", f"refusing to download a bulk result from {url!r}")
    with httpx.Client(
        transport=client.transport, verify=_tls(), timeout=httpx.Timeout(120.0, connect=10.0)
    ) as http:
        try:
            with http.stream("GET", url) as response:
                if response.status_code != 200:
                    raise Unavailable(
                        f"the bulk result could not be downloaded (HTTP {response.status_code})"
                    )
                rest = b""
                for chunk in response.iter_bytes(CHUNK):
                    lines = (rest + chunk).split(b"\n")
                    rest = lines.pop()
                    yield from _objects(lines)
                yield from _objects([rest])
        except httpx.TransportError as exc:
            raise Unavailable(f"the bulk result download failed ({type(exc).__name__})") from exc


@cache
def _tls() -> ssl.SSLContext:
    """The TLS context of the downloads, built once per process (building one reads the
    CA bundle: a tenth of a second, twice per import)."""
    return httpx.create_ssl_context()


def _objects(lines: list[bytes]) -> list[Any]:
    """The objects of complete JSONL lines, parsed as one JSON array (one parse per chunk, not
    per line); a line that is not JSON is then parsed alone, so the error is its own."""
    lines = [line for line in lines if line.strip()]
    if not lines:
        return []
    try:
        objects = json_text.loads(b"[" + b",".join(lines) + b"]")
    except ValueError:
        return [json_text.loads(line) for line in lines]
    if len(objects) != len(lines):  # a line holding several values: read them one by one
        return [json_text.loads(line) for line in lines]
    return list(objects)


def export(client: ShopifyClient, query: str, **kwargs: Any) -> Iterator[dict[str, Any]]:
    """Run `query` in bulk and stream its objects."""
    yield from lines(client, run_query(client, query, **kwargs))
