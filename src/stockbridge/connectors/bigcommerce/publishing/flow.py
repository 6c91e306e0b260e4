"""Publishing one product: create it, or update it, then read back what the store holds.

- Create: `POST /v3/catalog/products` with its variants, sent once (`once`). BigCommerce
  names products and storefront URLs uniquely: when it answers 409 (a product holds the
  name or the URL), the product holding the draft's URL (`/<handle>/`) is the one an
  earlier attempt made (an answer lost): it is updated instead, never duplicated; a
  product of another URL holding the name is a refusal naming it.
- Update: the product's fields (`PUT /v3/catalog/products/{id}`, custom fields by id), the
  linked variants in batches of 50 (`PUT /v3/catalog/variants`), each new variant
  (`POST /v3/catalog/products/{id}/variants`).
- Then the variants' metafields (held ones changed, new ones made, 50 a batch) and, on
  create, each new variant's stock at the draft's location (one absolute adjustment).
- A refusal of the data (422, 409) is a result `Rejected` with BigCommerce's words; a
  product gone (404) is `NotFound`; other failures raise."""

from __future__ import annotations

from typing import Any

from stockbridge.channels.errors import Conflict, NotFound, Rejected
from stockbridge.channels.port_publish import ProductDraft, PublishedProduct, PublishResult

from ..client import BigCommerceClient
from ..errors import excerpt
from . import bodies, held

BATCH = 50


def _read(client: BigCommerceClient, product_id: str) -> dict[str, Any]:
    answer = client.json(
        client.call("GET", f"/catalog/products/{product_id}", params={"include": held.INCLUDE}),
        "the product",
    )
    return dict(answer.get("data") or {})


def _field_ids(doc: dict[str, Any]) -> dict[str, int]:
    return {str(f["name"]): int(f["id"]) for f in doc.get("custom_fields") or []}


def _by_url(client: BigCommerceClient, draft: ProductDraft) -> dict[str, Any] | None:
    name = draft.title or draft.handle
    for doc in client.pages("/catalog/products", {"name": name, "include": held.INCLUDE}):
        if (doc.get("custom_url") or {}).get("url") == bodies.url_of(draft.handle):
            return dict(doc)
    return None


def _create(client: BigCommerceClient, draft: ProductDraft) -> dict[str, Any]:
    body = bodies.product_body(draft, creating=True, held_fields={})
    try:
        answer = client.json(
            client.call("POST", "/catalog/products", body=body, once=True), "the product"
        )
    except Conflict:
        earlier = _by_url(client, draft)
        if earlier is None:
            raise
        return _update(client, draft, earlier)
    made = dict(answer.get("data") or {})
    _stock(client, draft, made)
    return made


def _update(client: BigCommerceClient, draft: ProductDraft, doc: dict[str, Any]) -> dict[str, Any]:
    product_id = str(doc["id"])
    body = bodies.product_body(draft, creating=False, held_fields=_field_ids(doc))
    client.call("PUT", f"/catalog/products/{product_id}", body=body)
    if draft.option_names:
        linked = [v for v in draft.variants if v.remote_id]
        for start in range(0, len(linked), BATCH):
            rows = [
                {"id": int(str(v.remote_id)), **bodies.variant_body(v, ())}
                for v in linked[start : start + BATCH]
            ]
            client.call("PUT", "/catalog/variants", body=rows)
        skus = {str(v.get("sku")) for v in doc.get("variants") or []}
        for v in draft.variants:
            if not v.remote_id and v.sku not in skus:
                client.call(
                    "POST",
                    f"/catalog/products/{product_id}/variants",
                    body=bodies.variant_body(v, draft.option_names),
                )
    return doc


def _stock(client: BigCommerceClient, draft: ProductDraft, made: dict[str, Any]) -> None:
    if not draft.location or not draft.location.isdigit():
        return
    ids = {str(v.get("sku")): int(v["id"]) for v in made.get("variants") or []}
    items = [
        {"location_id": int(draft.location), "variant_id": ids[v.sku], "quantity": v.quantity}
        for v in draft.variants
        if v.quantity is not None and v.sku in ids
    ]
    if items:
        client.call(
            "PUT",
            "/inventory/adjustments/absolute",
            body={"reason": "Stockbridge publish", "items": items},
        )


def _metafields(client: BigCommerceClient, draft: ProductDraft, product: PublishedProduct) -> None:
    ids = {v.sku: v.remote_id for v in product.variants}
    rows = bodies.metafield_rows(draft, ids)
    if not rows:
        return
    known = {(str(m.resource_id), m.namespace, m.key): m for m in _held_metafields(client, ids)}
    changed, new = [], []
    for row in rows:
        found = known.get((str(row["resource_id"]), row["namespace"], row["key"]))
        if found is None:
            new.append(row)
        elif found.value != row["value"]:
            changed.append({"id": found.id, "value": row["value"]})
    for method, batch in (("PUT", changed), ("POST", new)):
        for start in range(0, len(batch), BATCH):
            client.call(method, "/catalog/variants/metafields", body=batch[start : start + BATCH])


class _Held:
    def __init__(self, row: dict[str, Any]) -> None:
        self.id = int(row["id"])
        self.resource_id = str(row["resource_id"])
        self.namespace = str(row["namespace"])
        self.key = str(row["key"])
        self.value = str(row["value"])


def _held_metafields(client: BigCommerceClient, ids: dict[str, str]) -> list[_Held]:
    found = held.metafields_of(client, list(ids.values()))
    return [_Held(row) for rows in found.values() for row in rows]


def publish(client: BigCommerceClient, draft: ProductDraft) -> PublishResult:
    try:
        if draft.remote_id:
            doc = _update(client, draft, _read(client, draft.remote_id))
        else:
            doc = _create(client, draft)
        product = held.published(client, [str(doc["id"])]).get(str(doc["id"]))
        if product is None:
            raise NotFound(f"product {doc['id']} is gone from the store")
        _metafields(client, draft, product)
        if any(v.metafields for v in draft.variants):
            product = held.published(client, [product.remote_id])[product.remote_id]
    except (Rejected, Conflict, NotFound) as exc:
        kind = NotFound.__name__ if isinstance(exc, NotFound) else Rejected.__name__
        return PublishResult(
            ref=draft.ref,
            product=None,
            error_kind=kind,
            message=f"BigCommerce refused the product: {exc.message}",
            request_excerpt=excerpt({"handle": draft.handle, "title": draft.title}),
            response_excerpt=exc.excerpt,
        )
    return PublishResult(ref=draft.ref, product=product)
