"""Fulfilments (fulfillments/create|update)."""

from __future__ import annotations

from stockbridge_sandboxes.shopify.store import Obj, Store
from stockbridge_sandboxes.shopify.webhook_bodies.line_items import line_item_body
from stockbridge_sandboxes.shopify.webhook_bodies.values import (
    deref_all,
    legacy_id,
    lower,
    order_currency,
    ref_id,
)


def fulfillment_body(store: Store, fulfillment: Obj, order: Obj) -> Obj:
    """The REST fulfillment (fulfillments/create|update), its lines with the fulfilled units."""
    currency = order_currency(store, order)
    tracking = [t for t in fulfillment.get("trackingInfo") or [] if isinstance(t, dict)]
    lines = []
    for entry in deref_all(store, fulfillment.get("fulfillmentLineItems")):
        line = store.deref(entry.get("lineItem")) or {}
        body = line_item_body(store, line, currency)
        body["quantity"] = int(entry.get("quantity") or 0)
        lines.append(body)
    return {
        "id": legacy_id(fulfillment["id"]),
        "admin_graphql_api_id": fulfillment["id"],
        "order_id": legacy_id(order["id"]),
        "name": fulfillment.get("name"),
        "status": lower(fulfillment.get("status")),
        "location_id": ref_id(fulfillment["location"]) if fulfillment.get("location") else None,
        "notify_customer": bool(fulfillment.get("notifyCustomer")),
        "created_at": fulfillment.get("createdAt"),
        "updated_at": fulfillment.get("updatedAt"),
        "tracking_company": tracking[0].get("company") if tracking else None,
        "tracking_number": tracking[0].get("number") if tracking else None,
        "tracking_numbers": [str(t.get("number")) for t in tracking if t.get("number")],
        "tracking_url": tracking[0].get("url") if tracking else None,
        "tracking_urls": [str(t.get("url")) for t in tracking if t.get("url")],
        "line_items": lines,
    }
