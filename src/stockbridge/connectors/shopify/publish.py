"""Publishing one product by `productSet` (API-NOTES §2.10): create or update from its full
description. Scalars are patched; options, variants and files are replaced by what is sent,
so the engine always sends the whole product (it refuses beforehand a product whose linked
Shopify variants it does not hold: those would be deleted).

- A new product is set with `identifier: {handle}`: when a lost answer makes the client send
  it again, the product the first call made is updated, never duplicated.
- Products of more than `ASYNC_VARIANTS` variants are set asynchronously
  (`synchronous: false`) and the `productOperation` is polled until it is COMPLETE.
- Images already uploaded are referenced by their file id (`files: [{id}]`); new ones go by
  URL (`originalSource`); the answer's media, in the order sent, give each image's file id.
- A variant's image is its `file`, which Shopify requires to be among the product's files.
"""

from __future__ import annotations

from typing import Any

from stockbridge.channels.errors import NotFound, Rejected, Unavailable
from stockbridge.channels.port import Metafield
from stockbridge.channels.port_publish import (
    DraftVariant,
    ProductDraft,
    PublishResult,
)

from . import published
from .client import ShopifyClient
from .errors import excerpt
from .prices import amount

ASYNC_VARIANTS = 250
POLLS = 60
DEFAULT_OPTION = ("Title", "Default Title")
GONE = {"PRODUCT_DOES_NOT_EXIST", "PRODUCT_VARIANT_DOES_NOT_EXIST", "NOT_FOUND"}


def _metafields(fields: tuple[Metafield, ...]) -> list[dict[str, str]]:
    return [
        {"namespace": m.namespace, "key": m.key, "type": m.type, "value": m.value} for m in fields
    ]


def _option_values(draft: ProductDraft) -> list[tuple[str, list[str]]]:
    if not draft.option_names:
        return [(DEFAULT_OPTION[0], [DEFAULT_OPTION[1]])]
    out: list[tuple[str, list[str]]] = []
    for index, name in enumerate(draft.option_names):
        ordered = sorted(draft.variants, key=lambda v: v.position)
        seen = list(dict.fromkeys(v.options[index] for v in ordered))
        out.append((name, seen))
    return out


def _variant(draft: ProductDraft, v: DraftVariant, files: dict[str, dict[str, Any]]) -> Any:
    names = draft.option_names or (DEFAULT_OPTION[0],)
    values = v.options if draft.option_names else (DEFAULT_OPTION[1],)
    row: dict[str, Any] = {
        "optionValues": [
            {"optionName": n, "name": value} for n, value in zip(names, values, strict=True)
        ],
        "position": v.position,
        "sku": v.sku,
    }
    if v.remote_id:
        row["id"] = v.remote_id
    if v.barcode is not None:
        row["barcode"] = v.barcode
    if v.price is not None:
        row["price"] = amount(v.price, draft.currency)
    if v.compare_at_price is not None:
        row["compareAtPrice"] = amount(v.compare_at_price, draft.currency)
    item: dict[str, Any] = {}
    if v.cost is not None:
        item["cost"] = amount(v.cost, draft.currency)
    if v.tracked is not None:
        item["tracked"] = v.tracked
    if v.weight is not None and v.weight_unit:
        item["measurement"] = {"weight": {"value": float(v.weight), "unit": v.weight_unit}}
    if item:
        row["inventoryItem"] = item
    if v.image_key is not None and v.image_key in files:
        row["file"] = files[v.image_key]
    if v.metafields:
        row["metafields"] = _metafields(v.metafields)
    if draft.location and v.quantity is not None and not v.remote_id:
        row["inventoryQuantities"] = [
            {"locationId": draft.location, "name": "available", "quantity": v.quantity}
        ]
    return row


def product_input(draft: ProductDraft) -> dict[str, Any]:
    """The `ProductSetInput` of a draft (only what it publishes)."""
    data: dict[str, Any] = {"handle": draft.handle}
    for key, value in (
        ("title", draft.title),
        ("status", draft.status.upper() if draft.status else None),
        ("descriptionHtml", draft.description_html),
        ("vendor", draft.vendor),
        ("productType", draft.product_type),
        ("category", draft.category),
    ):
        if value is not None:
            data[key] = value
    if draft.tags is not None:
        data["tags"] = list(draft.tags)
    if draft.seo_title is not None or draft.seo_description is not None:
        data["seo"] = {"title": draft.seo_title, "description": draft.seo_description}
    files: dict[str, dict[str, Any]] = {}
    if draft.images is not None:
        for image in draft.images:
            if image.remote_id:
                files[image.key] = {"id": image.remote_id}
            else:
                files[image.key] = {
                    "originalSource": image.url,
                    "alt": image.alt,
                    "contentType": "IMAGE",
                }
        data["files"] = list(files.values())
    data["productOptions"] = [
        {"name": name, "position": i + 1, "values": [{"name": v} for v in values]}
        for i, (name, values) in enumerate(_option_values(draft))
    ]
    ordered = sorted(draft.variants, key=lambda v: v.position)
    data["variants"] = [_variant(draft, v, files) for v in ordered]
    if draft.metafields:
        data["metafields"] = _metafields(draft.metafields)
    return data


def publish(client: ShopifyClient, draft: ProductDraft) -> PublishResult:
    data = product_input(draft)
    identifier = {"id": draft.remote_id} if draft.remote_id else {"handle": draft.handle}
    synchronous = len(draft.variants) <= ASYNC_VARIANTS
    answer = client.execute(
        "product_set", {"input": data, "synchronous": synchronous, "identifier": identifier}
    )
    payload = answer.get("productSet")
    if not isinstance(payload, dict):
        raise Unavailable("Shopify answered no productSet payload")
    errors = list(payload.get("userErrors") or [])
    node = payload.get("product")
    operation = payload.get("productSetOperation")
    if not errors and node is None and isinstance(operation, dict):
        node, errors = _await(client, str(operation.get("id")))
    if errors:
        return refused(draft, data, errors)
    if not isinstance(node, dict):
        raise Unavailable("Shopify answered productSet without the product")
    held = published.product(client, node)
    sent = [i.key for i in draft.images or ()]
    image_ids = dict(zip(sent, held.image_ids, strict=False))
    return PublishResult(ref=draft.ref, product=held, image_ids=image_ids)


def _await(client: ShopifyClient, operation_id: str) -> tuple[Any, list[Any]]:
    """Poll an asynchronous set until it is COMPLETE: (product node, user errors)."""
    for attempt in range(POLLS):
        data = client.execute("product_operation", {"id": operation_id})
        operation = data.get("productOperation") or {}
        if operation.get("status") == "COMPLETE":
            return operation.get("product"), list(operation.get("userErrors") or [])
        client.sleep(min(0.5 * (attempt + 1), 5.0))
    raise Unavailable(f"Shopify's product operation {operation_id} did not complete; will retry")


def refused(draft: ProductDraft, sent: dict[str, Any], errors: list[Any]) -> PublishResult:
    codes = {str(e.get("code") or "") for e in errors if isinstance(e, dict)}
    words = "; ".join(_words(e) for e in errors if isinstance(e, dict))
    kind = NotFound.__name__ if codes & GONE else Rejected.__name__
    return PublishResult(
        ref=draft.ref,
        product=None,
        error_kind=kind,
        message=f"Shopify refused the product: {words}",
        request_excerpt=excerpt(_summary(sent)),
        response_excerpt=excerpt(errors),
    )


def _words(error: dict[str, Any]) -> str:
    field = ".".join(str(f) for f in (error.get("field") or []) if f != "input")
    message = str(error.get("message") or "refused")
    return f"{field}: {message}" if field else message


def _summary(sent: dict[str, Any]) -> dict[str, Any]:
    """The request without its bulkiest lists (variants counted)."""
    short = {k: v for k, v in sent.items() if k not in ("variants", "files")}
    short["variants"] = len(sent.get("variants") or [])
    short["files"] = len(sent.get("files") or [])
    return short
