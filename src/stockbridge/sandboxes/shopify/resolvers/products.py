"""Products, variants and options: create, update, delete, variant bulk roots, tags."""

from __future__ import annotations

import re
from decimal import Decimal
from typing import Any

from graphql import GraphQLResolveInfo

from stockbridge.sandboxes.shopify.gid import gid_type
from stockbridge.sandboxes.shopify.resolvers.collections import join_collections
from stockbridge.sandboxes.shopify.resolvers.inventory import ensure_level, set_quantity
from stockbridge.sandboxes.shopify.resolvers.metafields import set_metafields
from stockbridge.sandboxes.shopify.resolvers.options import (
    forget_selection,
    new_option,
    options_of,
    refresh,
    register_selection,
    variants_of,
)
from stockbridge.sandboxes.shopify.resolvers.payloads import (
    amount_of,
    amount_text,
    currency_of,
    normalize_tags,
    slug,
    too_long,
    unique_handle,
    user_error,
)
from stockbridge.sandboxes.shopify.resolvers.registry import Context, computed, mutation
from stockbridge.sandboxes.shopify.rest import product_payload
from stockbridge.sandboxes.shopify.store import Obj, Store, ref

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
    return store.put("gid://shopify/Location/1", {"name": "Shop location", "isActive": True})


def new_variant(store: Store, product: Obj, fields: Obj) -> Obj:
    now = store.now()
    item = store.create(
        "InventoryItem",
        {
            "sku": fields.get("sku"),
            "tracked": False,
            "requiresShipping": True,
            "inventoryLevels": [],
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
    item["sku"] = variant.get("sku")
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


def _emit_product(ctx: Context, topic: str, product: Obj) -> None:
    ctx.emit(topic, product_payload(ctx.store, product))


@mutation("productCreate")
def product_create(ctx: Context, _s: Any, args: dict[str, Any], _i: GraphQLResolveInfo) -> Any:
    data = _product_input(args)
    if data.get("id"):
        return {
            "product": None,
            "userErrors": [user_error(["id"], "Cannot specify 'id' when creating a product")],
        }
    errors = _validate(data, "productCreate")
    if not (data.get("title") or "").strip():
        errors.insert(0, user_error(["title"], "Title can't be blank"))
    if errors:
        return {"product": None, "userErrors": errors}
    product = create_product(ctx.store, data)
    _emit_product(ctx, "products/create", product)
    return {"product": product, "userErrors": []}


@mutation("productUpdate")
def product_update(ctx: Context, _s: Any, args: dict[str, Any], _i: GraphQLResolveInfo) -> Any:
    data = _product_input(args)
    gid = data.get("id") or (args.get("identifier") or {}).get("id")
    product = ctx.store.get(gid, "Product")
    if product is None:
        return {"product": None, "userErrors": [user_error(["id"], "Product does not exist")]}
    errors = _validate(data, "productUpdate")
    if "title" in data and not (data.get("title") or "").strip():
        errors.insert(0, user_error(["title"], "Title can't be blank"))
    if errors:
        return {"product": product, "userErrors": errors}
    for key in SCALARS:
        if key in data and data[key] is not None:
            product[key] = data[key]
    if data.get("handle"):
        handle = unique_handle(ctx.store, "Product", data["handle"], product["id"])
        ctx.store.put(product["id"], {"handle": handle})
    if "tags" in data and data["tags"] is not None:
        product["tags"] = normalize_tags(data["tags"])
    set_metafields(ctx.store, product, data.get("metafields"))
    join_collections(
        ctx.store, product, data.get("collectionsToJoin"), data.get("collectionsToLeave")
    )
    if data.get("seo") is not None:
        seo = dict(product.get("seo") or {})
        seo.update({k: v for k, v in data["seo"].items() if k in ("title", "description")})
        product["seo"] = seo
    product["updatedAt"] = ctx.store.now()
    _emit_product(ctx, "products/update", product)
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
        variant = ctx.store.deref(item) or {}
        inv = variant.get("inventoryItem")
        if inv:
            ctx.store.delete(inv["__ref"])
        ctx.store.delete(variant.get("id", ""))
    ctx.store.delete(product["id"])
    ctx.emit("products/delete", {"id": int(product["id"].rsplit("/", 1)[1])})
    return {"deletedProductId": product["id"], "userErrors": [], "productDeleteOperation": None}


def _apply_variant(store: Store, variant: Obj, data: Obj, product: Obj) -> None:
    for key in (
        "price",
        "compareAtPrice",
        "barcode",
        "inventoryPolicy",
        "taxable",
        "taxCode",
        "requiresComponents",
        "showUnitPrice",
        "unitPriceMeasurement",
    ):
        if key in data:
            variant[key] = data[key]
    if data.get("optionValues"):
        selected = [
            {"name": o.get("optionName") or o.get("name"), "value": o.get("name")}
            for o in data["optionValues"]
        ]
        variant["selectedOptions"] = selected
        variant["title"] = " / ".join(str(s["value"]) for s in selected)
        register_selection(store, product, selected)
    item_input = data.get("inventoryItem") or {}
    item = store.deref(variant.get("inventoryItem")) or {}
    for key, value in item_input.items():
        if key == "cost":
            item["unitCost"] = (
                None
                if value is None
                else {"amount": amount_text(value), "currencyCode": currency_of(store)}
            )
        elif key == "harmonizedSystemCode" and isinstance(value, str):
            item[key] = re.sub(r"\D", "", value)  # Shopify keeps the digits only
        elif key == "measurement":
            item["measurement"] = {"weight": (value or {}).get("weight")}
        else:
            item[key] = value
    if "sku" in item_input:
        variant["sku"] = item_input["sku"]
    set_metafields(store, variant, data.get("metafields"))
    variant["updatedAt"] = store.now()


@mutation("productVariantsBulkCreate")
def variants_bulk_create(
    ctx: Context, _s: Any, args: dict[str, Any], _i: GraphQLResolveInfo
) -> Any:
    store = ctx.store
    product = store.get(args.get("productId"), "Product")
    if product is None:
        return {
            "product": None,
            "productVariants": [],
            "userErrors": [
                user_error(["productId"], "Product does not exist", "PRODUCT_DOES_NOT_EXIST")
            ],
        }
    strategy = args.get("strategy") or "DEFAULT"
    variants = variants_of(store, product)
    declared = {str(o.get("name")) for o in options_of(store, product)} - {"Title"}
    for index, data in enumerate(args.get("variants") or []):
        names = [o.get("optionName") or o.get("name") for o in data.get("optionValues") or []]
        duplicate = next((n for n in names if names.count(n) > 1), None)
        if duplicate:
            return {
                "product": None,
                "productVariants": [],
                "userErrors": [
                    user_error(
                        ["variants", str(index), "optionValues"],
                        f"Duplicated option name '{duplicate}'",
                        "INVALID_INPUT",
                    )
                ],
            }
        if declared:
            for value_index, name in enumerate(names):
                if name not in declared:
                    return {
                        "product": None,
                        "productVariants": [],
                        "userErrors": [
                            user_error(
                                ["variants", str(index), "optionValues", str(value_index)],
                                "Option does not exist",
                                "INVALID_INPUT",
                            )
                        ],
                    }
            missing = [n for n in sorted(declared) if n not in names]
            if (
                missing
                and variants
                and not (len(variants) == 1 and strategy == "REMOVE_STANDALONE_VARIANT")
            ):
                return {
                    "product": None,
                    "productVariants": [],
                    "userErrors": [
                        user_error(
                            ["variants", str(index)],
                            f"You need to add option values for {', '.join(missing)}",
                            "NEED_TO_ADD_OPTION_VALUES",
                        )
                    ],
                }
    if len(variants) == 1 and (
        strategy == "REMOVE_STANDALONE_VARIANT"
        or (strategy == "DEFAULT" and variants[0].get("title") == "Default Title")
    ):
        forget_selection(store, product, variants[0])
        _delete_variant(store, product, variants[0])
    created = []
    for data in args.get("variants") or []:
        variant = new_variant(store, product, {})
        _apply_variant(store, variant, data, product)
        for level_input in data.get("inventoryQuantities") or []:
            item = store.deref(variant["inventoryItem"])
            location = store.get(level_input.get("locationId"), "Location")
            if item is not None and location is not None:
                level = ensure_level(store, item, location)
                set_quantity(
                    store, level, "available", int(level_input.get("availableQuantity") or 0)
                )
        created.append(variant)
    refresh(store, product)
    product["updatedAt"] = store.now()
    _emit_product(ctx, "products/update", product)
    return {"product": product, "productVariants": created, "userErrors": []}


@mutation("productVariantsBulkUpdate")
def variants_bulk_update(
    ctx: Context, _s: Any, args: dict[str, Any], _i: GraphQLResolveInfo
) -> Any:
    store = ctx.store
    product = store.get(args.get("productId"), "Product")
    if product is None:
        return {
            "product": None,
            "productVariants": None,
            "userErrors": [
                user_error(["productId"], "Product does not exist", "PRODUCT_DOES_NOT_EXIST")
            ],
        }
    own = {v["__ref"] for v in product.get("variants") or []}
    errors, targets = [], []
    untouched: list[Obj] = []  # refused rows still listed when partial updates are allowed
    for index, data in enumerate(args.get("variants") or []):
        if not data.get("id"):
            errors.append(
                user_error(
                    ["variants", str(index), "id"],
                    "Product variant is missing ID attribute",
                    "PRODUCT_VARIANT_ID_MISSING",
                )
            )
            continue
        variant = store.get(data.get("id"), "ProductVariant")
        price_problems = _price_problems(data, index)
        if price_problems and variant is not None and variant["id"] in own:
            errors.extend(price_problems)
            untouched.append(variant)
            continue
        if variant is None or variant["id"] not in own:
            errors.append(
                user_error(
                    ["variants", str(index), "id"],
                    "Product variant does not exist",
                    "PRODUCT_VARIANT_DOES_NOT_EXIST",
                )
            )
            continue
        if data.get("inventoryQuantities"):
            errors.append(
                user_error(
                    ["variants", str(index), "inventoryQuantities"],
                    "Inventory quantities can only be provided during create. To update inventory "
                    "for existing variants, use inventoryAdjustQuantities.",
                    "NO_INVENTORY_QUANTITES_DURING_UPDATE",
                )
            )
            continue
        targets.append((variant, data))
    if errors and not args.get("allowPartialUpdates"):
        refused = [v for v, _ in targets] + untouched
        return {"product": None, "productVariants": refused or None, "userErrors": errors}
    for variant, data in targets:
        _apply_variant(store, variant, data, product)
    refresh(store, product)
    product["updatedAt"] = store.now()
    _emit_product(ctx, "products/update", product)
    listed = [v for v, _ in targets] + untouched
    order = {gid: i for i, gid in enumerate(d.get("id") for d in args.get("variants") or [])}
    listed.sort(key=lambda v: order.get(v["id"], 0))
    return {"product": product, "productVariants": listed, "userErrors": errors}


MAX_PRICE = Decimal("1000000000000000000")


def _price_problems(data: Obj, index: int) -> list[Obj]:
    out = []
    for key, label in (("compareAtPrice", None), ("price", "Price")):
        if data.get(key) is None:
            continue
        value = Decimal(str(data[key]))
        if value < 0:
            out.append(
                user_error(
                    ["variants", str(index), key],
                    f"{label or 'Compare at price'} must be greater than or equal to 0",
                    "GREATER_THAN_OR_EQUAL_TO",
                )
            )
        elif value >= MAX_PRICE:
            out.append(
                user_error(
                    ["variants", str(index), key],
                    "must be less than 1000000000000000000",
                    "INVALID_INPUT",
                )
            )
    return out


def _delete_variant(store: Store, product: Obj, variant: Obj) -> None:
    product["variants"] = [v for v in product.get("variants") or [] if v["__ref"] != variant["id"]]
    item = variant.get("inventoryItem")
    if item:
        store.delete(item["__ref"])
    store.delete(variant["id"])


@mutation("productVariantsBulkDelete")
def variants_bulk_delete(
    ctx: Context, _s: Any, args: dict[str, Any], _i: GraphQLResolveInfo
) -> Any:
    store = ctx.store
    product = store.get(args.get("productId"), "Product")
    if product is None:
        return {
            "product": None,
            "userErrors": [
                user_error(["productId"], "Product does not exist", "PRODUCT_DOES_NOT_EXIST")
            ],
        }
    own = {v["__ref"] for v in product.get("variants") or []}
    ids = args.get("variantsIds") or []
    missing = [i for i in ids if i not in own]
    if missing:
        return {
            "product": None,
            "userErrors": [
                user_error(
                    ["variantsIds"],
                    "At least one variant does not belong to the product",
                    "AT_LEAST_ONE_VARIANT_DOES_NOT_BELONG_TO_THE_PRODUCT",
                )
            ],
        }
    for gid in ids:
        variant = store.get(gid)
        if variant is not None:
            _delete_variant(store, product, variant)
    refresh(store, product)
    product["updatedAt"] = store.now()
    _emit_product(ctx, "products/update", product)
    return {"product": product, "userErrors": []}


def _tags(ctx: Context, args: dict[str, Any], add: bool) -> Any:
    obj = ctx.store.get(args.get("id"))
    if obj is None or gid_type(args.get("id")) not in (
        "Product",
        "Order",
        "Customer",
        "DraftOrder",
        "Article",
    ):
        return {"node": None, "userErrors": [user_error(["id"], "Object does not exist")]}
    incoming = normalize_tags(args.get("tags"))
    current = list(obj.get("tags") or [])
    if add:
        obj["tags"] = normalize_tags(current + incoming)
    else:
        drop = {t.lower() for t in incoming}
        obj["tags"] = [t for t in current if t.lower() not in drop]
    obj["updatedAt"] = ctx.store.now()
    return {"node": obj, "userErrors": []}


@mutation("tagsAdd")
def tags_add(ctx: Context, _s: Any, args: dict[str, Any], _i: GraphQLResolveInfo) -> Any:
    return _tags(ctx, args, add=True)


@mutation("tagsRemove")
def tags_remove(ctx: Context, _s: Any, args: dict[str, Any], _i: GraphQLResolveInfo) -> Any:
    return _tags(ctx, args, add=False)


def product_total(store: Store, product: Obj) -> int:
    """Available units over the product's variants (the recorded total when unknown)."""
    variants = [store.deref(v) for v in product.get("variants") or []]
    if not variants or any(v is None for v in variants):
        return int(product.get("totalInventory") or 0)
    return sum(variant_quantity(store, v) or 0 for v in variants if v is not None)


@computed("Product", "totalInventory")
def total_inventory(ctx: Context, src: Obj, _a: dict[str, Any], _i: GraphQLResolveInfo) -> Any:
    return product_total(ctx.store, src)


@computed("Product", "totalVariants")
def total_variants(ctx: Context, src: Obj, _a: dict[str, Any], _i: GraphQLResolveInfo) -> Any:
    if "variants" not in src:
        return src.get("totalVariants", 0)
    return len(src.get("variants") or [])


@computed("Product", "variantsCount")
def variants_count(ctx: Context, src: Obj, _a: dict[str, Any], _i: GraphQLResolveInfo) -> Any:
    if "variants" not in src and isinstance(src.get("variantsCount"), dict):
        return src["variantsCount"]
    return {"count": len(src.get("variants") or []), "precision": "EXACT"}


@computed("Product", "hasOnlyDefaultVariant")
def only_default(ctx: Context, src: Obj, _a: dict[str, Any], _i: GraphQLResolveInfo) -> Any:
    variants = [ctx.store.deref(v) for v in src.get("variants") or []]
    if not variants:
        return src.get("hasOnlyDefaultVariant", True)
    return len(variants) == 1 and (variants[0] or {}).get("title") == "Default Title"


def variant_quantity(store: Store, variant: Obj) -> int | None:
    item = store.deref(variant.get("inventoryItem"))
    if item is None:
        return variant.get("inventoryQuantity")
    levels = [store.deref(lv) for lv in item.get("inventoryLevels") or []]
    if any(lv is None for lv in levels) or (not levels and "inventoryQuantity" in variant):
        return variant.get("inventoryQuantity")
    total = 0
    for level in levels:
        if level is None or level.get("isActive") is False:
            continue
        for q in level.get("quantities") or []:
            if q.get("name") == "available":
                total += int(q.get("quantity") or 0)
    return total


@computed("Product", "tracksInventory")
def tracks_inventory(ctx: Context, src: Obj, _a: dict[str, Any], _i: GraphQLResolveInfo) -> Any:
    variants = variants_of(ctx.store, src)
    items = [ctx.store.deref(v.get("inventoryItem")) for v in variants]
    if not variants or any(i is None for i in items):
        return bool(src.get("tracksInventory"))
    return any(bool(i.get("tracked")) for i in items if i is not None)


@computed("ProductVariant", "inventoryQuantity")
def inventory_quantity(ctx: Context, src: Obj, _a: dict[str, Any], _i: GraphQLResolveInfo) -> Any:
    return variant_quantity(ctx.store, src)


def _price_range(ctx: Context, src: Obj) -> Obj | None:
    variants = variants_of(ctx.store, src)
    if not variants:
        return None
    prices = [amount_of({"shopMoney": {"amount": v.get("price") or 0}}) for v in variants]
    currency = currency_of(ctx.store)
    return {
        "minVariantPrice": {"amount": amount_text(min(prices)), "currencyCode": currency},
        "maxVariantPrice": {"amount": amount_text(max(prices)), "currencyCode": currency},
    }


@computed("Product", "priceRangeV2")
def price_range_v2(ctx: Context, src: Obj, _a: dict[str, Any], _i: GraphQLResolveInfo) -> Any:
    return _price_range(ctx, src) or src.get("priceRangeV2")


@computed("Product", "priceRange")
def price_range(ctx: Context, src: Obj, _a: dict[str, Any], _i: GraphQLResolveInfo) -> Any:
    return _price_range(ctx, src) or src.get("priceRange")


@computed("Product", "hasOutOfStockVariants")
def out_of_stock(ctx: Context, src: Obj, _a: dict[str, Any], _i: GraphQLResolveInfo) -> Any:
    variants = variants_of(ctx.store, src)
    if not variants:
        return bool(src.get("hasOutOfStockVariants"))
    for variant in variants:
        item = ctx.store.deref(variant.get("inventoryItem")) or {}
        if item.get("tracked", True) and (variant_quantity(ctx.store, variant) or 0) <= 0:
            return True
    return False
