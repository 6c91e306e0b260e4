"""The shop (app/uninstalled) and bulk operations (bulk_operations/finish)."""

from __future__ import annotations

from stockbridge_sandboxes.shopify.store import Obj, Store
from stockbridge_sandboxes.shopify.webhook_bodies.values import legacy_id, lower, shop_currency


def shop_body(shop: Obj, store: Store) -> Obj:
    """The REST shop (app/uninstalled, shop/update): what the sandbox holds of it."""
    return {
        "id": legacy_id(shop.get("id")),
        "name": shop.get("name"),
        "email": shop.get("email"),
        "domain": store.shop_domain,
        "myshopify_domain": store.shop_domain,
        "currency": shop_currency(store),
    }


def bulk_operation_body(op: Obj) -> Obj:
    """bulk_operations/finish (API-NOTES §2.6): the operation's id, times, status, type."""
    return {
        "admin_graphql_api_id": op["id"],
        "completed_at": op.get("completedAt"),
        "created_at": op.get("createdAt"),
        "error_code": lower(op.get("errorCode")),
        "status": lower(op.get("status")),
        "type": lower(op.get("type")),
    }
