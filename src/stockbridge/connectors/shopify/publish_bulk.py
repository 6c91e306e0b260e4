"""Publishing many products in one bulk mutation (API-NOTES §2.6): the `productSet` variables
of every draft as one JSONL file, uploaded to a staged target (`stagedUploadsCreate`,
resource BULK_MUTATION_VARIABLES), run by `bulkOperationRunMutation`, polled until it is
finished, and its result JSONL read: one line per input line (`__lineNumber`), each the
mutation's answer (the product, or its user errors) or the line's own `errors`.

Each line sets its product as `publish.publish` does (`identifier: {handle}` for a new one),
so running a batch again after a lost answer updates what the first run made. A line with no
answer is left out of the results: the engine publishes that product alone."""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

import httpx

from stockbridge.channels.errors import Rejected, Unavailable
from stockbridge.channels.port_publish import ProductDraft, PublishResult

from . import bulk, documents, published
from .client import ShopifyClient
from .errors import excerpt
from .publish import product_input, refused

FILENAME = "product-set.jsonl"
BUSY = ("OPERATION_IN_PROGRESS", "LIMIT_REACHED")
WAIT_BUSY = 60.0


def variables(draft: ProductDraft) -> dict[str, Any]:
    identifier = {"id": draft.remote_id} if draft.remote_id else {"handle": draft.handle}
    return {"input": product_input(draft), "identifier": identifier}


def publish_all(client: ShopifyClient, drafts: Sequence[ProductDraft]) -> dict[str, PublishResult]:
    if not drafts:
        return {}
    body = "".join(json.dumps(variables(d), separators=(",", ":")) + "\n" for d in drafts)
    path = _upload(client, body.encode())
    operation_id = _run(client, path)
    result = bulk.wait(client, operation_id)
    results: dict[str, PublishResult] = {}
    for row in bulk.lines(client, result):
        number = row.get("__lineNumber")
        if not isinstance(number, int) or not 0 <= number < len(drafts):
            continue
        draft = drafts[number]
        outcome = _outcome(client, draft, row)
        if outcome is not None:
            results[draft.ref] = outcome
    return results


def _outcome(
    client: ShopifyClient, draft: ProductDraft, row: dict[str, Any]
) -> PublishResult | None:
    payload = (row.get("data") or {}).get("productSet")
    if not isinstance(payload, dict):
        return None  # the line failed as a request (its `errors`): published alone
    errors = list(payload.get("userErrors") or [])
    if errors:
        return refused(draft, product_input(draft), errors)
    node = payload.get("product")
    if not isinstance(node, dict):
        return None
    held = published.product(client, node)
    sent = [i.key for i in draft.images or ()]
    return PublishResult(
        ref=draft.ref, product=held, image_ids=dict(zip(sent, held.image_ids, strict=False))
    )


def _upload(client: ShopifyClient, body: bytes) -> str:
    """Stage the JSONL file; answer the path `bulkOperationRunMutation` names it by."""
    answer = client.execute("staged_upload_bulk", {"filename": FILENAME})["stagedUploadsCreate"]
    targets = answer.get("stagedTargets") or []
    if answer.get("userErrors") or not targets or not targets[0].get("url"):
        raise Rejected(
            "upload", "Shopify gave no upload target", excerpt=excerpt(answer.get("userErrors"))
        )
    target = targets[0]
    url = str(target["url"])
    if not (
        url.startswith("https://") or url.startswith(client.endpoint.base_url.rstrip("/") + "/")
    ):
        raise Rejected("url", f"refusing to upload to {url!r}")
    form = {str(p["name"]): str(p["value"]) for p in target.get("parameters") or []}
    # the file goes to Shopify's storage with the target's signed form, never the store's token
    with httpx.Client(
        transport=client.transport, timeout=httpx.Timeout(120.0, connect=10.0)
    ) as http:
        try:
            response = http.post(url, data=form, files={"file": (FILENAME, body, "text/jsonl")})
        except httpx.TransportError as exc:
            raise Unavailable(f"the bulk upload failed ({type(exc).__name__})") from exc
    if response.status_code not in (200, 201, 204):
        raise Unavailable(
            f"the bulk upload was refused (HTTP {response.status_code})",
            excerpt=excerpt(response.text),
        )
    return form.get("key") or str(target.get("resourceUrl") or "")


def _run(client: ShopifyClient, path: str) -> str:
    pause, waited = 1.0, 0.0
    while True:
        payload = client.execute(
            "bulk_run_mutation",
            {"mutation": documents.load("product_set_bulk"), "stagedUploadPath": path},
        )["bulkOperationRunMutation"]
        errors = payload.get("userErrors") or []
        if not errors and payload.get("bulkOperation"):
            return str(payload["bulkOperation"]["id"])
        if any(e.get("code") in BUSY for e in errors) and waited < WAIT_BUSY:
            client.sleep(pause)
            waited += pause
            pause = min(pause * 2, 10.0)
            continue
        message = "; ".join(str(e.get("message")) for e in errors) or "no operation started"
        raise Unavailable(
            f"Shopify did not start the bulk publish: {message}", excerpt=excerpt(errors)
        )
