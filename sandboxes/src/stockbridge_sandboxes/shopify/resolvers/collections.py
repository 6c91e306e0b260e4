"""Collections: `collectionCreate` (custom with products, smart with rules) and membership.

A smart collection's products are computed from its rules (TAG, TITLE, TYPE, VENDOR,
VARIANT_PRICE, VARIANT_TITLE, VARIANT_INVENTORY...), all of them or any of them as
`appliedDisjunctively` says.
"""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation
from typing import Any

from graphql import GraphQLResolveInfo

from stockbridge_sandboxes.shopify.resolvers.metafields import set_metafields
from stockbridge_sandboxes.shopify.resolvers.options import variants_of
from stockbridge_sandboxes.shopify.resolvers.payloads import slug, unique_handle, user_error
from stockbridge_sandboxes.shopify.resolvers.registry import Context, computed, mutation
from stockbridge_sandboxes.shopify.store import Obj, Store, is_ref, ref


def _values(store: Store, product: Obj, column: str) -> list[Any]:
    if column == "TAG":
        return list(product.get("tags") or [])
    if column == "TITLE":
        return [product.get("title")]
    if column == "TYPE":
        return [product.get("productType")]
    if column == "VENDOR":
        return [product.get("vendor")]
    variants = variants_of(store, product)
    if column == "VARIANT_PRICE":
        return [v.get("price") for v in variants]
    if column == "VARIANT_COMPARE_AT_PRICE":
        return [v.get("compareAtPrice") for v in variants]
    if column == "VARIANT_TITLE":
        return [v.get("title") for v in variants]
    if column == "VARIANT_INVENTORY":
        return [v.get("inventoryQuantity") for v in variants]
    return []


def _number(value: Any) -> Decimal | None:
    try:
        return Decimal(str(value))
    except (InvalidOperation, ValueError):
        return None


def _rule_matches(store: Store, product: Obj, rule: Obj) -> bool | None:
    """Whether `product` meets `rule`; None when it holds none of the values the rule reads
    (a recorded product the recording showed without them)."""
    relation = rule.get("relation")
    condition = str(rule.get("condition") or "")
    values = [v for v in _values(store, product, str(rule.get("column"))) if v is not None]
    if not values:
        return None if _unknown(store, product, str(rule.get("column"))) else False
    for value in values:
        text, wanted = str(value).lower(), condition.lower()
        if relation == "EQUALS" and text == wanted:
            return True
        if relation == "NOT_EQUALS" and text != wanted:
            return True
        if relation == "CONTAINS" and wanted in text:
            return True
        if relation == "NOT_CONTAINS" and wanted not in text:
            return True
        if relation == "STARTS_WITH" and text.startswith(wanted):
            return True
        if relation == "ENDS_WITH" and text.endswith(wanted):
            return True
        a, b = _number(value), _number(condition)
        if (
            a is not None
            and b is not None
            and ((relation == "GREATER_THAN" and a > b) or (relation == "LESS_THAN" and a < b))
        ):
            return True
    return False


COLUMN_FIELDS = {
    "TAG": "tags",
    "TITLE": "title",
    "TYPE": "productType",
    "VENDOR": "vendor",
    "VARIANT_PRICE": "price",
    "VARIANT_COMPARE_AT_PRICE": "compareAtPrice",
    "VARIANT_TITLE": "title",
    "VARIANT_INVENTORY": "inventoryQuantity",
}


def _unknown(store: Store, product: Obj, column: str) -> bool:
    """The sandbox does not know the field a rule column reads for this product: a recorded
    product (or its variants) shown without it."""
    name = COLUMN_FIELDS.get(column)
    if name is None:
        return True
    if not column.startswith("VARIANT_"):
        return name not in product
    variants = variants_of(store, product)
    return not variants or any(name not in v for v in variants)


def _recorded(store: Store, collection: Obj) -> list[Obj]:
    out = []
    for entry in collection.get("products") or []:
        product = store.deref(entry) if is_ref(entry) else entry
        if isinstance(product, dict) and not product.get("__deleted"):
            out.append(product)
    return out


def members(store: Store, collection: Obj) -> list[Obj]:
    """A custom collection's products; a smart collection's are those its rules select, and
    the ones a recording showed in it whose rule fields the sandbox does not hold."""
    rule_set = store.deref(collection.get("ruleSet"))
    if not (isinstance(rule_set, dict) and rule_set.get("rules")):
        return _recorded(store, collection)
    rules = rule_set["rules"]
    disjunctive = bool(rule_set.get("appliedDisjunctively"))

    def verdict(product: Obj) -> bool | None:
        results = [_rule_matches(store, product, r) for r in rules]
        if disjunctive:
            return True if True in results else (None if None in results else False)
        return False if False in results else (None if None in results else True)

    out = [p for p in _recorded(store, collection) if verdict(p) is not False]
    for entry in collection.get("__added") or []:  # added by collectionAddProducts
        product = store.deref(entry)
        if isinstance(product, dict) and product not in out and not product.get("__deleted"):
            out.append(product)
    seen = {p["id"] for p in out}
    out.extend(
        p
        for p in store.all("Product")
        if not p.get("__deleted") and p["id"] not in seen and verdict(p) is True
    )
    return out


@mutation("collectionCreate")
def collection_create(ctx: Context, _s: Any, args: dict[str, Any], _i: GraphQLResolveInfo) -> Any:
    store = ctx.store
    data = dict(args.get("input") or args.get("collection") or {})
    title = data.get("title") or ""

    def fail(field: list[Any], message: str) -> Any:
        return {"collection": None, "userErrors": [user_error(field, message)]}

    if data.get("id"):
        return fail(["id"], "id cannot be specified on collection creation")
    if not title.strip():
        return fail(["title"], "Title can't be blank")
    if len(title) > 255:
        return fail(["title"], "Title is too long (maximum is 255 characters)")
    rule_set = data.get("ruleSet")
    if rule_set is not None and rule_set.get("rules") is None:
        return fail(["ruleSet", "rules"], "Rules cannot be an empty set")
    if rule_set is not None and not rule_set["rules"]:
        rule_set = None  # an empty list of rules makes a custom collection, as on Shopify
    products = []
    for index, gid in enumerate(data.get("products") or []):
        if store.get(gid, "Product") is None:
            return fail(["products", str(index)], "Product does not exist")
        products.append(ref(gid))
    now = store.now()
    html = data.get("descriptionHtml") or ""
    collection = store.create(
        "Collection",
        {
            "title": title,
            "handle": unique_handle(store, "Collection", data.get("handle") or slug(title)),
            "descriptionHtml": html,
            "description": re.sub(r"<[^>]+>", "", html),
            "sortOrder": data.get("sortOrder") or "BEST_SELLING",
            "templateSuffix": data.get("templateSuffix"),
            "ruleSet": {
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
            if rule_set
            else None,
            "products": products,
            "seo": {
                "title": (data.get("seo") or {}).get("title"),
                "description": (data.get("seo") or {}).get("description"),
            },
            "updatedAt": now,
            "image": None,
        },
    )
    set_metafields(store, collection, data.get("metafields"))
    ctx.emit("collections/create", {"id": collection["id"], "title": title})
    # Membership is counted after the create: its own payload says 0 (recorded behaviour).
    ctx.counting.add(collection["id"])
    return {"collection": collection, "userErrors": []}


@computed("Collection", "products")
def collection_products(ctx: Context, src: Obj, _a: dict[str, Any], _i: GraphQLResolveInfo) -> Any:
    return members(ctx.store, src)


@computed("Collection", "productsCount")
def collection_count(ctx: Context, src: Obj, _a: dict[str, Any], _i: GraphQLResolveInfo) -> Any:
    if src.get("id") in ctx.counting:
        return {"count": 0, "precision": "EXACT"}
    if (
        "products" not in src
        and "ruleSet" not in src
        and isinstance(src.get("productsCount"), dict)
    ):
        return src["productsCount"]
    beyond = ctx.store.remainder.collection_members_not_held(str(src.get("id")))
    return {"count": len(members(ctx.store, src)) + beyond, "precision": "EXACT"}


@computed("Collection", "hasProduct")
def has_product(ctx: Context, src: Obj, args: dict[str, Any], _i: GraphQLResolveInfo) -> Any:
    return any(p.get("id") == args.get("id") for p in members(ctx.store, src))


def join_collections(
    store: Store, product: Obj, join: list[str] | None, leave: list[str] | None = None
) -> None:
    """`collectionsToJoin` / `collectionsToLeave` on product inputs (custom collections)."""
    for gid in join or []:
        collection = store.get(gid, "Collection")
        if collection is not None and not collection.get("ruleSet"):
            entries = collection.setdefault("products", [])
            if ref(product["id"]) not in entries:
                entries.append(ref(product["id"]))
    for gid in leave or []:
        collection = store.get(gid, "Collection")
        if collection is not None:
            collection["products"] = [
                e for e in collection.get("products") or [] if e != ref(product["id"])
            ]


@computed("Product", "collections")
def product_collections(ctx: Context, src: Obj, _a: dict[str, Any], _i: GraphQLResolveInfo) -> Any:
    found = [
        c
        for c in ctx.store.all("Collection")
        if any(p.get("id") == src.get("id") for p in members(ctx.store, c))
    ]
    recorded = [ctx.store.deref(e) if is_ref(e) else e for e in src.get("collections") or []]
    for collection in recorded:
        if isinstance(collection, dict) and collection not in found:
            found.append(collection)
    return found
