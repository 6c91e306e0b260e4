"""Deleting a product in the store (`productDelete`, synchronous): a product the store does
not hold any more is `NotFound` (the caller counts it as done)."""

from __future__ import annotations

from stockbridge.channels.errors import NotFound, Rejected

from .client import ShopifyClient
from .errors import excerpt


def delete_product(client: ShopifyClient, remote_id: str) -> None:
    # `once`: a delete whose answer was lost is not sent blind again; the caller retries it
    # later and a product then gone is NotFound, i.e. done
    payload = client.execute("product_delete", {"input": {"id": remote_id}}, once=True)[
        "productDelete"
    ]
    errors = payload.get("userErrors") or []
    if payload.get("deletedProductId") or not errors:
        return
    words = "; ".join(str(e.get("message") or "") for e in errors)
    if "does not exist" in words.lower() or "not found" in words.lower():
        raise NotFound(f"Shopify holds no product {remote_id}", excerpt=excerpt(errors))
    raise Rejected("product", f"Shopify refused to delete it: {words}", excerpt=excerpt(errors))
