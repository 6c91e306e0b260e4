"""Root reads: single objects by id, listings as connections, counts, node/nodes, shop."""

from __future__ import annotations

from typing import Any

from graphql import GraphQLError, GraphQLResolveInfo

from stockbridge_sandboxes.shopify import connections, search_fields
from stockbridge_sandboxes.shopify.gid import gid_type
from stockbridge_sandboxes.shopify.resolvers.registry import Context, computed, query
from stockbridge_sandboxes.shopify.resolvers.sku_lookup import sku_candidates
from stockbridge_sandboxes.shopify.search import matches
from stockbridge_sandboxes.shopify.store import Obj, Store

SINGLE = {
    "product": "Product",
    "productVariant": "ProductVariant",
    "inventoryItem": "InventoryItem",
    "inventoryLevel": "InventoryLevel",
    "location": "Location",
    "order": "Order",
    "customer": "Customer",
    "collection": "Collection",
    "fulfillmentOrder": "FulfillmentOrder",
    "webhookSubscription": "WebhookSubscription",
    "bulkOperation": "BulkOperation",
    "article": "Article",
    "draftOrder": "DraftOrder",
    "carrierService": "DeliveryCarrierService",
}
LISTS = {
    "products": "Product",
    "productVariants": "ProductVariant",
    "inventoryItems": "InventoryItem",
    "locations": "Location",
    "orders": "Order",
    "customers": "Customer",
    "collections": "Collection",
    "fulfillmentOrders": "FulfillmentOrder",
    "webhookSubscriptions": "WebhookSubscription",
    "draftOrders": "DraftOrder",
    "carrierServices": "DeliveryCarrierService",
}
COUNTS = {
    "productsCount": "Product",
    "ordersCount": "Order",
    "customersCount": "Customer",
    "webhookSubscriptionsCount": "WebhookSubscription",
    "draftOrdersCount": "DraftOrder",
    "collectionsCount": "Collection",
}
COUNT_ROOTS = {type_name: root for root, type_name in COUNTS.items()}


# Roots that answer an id of another type with RESOURCE_NOT_FOUND; the others
# answer null.
TYPED_ID_ROOTS = {"BulkOperation"}


def _single(type_name: str) -> Any:
    def resolve(ctx: Context, _src: Any, args: dict[str, Any], _info: GraphQLResolveInfo) -> Any:
        gid = args.get("id")
        if type_name in TYPED_ID_ROOTS and gid_type(gid) not in (None, type_name):
            raise GraphQLError(f"Invalid id: {gid}", extensions={"code": "RESOURCE_NOT_FOUND"})
        return ctx.store.get(gid, type_name)

    return resolve


def visible(obj: Obj) -> bool:
    return not obj.get("__deleted")


def _query_key(type_name: str, args: dict[str, Any]) -> tuple[str, str]:
    return (type_name, str(args.get("query") or "").strip())


def warn_search(ctx: Context, info: GraphQLResolveInfo, args: dict[str, Any]) -> None:
    """Add Shopify's `extensions.search` warning for search fields this root ignores."""
    query_text = args.get("query")
    if ctx.bulk or not query_text:
        return
    entry = search_fields.warning_entry(info.path.as_list(), str(query_text), info.field_name)
    if entry is not None:
        ctx.search.append(entry)


def saved_search_query(store: Store, args: dict[str, Any]) -> dict[str, Any]:
    """A listing given `savedSearchId` searches with that saved search's query (and its own
    `query`, when both are given)."""
    saved = store.get(args.get("savedSearchId"), "SavedSearch")
    if saved is None or not isinstance(saved.get("query"), str):
        return args
    own = str(args.get("query") or "").strip()
    combined = saved["query"] if not own else f"({saved['query']}) AND ({own})"
    return {**args, "query": combined}


def _listing(type_name: str) -> Any:
    def resolve(ctx: Context, _src: Any, args: dict[str, Any], info: GraphQLResolveInfo) -> Any:
        if not ctx.bulk:
            connections.check_window(args)
            warn_search(ctx, info, args)
        args = saved_search_query(ctx.store, args)
        type_key, query_key = _query_key(type_name, args)
        remainder = ctx.store.remainder
        known = remainder.known_results(type_key, query_key)
        narrowed = (
            None if known is not None else sku_candidates(ctx.store, type_name, args.get("query"))
        )
        source = ctx.store.all(type_name) if narrowed is None else narrowed
        items = [o for o in source if visible(o)]
        if type_name == "WebhookSubscription" and args.get("topics"):
            items = [o for o in items if o.get("topic") in args["topics"]]
        for field in ("uri", "callbackUrl", "format"):
            if type_name == "WebhookSubscription" and args.get(field):
                items = [o for o in items if o.get(field) == args[field]]
        if type_name == "Location" and not args.get("includeInactive"):
            items = [o for o in items if o.get("isActive", True) is not False]
        more = (
            remainder.continues(type_key, query_key)
            or (remainder.not_held(type_key, query_key) or 0) > 0
        )
        if known is not None:
            # The ids known to be this search's results match it.
            root = info.field_name if info is not None else ""
            items = matching(ctx.store, type_name, args.get("query"), items, root)
            args = {**args, "query": None}
        elif args.get("query"):
            root = info.field_name if info is not None else ""
            args = {**args, "query": search_fields.effective_query(args["query"], root)}
        return connections.build(ctx.store, items, args, more=more, more_with_query=True)

    return resolve


def matching(
    store: Store,
    type_name: str,
    query_text: str | None,
    items: list[Obj] | None = None,
    root: str = "",
) -> list[Obj]:
    """The visible objects of `type_name` (or of `items`) that `query_text` (Shopify search
    syntax) selects, counting those the store's remainder knows as results of the same search;
    terms the `root` field's search does not accept are ignored."""
    if items is None:
        items = [o for o in store.all(type_name) if visible(o)]
    if not query_text:
        return items
    shown = store.remainder.known_results(type_name, query_text.strip()) or set()
    query_text = search_fields.effective_query(query_text, root)
    if not query_text:
        return items
    return [
        o
        for o in items
        if o.get("id") in shown
        or matches(
            o,
            query_text,
            lambda ob, f: connections.search_values(store, ob, f),
            lambda ob: connections.search_text(store, ob),
        )
    ]


def _limit_given(info: GraphQLResolveInfo) -> bool:
    return any(a.name.value == "limit" for a in info.field_nodes[0].arguments or ())


def _count(type_name: str) -> Any:
    def resolve(ctx: Context, _src: Any, args: dict[str, Any], info: GraphQLResolveInfo) -> Any:
        store = ctx.store
        warn_search(ctx, info, args)
        items = matching(store, type_name, args.get("query"), root=info.field_name)
        limit = args.get("limit", 10000)
        if not ctx.at_least("2026-04") and not _limit_given(info):
            limit = None  # before 2026-04 counts were not capped by default
        beyond = store.remainder.not_held(*_query_key(type_name, args))
        if beyond is None:
            # Terms this root ignores leave the search without them.
            effective = search_fields.effective_query(args.get("query"), info.field_name)
            beyond = store.remainder.not_held(*_query_key(type_name, {"query": effective}))
        total = len(items) + (beyond or 0)
        if limit is not None and total > limit:
            return {"count": limit, "precision": "AT_LEAST"}
        return {"count": total, "precision": "EXACT"}

    return resolve


for _name, _type in SINGLE.items():
    query(_name)(_single(_type))
for _name, _type in LISTS.items():
    query(_name)(_listing(_type))
for _name, _type in COUNTS.items():
    query(_name)(_count(_type))


@query("node")
def node(ctx: Context, _src: Any, args: dict[str, Any], _info: GraphQLResolveInfo) -> Any:
    obj = ctx.store.get(args.get("id"))
    return obj if obj is not None and visible(obj) else None


@query("nodes")
def nodes(ctx: Context, _src: Any, args: dict[str, Any], _info: GraphQLResolveInfo) -> Any:
    out = []
    for gid in args.get("ids") or []:
        obj = ctx.store.get(gid)
        out.append(obj if obj is not None and visible(obj) and gid_type(gid) else None)
    return out


@query("shop")
def shop(ctx: Context, _src: Any, _args: dict[str, Any], _info: GraphQLResolveInfo) -> Any:
    return ensure_shop(ctx.store)


def ensure_shop(store: Store) -> Obj:
    """The sandbox's shop (made on first use when nothing seeded or hydrated one)."""
    shops = store.all("Shop")
    if shops:
        return shops[0]
    return store.put(
        "gid://shopify/Shop/1",
        {
            "name": "Stockbridge Sandbox",
            "myshopifyDomain": store.shop_domain,
            "email": "owner@example.com",
            "currencyCode": "USD",
            "plan": {},  # answered from the sandbox's plan (shop_plan.py)
        },
    )


@computed("Count", "count")
def count_value(_ctx: Context, src: Any, _args: dict[str, Any], _info: GraphQLResolveInfo) -> Any:
    return src.get("count", 0) if isinstance(src, dict) else 0
