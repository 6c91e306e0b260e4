"""Relay connections over lists of objects: `query:` filter, sort keys, cursors, pageInfo."""

from __future__ import annotations

import base64
import re
from typing import Any

from graphql import GraphQLError

from stockbridge_sandboxes.shopify import search_fields
from stockbridge_sandboxes.shopify.gid import gid_number
from stockbridge_sandboxes.shopify.search import matches
from stockbridge_sandboxes.shopify.store import Obj, Store

MAX_PAGE = 250


def cursor_for(obj: Obj) -> str:
    return base64.b64encode(f'{{"last_id":{_numeric_id(obj)}}}'.encode()).decode()


def _numeric_id(obj: Obj) -> int:
    number = gid_number(str(obj.get("id", "")))
    return int(number) if number.isdigit() else 0


def _cursor_id(cursor: str) -> int | None:
    try:
        decoded = base64.b64decode(cursor.encode()).decode()
    except ValueError:
        return None
    match = re.search(r'"last_id":(\d+)', decoded)
    return int(match.group(1)) if match else None


def _camel(name: str) -> str:
    head, *rest = name.split("_")
    return head + "".join(part.capitalize() for part in rest)


KNOWN_FIELDS = {
    "title",
    "handle",
    "vendor",
    "product_type",
    "status",
    "tag",
    "tag_not",
    "sku",
    "barcode",
    "email",
    "phone",
    "first_name",
    "last_name",
    "name",
    "created_at",
    "updated_at",
    "published_status",
    "inventory_total",
    "id",
    "state",
    "financial_status",
    "fulfillment_status",
    "gift_card",
    "location_id",
    "product_id",
    "customer_id",
}


def search_values(store: Store, obj: Obj, field: str) -> list[Any] | None:
    """Values of a search field on an object: [] when the object has none of a field the
    sandbox knows (so it does not match), None for fields it does not know (fail open)."""
    if field == "id":
        return [_numeric_id(obj)]
    if field in ("tag", "tag_not"):
        tags = obj.get("tags")
        return list(tags) if isinstance(tags, list) else []
    if field in ("sku", "barcode"):
        if isinstance(obj.get("variants"), list):
            out = []
            for item in obj["variants"]:
                variant = store.deref(item) or {}
                out.append(variant.get(field))
            return out
        return [obj[field]] if field in obj else []
    if field == "name" and isinstance(obj.get("name"), str):
        return [obj["name"], obj["name"].lstrip("#")]
    if "/Order/" in str(obj.get("id", "")) and field in ("status", "fulfillment_status"):
        return search_fields.order_search_values(obj, field)
    if field in ("financial_status", "fulfillment_status"):
        key = (
            "displayFinancialStatus"
            if field == "financial_status"
            else ("displayFulfillmentStatus")
        )
        value = obj.get(key)
        return [str(value).lower()] if value else []
    if field == "collection_type" and "ruleSet" in obj:
        rule_set = store.deref(obj.get("ruleSet"))
        return ["smart" if isinstance(rule_set, dict) and rule_set.get("rules") else "custom"]
    if field == "inventory_total":
        return [obj.get("totalInventory")]
    if field in ("inventory_item_id", "location_id") and "item" in obj and "location" in obj:
        # An inventory level: searched by its item; `location_id` is no filter of level
        # listings (Shopify ignores it).
        if field == "location_id":
            return None
        linked = obj.get("item")
        return [_numeric_id({"id": linked["__ref"]})] if isinstance(linked, dict) else []
    if field == "status" and isinstance(obj.get("status"), str):
        return [obj["status"].lower(), obj["status"]]
    key = _camel(field)
    if key in obj:
        value = obj[key]
        return list(value) if isinstance(value, list) else [value]
    return [] if field in KNOWN_FIELDS else None


def _text(obj: Obj) -> str:
    parts = [
        str(obj.get(k) or "")
        for k in (
            "title",
            "name",
            "handle",
            "email",
            "firstName",
            "lastName",
            "vendor",
            "productType",
            "sku",
        )
    ]
    tags = obj.get("tags")
    if isinstance(tags, list):
        parts.extend(str(t) for t in tags)
    return " ".join(parts)


def _draft_line_titles(store: Store, obj: Obj) -> str:
    """A draft order's free-text search also reads its lines' titles."""
    if "/DraftOrder/" not in str(obj.get("id", "")):
        return ""
    lines = [store.deref(entry) for entry in obj.get("lineItems") or []]
    return " ".join(str(line.get("title") or "") for line in lines if isinstance(line, dict))


def search_text(store: Store, obj: Obj) -> str:
    """What a free-text search term is looked for in."""
    return f"{_text(obj)} {_draft_line_titles(store, obj)}"


def customer_sort_name(customer: Obj) -> str:
    """Shopify sorts customers by NAME on "last, first" (", " with no name, before any
    name). A recorded customer may show only its display name: "First Last", or its e-mail
    when it has no name."""
    if "firstName" in customer or "lastName" in customer:
        first, last = customer.get("firstName") or "", customer.get("lastName") or ""
    else:
        display = str(customer.get("displayName") or "")
        if not display or display == customer.get("email") or "@" in display:
            first, last = "", ""
        else:
            first, _, last = display.rpartition(" ")
    return f"{last}, {first}"


def _location_value(store: Store, obj: Obj) -> tuple[int, list[str], int]:
    """Shopify's LOCATION sort: the default address's country, province and city
    (case-insensitive); objects without an address come last."""
    address = store.deref(obj.get("defaultAddress"))
    if not isinstance(address, dict):
        return (1, [], _numeric_id(obj))
    parts = [str(address.get(k) or "").lower() for k in ("country", "province", "city")]
    return (0, parts, _numeric_id(obj))


UNKEYED_SORTS = ("ID", "RELEVANCE", "POSITION", "MANUAL", "BEST_SELLING", "COLLECTION_DEFAULT")


def _sort_field(obj: Obj, sort_key: str) -> str:
    key = _camel(sort_key.lower())
    if sort_key == "INVENTORY_TOTAL":
        key = "totalInventory"
    if sort_key == "ORDER_NUMBER":
        key = "name"
    if sort_key == "TOTAL_PRICE" and "totalPrice" not in obj:
        key = "totalPriceSet"  # a money bag: sorted by its shop amount
    if sort_key == "NAME" and "displayName" in obj:
        key = "displayName"
    return key


def _unknown_sort_value(store: Store, obj: Obj, sort_key: str) -> bool:
    """An object the store holds in part, without the sort's field (remainder.py)."""
    if sort_key in UNKEYED_SORTS or not store.remainder.known_in_part(obj):
        return False
    if sort_key == "NAME" and "/Customer/" in str(obj.get("id", "")):
        return False
    return _sort_field(obj, sort_key) not in obj


def _sort_value(obj: Obj, sort_key: str) -> Any:
    """A key that orders any mix of values: missing < numbers < text, ties by id."""
    if sort_key in UNKEYED_SORTS:
        return (1, _numeric_id(obj), "", _numeric_id(obj))
    key = _sort_field(obj, sort_key)
    value = obj.get(key)
    if sort_key == "NAME" and "/Customer/" in str(obj.get("id", "")):
        value = customer_sort_name(obj)
    if isinstance(value, bool):
        value = int(value)
    if isinstance(value, dict) and isinstance(value.get("shopMoney"), dict):
        value = float(value["shopMoney"].get("amount") or 0)
    if isinstance(value, int | float):
        return (1, value, "", _numeric_id(obj))
    if isinstance(value, str):
        return (2, 0, value.lower(), _numeric_id(obj))
    return (0, 0, "", _numeric_id(obj))


def check_window(args: dict[str, Any]) -> None:
    """Shopify requires exactly one of `first`/`last` on a connection."""
    first, last = args.get("first"), args.get("last")
    if first is None and last is None:
        raise GraphQLError(
            "you must provide one of first or last", extensions={"code": "BAD_REQUEST"}
        )
    if first is not None and last is not None:
        raise GraphQLError(
            "providing both first and last is not supported", extensions={"code": "BAD_REQUEST"}
        )


def build(
    store: Store,
    items: list[Any],
    args: dict[str, Any],
    *,
    ordered: bool = False,
    more: bool = False,
    more_with_query: bool = False,
) -> Obj:
    """Filter, sort and page `items`; `more` says the source knows of items beyond these
    (the store's remainder), so the last known page is not the last; it is
    ignored under a search query unless `more_with_query` says it was known for that query."""
    objs: list[Obj] = [o for o in (store.deref(i) for i in items) if isinstance(o, dict)]
    query = args.get("query")
    if query:
        objs = [
            o
            for o in objs
            if matches(
                o,
                query,
                lambda ob, f: search_values(store, ob, f),
                lambda ob: search_text(store, ob),
            )
        ]
    sort_key = args.get("sortKey")
    if sort_key == "INVENTORY_TOTAL":
        from stockbridge_sandboxes.shopify.resolvers.product_fields import product_total

        objs.sort(key=lambda o: (product_total(store, o) or 0, _numeric_id(o)))
    elif sort_key == "CREATED_AT" and any(not o.get("createdAt") for o in objs):
        # Objects held in part may lack `createdAt`; Shopify's ids grow with creation time,
        # and the sandbox's own objects were made after them.
        objs.sort(key=lambda o: (not store.remainder.known_in_part(o), _numeric_id(o)))
    elif sort_key == "LOCATION":
        objs.sort(key=lambda o: _location_value(store, o))
    elif sort_key in ("COLLECTION_DEFAULT", "MANUAL") and ordered:
        pass  # the collection's own order, as its members are listed
    elif sort_key:
        objs.sort(key=lambda o: _sort_value(o, str(sort_key)))
    elif not ordered:
        objs.sort(key=_numeric_id)
    if args.get("reverse"):
        objs.reverse()
    if sort_key and sort_key not in ("INVENTORY_TOTAL", "CREATED_AT", "LOCATION"):
        # An object held without its sort field ranks after the objects whose values are
        # known, either way round.
        unknown = [o for o in objs if _unknown_sort_value(store, o, str(sort_key))]
        if unknown:
            objs = [o for o in objs if not _unknown_sort_value(store, o, str(sort_key))] + unknown
    return page(objs, args, more=more and (more_with_query or not args.get("query")))


def page(objs: list[Obj], args: dict[str, Any], more: bool = False) -> Obj:
    start, end = 0, len(objs)
    after, before = args.get("after"), args.get("before")
    if after:
        target = _cursor_id(after)
        for index, obj in enumerate(objs):
            if _numeric_id(obj) == target:
                start = index + 1
                break
    if before:
        target = _cursor_id(before)
        for index, obj in enumerate(objs):
            if _numeric_id(obj) == target:
                end = index
                break
    window = objs[start:end]
    first, last = args.get("first"), args.get("last")
    has_next = end < len(objs) or (more and not args.get("before"))
    has_prev = start > 0
    if first is not None:
        has_next = has_next or len(window) > first
        window = window[:first]
    if last is not None:
        has_prev = has_prev or len(window) > last
        window = window[max(0, len(window) - last) :]
    edges = [{"cursor": cursor_for(o), "node": o} for o in window]
    return {
        "__connection": True,
        "edges": edges,
        "nodes": window,
        "pageInfo": {
            "hasNextPage": has_next,
            "hasPreviousPage": has_prev,
            "startCursor": edges[0]["cursor"] if edges else None,
            "endCursor": edges[-1]["cursor"] if edges else None,
        },
    }
