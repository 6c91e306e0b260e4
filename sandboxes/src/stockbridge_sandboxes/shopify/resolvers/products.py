"""Products: validation, creation, `productCreate/Update/Delete` (variants: `variants.py`)."""

from __future__ import annotations

from typing import Any

from graphql import GraphQLResolveInfo

from stockbridge_sandboxes.shopify.resolvers.collections import join_collections
from stockbridge_sandboxes.shopify.resolvers.inventory import delete_variant_stock
from stockbridge_sandboxes.shopify.resolvers.media import add_media, media_errors
from stockbridge_sandboxes.shopify.resolvers.metafields import set_metafields
from stockbridge_sandboxes.shopify.resolvers.options import (
    new_option,
    refresh,
    variants_of,
)
from stockbridge_sandboxes.shopify.resolvers.payloads import (
    normalize_tags,
    slug,
    too_long,
    unique_handle,
    user_error,
)
from stockbridge_sandboxes.shopify.resolvers.registry import Context, mutation
from stockbridge_sandboxes.shopify.resolvers.taxonomy import apply_category, check_category
from stockbridge_sandboxes.shopify.store import Obj, Store, ref
from stockbridge_sandboxes.shopify.webhook_bodies import product_body, product_deleted_body

STATUSES = ("ACTIVE", "ARCHIVED", "DRAFT", "UNLISTED")
TEXT_FIELDS = {
    "title": "Title",
    "handle": "Handle",
    "vendor": "Vendor",
    "productType": "Product type",
}
SCALARS = (
    "title",
    "descriptionHtml",
    "vendor",
    "productType",
    "status",
    "templateSuffix",
    "giftCardTemplateSuffix",
    "requiresSellingPlan",
)


def _validate(data: Obj, root: str) -> list[Obj]:
    errors = []
    for key, label in TEXT_FIELDS.items():
        problem = too_long(data.get(key), [key], label)
        if problem:
            errors.append(problem)
    if too_long(data.get("productType"), ["productType"], "Product type"):
        errors.append(
            user_error(
                ["customProductType"],
                "Custom product type is too long (maximum is 255 characters)",
            )
        )
    for tag in data.get("tags") or []:
        if len(tag) > 255:
            # Recorded wording differs by root: create names the limit, update does not.
            message = (
                "Product tags is invalid"
                if root == "productUpdate"
                else "Tags is too long (maximum is 255 characters)"
            )
            errors.append(user_error(["tags"], message))
            break
    return errors


def default_location(store: Store) -> Obj:
    locations = [o for o in store.all("Location") if o.get("isActive", True)]
    if locations:
        return locations[0]
    from stockbridge_sandboxes.shopify.resolvers.location_add import merchant_location

    return store.put("gid://shopify/Location/1", merchant_location(store, "Shop location"))


def _weight_unit(store: Store) -> str:
    for shop in store.all("Shop"):
        if isinstance(shop.get("weightUnit"), str):
            return str(shop["weightUnit"])
    return "KILOGRAMS"


def new_variant(store: Store, product: Obj, fields: Obj) -> Obj:
    now = store.now()
    item = store.create(
        "InventoryItem",
        {
            "sku": fields.get("sku"),
            "tracked": False,
            "requiresShipping": True,
            "inventoryLevels": [],
            # Shopify gives a new item a zero weight in the shop's unit (kilograms by default).
            "measurement": {"weight": {"unit": _weight_unit(store), "value": 0}},
            "createdAt": now,
            "updatedAt": now,
        },
    )
    variant = store.create(
        "ProductVariant",
        {
            "title": "Default Title",
            "price": "0.00",
            "compareAtPrice": None,
            "sku": None,
            "barcode": None,
            "inventoryPolicy": "DENY",
            "taxable": True,
            "selectedOptions": [{"name": "Title", "value": "Default Title"}],
            "createdAt": now,
            "updatedAt": now,
            **fields,
        },
    )
    variant["product"] = ref(product["id"])
    variant["inventoryItem"] = ref(item["id"])
    item["variant"] = ref(variant["id"])
    store.set_sku(item, variant.get("sku"))
    product.setdefault("variants", []).append(ref(variant["id"]))
    variant["position"] = len(product["variants"])
    return variant


def create_product(store: Store, data: Obj) -> Obj:
    now = store.now()
    title = data.get("title") or ""
    handle = unique_handle(store, "Product", data.get("handle") or slug(title))
    product = store.create(
        "Product",
        {
            "title": title,
            "handle": handle,
            "descriptionHtml": data.get("descriptionHtml") or "",
            "vendor": data.get("vendor") or "",
            "productType": data.get("productType") or "",
            "status": data.get("status") or "ACTIVE",
            "tags": normalize_tags(data.get("tags")),
            "createdAt": now,
            "updatedAt": now,
            "publishedAt": now,
            "variants": [],
            "options": [],
            "templateSuffix": data.get("templateSuffix"),
            "giftCardTemplateSuffix": data.get("giftCardTemplateSuffix"),
            "isGiftCard": bool(data.get("giftCard")),
            "requiresSellingPlan": bool(data.get("requiresSellingPlan")),
            "seo": {
                "title": (data.get("seo") or {}).get("title"),
                "description": (data.get("seo") or {}).get("description"),
            },
        },
    )
    options = data.get("productOptions") or []
    if options:
        first: list[Obj] = []
        for index, option in enumerate(options):
            values = [v.get("name") for v in option.get("values") or []]
            new_option(store, product, option.get("name") or "", values, index + 1)
            if values:
                first.append({"name": option.get("name"), "value": values[0]})
        new_variant(
            store,
            product,
            {
                "title": " / ".join(str(c["value"]) for c in first),
                "selectedOptions": first,
            },
        )
    else:
        new_option(store, product, "Title", ["Default Title"], 1)
        new_variant(store, product, {})
    set_metafields(store, product, data.get("metafields"))
    apply_category(store, product, data)
    join_collections(store, product, data.get("collectionsToJoin"))
    if product["isGiftCard"]:
        for variant in variants_of(store, product):
            variant["taxable"] = False
            item = store.deref(variant.get("inventoryItem"))
            if item is not None:
                item["requiresShipping"] = False
    refresh(store, product)
    return product


def _product_input(args: dict[str, Any]) -> Obj:
    return dict(args.get("product") or args.get("input") or {})


def emit_product(ctx: Context, topic: str, product: Obj) -> None:
    """After a product or variant mutation: its total is current again, and subscribers hear."""
    product.pop("__heldUntil", None)
    ctx.emit(topic, product_body(ctx.store, product))


@mutation("productCreate")
def product_create(ctx: Context, _s: Any, args: dict[str, Any], _i: GraphQLResolveInfo) -> Any:
    data = _product_input(args)
    check_category(ctx.store, data)
    if data.get("id"):
        return {
            "product": None,
            "userErrors": [user_error(["id"], "Cannot specify 'id' when creating a product")],
        }
    errors = _validate(data, "productCreate")
    if not (data.get("title") or "").strip():
        errors.insert(0, user_error(["title"], "Title can't be blank"))
    errors += [user_error(e["field"], e["message"]) for e in media_errors(args.get("media"))]
    if errors:
        return {"product": None, "userErrors": errors}
    product = create_product(ctx.store, data)
    add_media(ctx, product, args.get("media"))
    emit_product(ctx, "products/create", product)
    return {"product": product, "userErrors": []}


@mutation("productUpdate")
def product_update(ctx: Context, _s: Any, args: dict[str, Any], _i: GraphQLResolveInfo) -> Any:
    data = _product_input(args)
    check_category(ctx.store, data)
    gid = data.get("id") or (args.get("identifier") or {}).get("id")
    product = ctx.store.get(gid, "Product")
    if product is None:
        return {"product": None, "userErrors": [user_error(["id"], "Product does not exist")]}
    errors = _validate(data, "productUpdate")
    if "title" in data and not (data.get("title") or "").strip():
        errors.insert(0, user_error(["title"], "Title can't be blank"))
    errors += [user_error(e["field"], e["message"]) for e in media_errors(args.get("media"))]
    if errors:
        return {"product": product, "userErrors": errors}
    add_media(ctx, product, args.get("media"))
    for key in SCALARS:
        if key in data and data[key] is not None:
            product[key] = data[key]
    if data.get("handle"):
        handle = unique_handle(ctx.store, "Product", data["handle"], product["id"])
        ctx.store.put(product["id"], {"handle": handle})
    if "tags" in data and data["tags"] is not None:
        product["tags"] = normalize_tags(data["tags"])
    set_metafields(ctx.store, product, data.get("metafields"))
    apply_category(ctx.store, product, data)
    join_collections(
        ctx.store, product, data.get("collectionsToJoin"), data.get("collectionsToLeave")
    )
    if data.get("seo") is not None:
        seo = dict(product.get("seo") or {})
        seo.update({k: v for k, v in data["seo"].items() if k in ("title", "description")})
        product["seo"] = seo
    product["updatedAt"] = ctx.store.now()
    emit_product(ctx, "products/update", product)
    return {"product": product, "userErrors": []}


@mutation("productDelete")
def product_delete(ctx: Context, _s: Any, args: dict[str, Any], _i: GraphQLResolveInfo) -> Any:
    gid = (args.get("input") or {}).get("id")
    product = ctx.store.get(gid, "Product")
    if product is None:
        return {
            "deletedProductId": None,
            "userErrors": [user_error(["id"], "Product does not exist")],
        }
    for item in product.get("variants") or []:
        variant = ctx.store.deref(item)
        if variant is not None:
            delete_variant_stock(ctx.store, variant)
    ctx.store.delete(product["id"])
    ctx.emit("products/delete", product_deleted_body(product))
    return {"deletedProductId": product["id"], "userErrors": [], "productDeleteOperation": None}
