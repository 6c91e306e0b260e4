"""Styles pushed as portal products: `PUT /api/product/new` creates (201), `POST
/api/product/{_id}` updates. A create the portal already holds (409: sent again after a lost
answer, or made in the portal) reads the product by `brand_id` and updates it. Prices go in
one currency, per product and per size; availability dates and custom fields are never sent
(the portal owns them). The size ids of the answer are what stock rows name."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any
from urllib.parse import quote

from stockbridge.channels.errors import NotFound, Rejected
from stockbridge.channels.port_styles import StyleDraft, StyleResult

from .client import PortalClient
from .errors import AlreadyExists, excerpt


def body_of(draft: StyleDraft) -> dict[str, Any]:
    """The product document for the portal (pure)."""
    body: dict[str, Any] = {
        "brand_id": draft.external_id,
        "name": draft.name,
        "style_number": draft.style_number,
        "color": draft.color,
        "description": draft.description,
        **dict(draft.attributes),
        "sizes": [
            {
                "size": size.size,
                "upc": size.barcode or "N/A",
                **_pricing(draft.currency, size.wholesale, size.retail),
            }
            for size in draft.sizes
        ],
        **_pricing(draft.currency, draft.wholesale, draft.retail),
    }
    return body


def _pricing(currency: str, wholesale: Any, retail: Any) -> dict[str, Any]:
    if wholesale is None:
        return {}
    prices = {"wholesale": wholesale, **({"retail": retail} if retail is not None else {})}
    return {"pricing": {currency: prices}}


def push_styles(client: PortalClient, drafts: Sequence[StyleDraft]) -> list[StyleResult]:
    return [_push(client, draft) for draft in drafts]


def _push(client: PortalClient, draft: StyleDraft) -> StyleResult:
    body = body_of(draft)
    created = False
    try:
        if draft.remote_id:
            answer = client.call("POST", f"/api/product/{draft.remote_id}", body=body)
        else:
            try:
                answer = client.call("PUT", "/api/product/new", body=body)
                created = True
            except AlreadyExists:
                held = client.call(
                    "GET", f"/api/product/external_id/{quote(draft.external_id.lower(), safe='')}"
                )
                answer = client.call("POST", f"/api/product/{_id(held)}", body=body)
    except (Rejected, NotFound) as exc:
        return StyleResult(
            ref=draft.ref,
            error_kind=exc.kind,
            message=exc.message,
            request_excerpt=excerpt(body),
            response_excerpt=exc.excerpt,
        )
    sizes = answer.get("sizes") if isinstance(answer, dict) else None
    by_size = {
        str(s.get("size")): str(s.get("_id"))
        for s in sizes or []
        if isinstance(s, dict) and s.get("_id")
    }
    return StyleResult(
        ref=draft.ref,
        created=created,
        remote_id=_id(answer),
        size_ids={s.sku: by_size[s.size] for s in draft.sizes if s.size in by_size},
        request_excerpt=excerpt(body),
    )


def _id(answer: Any) -> str:
    value = answer.get("_id") if isinstance(answer, dict) else None
    if not isinstance(value, str) or not value:
        raise Rejected("_id", "the portal answered a product without its _id")
    return value
