"""Which search fields each `query:` argument accepts, and Shopify's answer to the others.

Shopify ignores a term whose field the queried connection does not accept (the term matches
everything) and says so in `extensions.search`: the query, how it parsed it, and an
`invalid_field` warning per such field. The accepted fields are the ones Shopify's schema
documents for each root's `query` argument (admin 2026-07).
"""

from __future__ import annotations

import re
from typing import Any

from stockbridge_sandboxes.shopify.search import tokenize

_PRODUCT = frozenset(
    {
        "default",
        "barcode",
        "bundles",
        "category_id",
        "collection_id",
        "combined_listing_role",
        "created_at",
        "delivery_profile_id",
        "error_feedback",
        "gift_card",
        "handle",
        "has_only_composites",
        "has_only_default_variant",
        "has_variant_with_components",
        "id",
        "inventory_total",
        "is_price_reduced",
        "out_of_stock_somewhere",
        "price",
        "product_configuration_owner",
        "product_publication_status",
        "product_type",
        "publication_ids",
        "publishable_status",
        "published_at",
        "published_status",
        "sku",
        "status",
        "tag",
        "tag_not",
        "title",
        "tracks_inventory",
        "updated_at",
        "variant_id",
        "variant_title",
        "vendor",
    }
)
_ORDER = frozenset(
    {
        "default",
        "cart_token",
        "channel",
        "channel_id",
        "chargeback_status",
        "checkout_token",
        "confirmation_number",
        "created_at",
        "credit_card_last4",
        "current_total_price",
        "customer_id",
        "delivery_method",
        "discount_code",
        "email",
        "financial_status",
        "fraud_protection_level",
        "fulfillment_location_id",
        "fulfillment_status",
        "gateway",
        "id",
        "location_id",
        "name",
        "payment_id",
        "payment_provider_id",
        "po_number",
        "processed_at",
        "reference_location_id",
        "return_status",
        "risk_level",
        "sales_channel",
        "sku",
        "source_identifier",
        "source_name",
        "status",
        "subtotal_line_items_quantity",
        "tag",
        "tag_not",
        "test",
        "total_weight",
        "updated_at",
    }
)

# Root field -> the search fields its `query:` accepts.
_DRAFT_ORDER = frozenset(
    {"default", "created_at", "customer_id", "id", "source", "status", "tag", "updated_at"}
)

ACCEPTED: dict[str, frozenset[str]] = {
    # `completed_at` is not in the documented table, but bulk operations carry it and the
    # sandbox has always filtered on it: not warned about, for want of a recording.
    "carrierServices": frozenset({"active", "id"}),
    "bulkOperations": frozenset({"created_at", "completed_at", "id", "operation_type", "status"}),
    "collections": frozenset(
        {
            "default",
            "collection_type",
            "handle",
            "id",
            "product_id",
            "product_publication_status",
            "publishable_status",
            "published_at",
            "published_status",
            "title",
            "updated_at",
        }
    ),
    "customers": frozenset(
        {
            "default",
            "accepts_marketing",
            "country",
            "customer_date",
            "email",
            "first_name",
            "id",
            "last_abandoned_order_date",
            "last_name",
            "order_date",
            "orders_count",
            "phone",
            "state",
            "tag",
            "tag_not",
            "total_spent",
            "updated_at",
        }
    ),
    "customersCount": frozenset({"created_at", "id", "updated_at"}),
    "locations": frozenset(
        {
            "default",
            "active",
            "address1",
            "address2",
            "city",
            "country",
            "created_at",
            "geolocated",
            "id",
            "legacy",
            "location_id",
            "name",
            "pickup_in_store",
            "province",
            "zip",
        }
    ),
    "draftOrders": _DRAFT_ORDER,
    "draftOrdersCount": _DRAFT_ORDER | {"ids"},
    "orders": _ORDER,
    "ordersCount": _ORDER,
    "products": _PRODUCT,
    "productsCount": _PRODUCT,
    "webhookSubscriptions": frozenset({"created_at", "id", "updated_at"}),
    "webhookSubscriptionsCount": frozenset({"created_at", "endpoint", "id", "topic", "updated_at"}),
}

_FIELD_TERM = re.compile(r"^-?([\w.]+):(.*)$", re.S)
_RANGES = (("<=", "range_lte"), (">=", "range_gte"), ("<", "range_lt"), (">", "range_gt"))


def _field(token: str) -> str | None:
    match = _FIELD_TERM.match(token)
    return match.group(1) if match else None


def invalid_fields(query_text: str, root: str) -> list[str]:
    """The fields `query_text` names that `root`'s search does not accept, in order."""
    accepted = ACCEPTED.get(root)
    if accepted is None:
        return []
    out: list[str] = []
    for token in tokenize(query_text):
        field = _field(token)
        if field is not None and field.lower() not in accepted and field not in out:
            out.append(field)
    return out


CONNECTIVES = {"AND", "OR", "NOT", "(", "-(", ")"}


def _free_text(token: str) -> bool:
    return _field(token) is None and token.upper() not in CONNECTIVES


def effective_query(query_text: str | None, root: str) -> str | None:
    """`query_text` without the terms Shopify ignores for `root`: fields it does not accept,
    and free text where it takes no `default` field (as `customersCount` takes none)."""
    accepted = ACCEPTED.get(root)
    if not query_text or accepted is None:
        return query_text
    ignored = set(invalid_fields(query_text, root))
    tokens = tokenize(query_text)
    kept = [
        t
        for t in tokens
        if _field(t) not in ignored and ("default" in accepted or not _free_text(t))
    ]
    return query_text if len(kept) == len(tokens) else " ".join(kept)


def _term(token: str) -> dict[str, Any]:
    match = _FIELD_TERM.match(token)
    if match is None:
        return {"match_all": token.strip("\"'")}
    field, raw = match.group(1), match.group(2)
    for op, name in _RANGES:
        if raw.startswith(op):
            return {"field": field, name: raw[len(op) :].strip("\"'")}
    if len(raw) > 1 and raw[0] == raw[-1] and raw[0] in "\"'":
        return {"field": field, "match_phrase": raw[1:-1]}
    return {"field": field, "match_all": raw}


def parsed(query_text: str) -> dict[str, Any]:
    """Shopify's parse of a search: a term, or `and`/`or` lists of them."""
    tokens = tokenize(query_text)
    pos = 0

    def group(kind: str, items: list[dict[str, Any]]) -> dict[str, Any]:
        return items[0] if len(items) == 1 else {kind: items}

    def parse_or() -> dict[str, Any]:
        nonlocal pos
        items = [parse_and()]
        while pos < len(tokens) and tokens[pos].upper() == "OR":
            pos += 1
            items.append(parse_and())
        return group("or", items)

    def parse_and() -> dict[str, Any]:
        nonlocal pos
        items: list[dict[str, Any]] = []
        while pos < len(tokens) and tokens[pos] != ")" and tokens[pos].upper() != "OR":
            word = tokens[pos]
            pos += 1
            if word.upper() == "AND":
                continue
            if word in ("(", "-("):
                inner = parse_or()
                if pos < len(tokens) and tokens[pos] == ")":
                    pos += 1
                items.append({"not": inner} if word == "-(" else inner)
            elif word.startswith("-") and len(word) > 1:
                items.append({"not": _term(word[1:])})
            else:
                items.append(_term(word))
        return group("and", items) if items else {}

    return parse_or()


def warning_entry(path: list[Any], query_text: str, root: str) -> dict[str, Any] | None:
    """The `extensions.search` entry for a search naming fields `root` does not accept."""
    fields = invalid_fields(query_text, root)
    if not fields:
        return None
    return {
        "path": path,
        "query": query_text,
        "parsed": parsed(query_text),
        "warnings": [
            {"field": f, "message": "Invalid search field for this query.", "code": "invalid_field"}
            for f in fields
        ],
    }


# Order search values (admin 2026-07 `orders(query:)`): `status` is one of open, closed,
# cancelled, not_closed; `fulfillment_status` one of unshipped, shipped, fulfilled, partial,
# scheduled, on_hold, unfulfilled, request_declined. Each value names the orders it selects;
# an order answers every value it falls under (a cancelled order is also closed).
_ORDER_FULFILLMENT_VALUES = {
    "FULFILLED": ("shipped", "fulfilled"),
    "PARTIALLY_FULFILLED": ("partial", "unfulfilled"),
    "UNFULFILLED": ("unshipped", "unfulfilled"),
    "OPEN": ("unshipped", "unfulfilled"),
    "IN_PROGRESS": ("unshipped", "unfulfilled"),
    "PENDING_FULFILLMENT": ("unshipped", "unfulfilled"),
    "SCHEDULED": ("scheduled", "unfulfilled"),
    "ON_HOLD": ("on_hold", "unfulfilled"),
    "REQUEST_DECLINED": ("request_declined", "unfulfilled"),
}


def order_search_values(order: dict[str, Any], field: str) -> list[str] | None:
    """The values an order answers to for `status` and `fulfillment_status` (None: another
    field). REST's meanings: `shipped` is fulfilled, `partial` partly fulfilled, `unshipped`
    nothing fulfilled yet, `unfulfilled` anything left to fulfil (unshipped or partial)."""
    if field == "status":
        closed = bool(order.get("closed") or order.get("closedAt") or order.get("cancelledAt"))
        values = ["closed"] if closed else ["open", "not_closed"]
        if order.get("cancelledAt"):
            values.append("cancelled")
        return values
    if field == "fulfillment_status":
        status = str(order.get("displayFulfillmentStatus") or "")
        return list(_ORDER_FULFILLMENT_VALUES.get(status, (status.lower(),) if status else ()))
    return None
