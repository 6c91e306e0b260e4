"""Changes to an existing collection: `collectionAddProducts`, `collectionRemoveProducts`
and `collectionReorderProducts` (asynchronous jobs on Shopify), `collectionUpdate` (a job when
a smart collection's rules change); and the handle / identifier lookups."""

from __future__ import annotations

import re
import uuid
from typing import Any

from graphql import GraphQLResolveInfo

from stockbridge_sandboxes.shopify.resolvers.metafields import set_metafields
from stockbridge_sandboxes.shopify.resolvers.payloads import unique_handle, user_error
from stockbridge_sandboxes.shopify.resolvers.reads import shop
from stockbridge_sandboxes.shopify.resolvers.registry import Context, computed, mutation, query
from stockbridge_sandboxes.shopify.store import Obj, ref

MISSING_COLLECTION = "Collection does not exist"


def _job() -> Obj:
    return {"id": f"gid://shopify/Job/{uuid.uuid4()}", "done": False}


def _smart(collection: Obj) -> bool:
    rule_set = collection.get("ruleSet")
    return isinstance(rule_set, dict) and bool(rule_set.get("rules"))


@mutation("collectionAddProducts")
def add_products(ctx: Context, _s: Any, args: dict[str, Any], _i: GraphQLResolveInfo) -> Any:
    store = ctx.store
    collection = store.get(args.get("id"), "Collection")
    if collection is None:
        return {"collection": None, "userErrors": [user_error(["id"], MISSING_COLLECTION)]}
    for index, gid in enumerate(args.get("productIds") or []):
        if store.get(gid, "Product") is None:
            error = user_error(["productIds", str(index)], "Product does not exist")
            return {"collection": None, "userErrors": [error]}
    key = "__added" if _smart(collection) else "products"
    entries = collection.setdefault(key, [])
    for gid in args.get("productIds") or []:
        if ref(gid) not in entries:
            entries.append(ref(gid))
    collection["updatedAt"] = store.now()
    return {"collection": collection, "userErrors": []}


@mutation("collectionRemoveProducts")
def remove_products(ctx: Context, _s: Any, args: dict[str, Any], _i: GraphQLResolveInfo) -> Any:
    collection = ctx.store.get(args.get("id"), "Collection")
    if collection is None:
        return {"job": None, "userErrors": [user_error(["id"], MISSING_COLLECTION)]}
    gone = {ref(gid)["__ref"] for gid in args.get("productIds") or []}
    for key in ("products", "__added"):
        collection[key] = [e for e in collection.get(key) or [] if e.get("__ref") not in gone]
    collection["updatedAt"] = ctx.store.now()
    return {"job": _job(), "userErrors": []}


@mutation("collectionUpdate")
def update(ctx: Context, _s: Any, args: dict[str, Any], _i: GraphQLResolveInfo) -> Any:
    store = ctx.store
    data = args.get("input") or args.get("collection") or {}
    collection = store.get(data.get("id"), "Collection")

    def fail(field: list[str], message: str) -> Obj:
        return {"collection": None, "job": None, "userErrors": [user_error(field, message)]}

    if collection is None:
        return fail(["id"], MISSING_COLLECTION)
    rule_set = data.get("ruleSet")
    if rule_set is not None and not _smart(collection):
        return fail(["id"], "Cannot update rule set of a custom collection")
    if rule_set is not None and not rule_set.get("rules"):
        return fail(["ruleSet", "rules"], "Rules cannot be an empty set")
    title = data.get("title")
    if title is not None and not title.strip():
        return fail(["title"], "Title can't be blank")
    if title is not None and len(title) > 255:
        return fail(["title"], "Title is too long (maximum is 255 characters)")
    for key in ("title", "sortOrder", "templateSuffix"):
        if key in data:
            collection[key] = data[key]
    if data.get("handle"):
        handle = unique_handle(store, "Collection", data["handle"], collection["id"])
        store.put(collection["id"], {"handle": handle})
    if "descriptionHtml" in data:
        html = data["descriptionHtml"] or ""
        collection["descriptionHtml"] = html
        collection["description"] = re.sub(r"<[^>]+>", "", html)
    if data.get("seo") is not None:
        collection["seo"] = {**(collection.get("seo") or {}), **data["seo"]}
    set_metafields(store, collection, data.get("metafields"))
    job = None
    if rule_set is not None:
        collection["ruleSet"] = {
            "appliedDisjunctively": bool(rule_set.get("appliedDisjunctively")),
            "rules": [
                {
                    "column": r.get("column"),
                    "relation": r.get("relation"),
                    "condition": r.get("condition"),
                }
                for r in rule_set["rules"]
            ],
        }
        job = _job()  # Shopify recomputes the membership in the background
    collection["updatedAt"] = store.now()
    return {"collection": collection, "job": job, "userErrors": []}


@mutation("collectionReorderProducts")
def reorder_products(ctx: Context, _s: Any, args: dict[str, Any], _i: GraphQLResolveInfo) -> Any:
    """Moves products of a manually sorted custom collection (a job on Shopify)."""
    collection = ctx.store.get(args.get("id"), "Collection")
    if collection is None:
        error = user_error(["id"], "Collection does not exist", "COLLECTION_NOT_FOUND")
        return {"job": None, "userErrors": [error]}
    if _smart(collection) or collection.get("sortOrder") != "MANUAL":
        message = "Can't reorder products unless collection is manually sorted"
        return {
            "job": None,
            "userErrors": [user_error(["id"], message, "MANUALLY_SORTED_COLLECTION")],
        }
    entries = list(collection.get("products") or [])
    for move in args.get("moves") or []:
        entry = ref(move["id"])
        if entry not in entries:
            error = user_error(["moves"], "Product is not in the collection", "INVALID_MOVE")
            return {"job": None, "userErrors": [error]}
        entries.remove(entry)
        entries.insert(min(int(move["newPosition"]), len(entries)), entry)
    collection["products"] = entries
    collection["updatedAt"] = ctx.store.now()
    return {"job": _job(), "userErrors": []}


@query("collectionByHandle")
def by_handle(ctx: Context, _s: Any, args: dict[str, Any], _i: GraphQLResolveInfo) -> Any:
    return _by_handle(ctx, args.get("handle"))


@query("collectionByIdentifier")
def by_identifier(ctx: Context, _s: Any, args: dict[str, Any], _i: GraphQLResolveInfo) -> Any:
    identifier = args.get("identifier") or {}
    if identifier.get("id"):
        return ctx.store.get(identifier["id"], "Collection")
    if identifier.get("handle"):
        return _by_handle(ctx, identifier["handle"])
    return None


def _by_handle(ctx: Context, handle: Any) -> Obj | None:
    return next(
        (
            c
            for c in ctx.store.all("Collection")
            if c.get("handle") == handle and not c.get("__deleted")
        ),
        None,
    )


@mutation("collectionDelete")
def delete(ctx: Context, _s: Any, args: dict[str, Any], _i: GraphQLResolveInfo) -> Any:
    gid = (args.get("input") or {}).get("id")
    if ctx.store.get(gid, "Collection") is None:
        error = user_error(["id"], MISSING_COLLECTION)
        return {"deletedCollectionId": None, "userErrors": [error]}
    ctx.store.delete(str(gid))
    ctx.emit("collections/delete", {"id": gid})
    return {"deletedCollectionId": gid, "userErrors": []}


@computed("CollectionDeletePayload", "shop")
def payload_shop(ctx: Context, _src: Any, args: dict[str, Any], info: GraphQLResolveInfo) -> Any:
    return shop(ctx, None, args, info)
