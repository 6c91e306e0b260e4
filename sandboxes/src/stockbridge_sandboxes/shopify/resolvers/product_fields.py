"""Computed product and variant fields: inventory totals, counts, prices, stock flags."""

from __future__ import annotations

from typing import Any

from graphql import GraphQLResolveInfo

from stockbridge_sandboxes.shopify.resolvers.options import (
    variants_of,
)
from stockbridge_sandboxes.shopify.resolvers.payloads import (
    amount_of,
    amount_text,
    currency_of,
)
from stockbridge_sandboxes.shopify.resolvers.registry import Context, computed
from stockbridge_sandboxes.shopify.store import Obj, Store

# Shopify recomputes a product's `totalInventory` a while after an inventory mutation (the
# variants' quantities change at once): recorded reads right after an adjustment show the old
# total. Product and variant mutations update it at once.
TOTAL_LAG_SECONDS = 10.0


def hold_total(store: Store, item: Obj) -> None:
    """Keep the total of `item`'s product as it is for `TOTAL_LAG_SECONDS`."""
    variant = store.deref(item.get("variant"))
    product = store.deref(variant.get("product")) if isinstance(variant, dict) else None
    if not isinstance(product, dict) or store.clock.now() < product.get("__heldUntil", 0):
        return
    product["__heldTotal"] = product_total(store, product)
    product["__heldUntil"] = store.clock.now() + TOTAL_LAG_SECONDS


def product_total(store: Store, product: Obj) -> int:
    """Available units over the product's variants (the recorded total when unknown)."""
    if store.clock.now() < product.get("__heldUntil", 0):
        return int(product["__heldTotal"])
    variants = [store.deref(v) for v in product.get("variants") or []]
    if not variants or any(v is None for v in variants):
        return int(product.get("totalInventory") or 0)
    # Shopify counts only variants whose inventory is tracked.
    return sum(
        variant_quantity(store, v) or 0
        for v in variants
        if v is not None and (store.deref(v.get("inventoryItem")) or {}).get("tracked") is not False
    )


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


@computed("Product", "compareAtPriceRange")
def compare_at_range(ctx: Context, src: Obj, _a: dict[str, Any], _i: GraphQLResolveInfo) -> Any:
    """The range of the variants' compare-at prices (null when no variant has one)."""
    variants = variants_of(ctx.store, src)
    if not variants:
        return src.get("compareAtPriceRange")
    prices = [
        amount_of({"shopMoney": {"amount": v["compareAtPrice"]}})
        for v in variants
        if v.get("compareAtPrice") not in (None, "")
    ]
    if not prices:
        return None
    currency = currency_of(ctx.store)
    return {
        "minVariantCompareAtPrice": {"amount": amount_text(min(prices)), "currencyCode": currency},
        "maxVariantCompareAtPrice": {"amount": amount_text(max(prices)), "currencyCode": currency},
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


@computed("ProductVariant", "displayName")
def variant_display_name(
    ctx: Context, variant: Obj, _a: dict[str, Any], _i: GraphQLResolveInfo
) -> Any:
    """ "Display name of the variant, based on product's title + variant's title"."""
    from stockbridge_sandboxes.shopify.sdl.modeled import not_supported

    if variant.get("displayName") is not None:
        return variant["displayName"]
    product = ctx.store.deref(variant.get("product")) or {}
    if product.get("title") is None or variant.get("title") is None:
        raise not_supported("ProductVariant", "displayName")
    return f"{product['title']} - {variant['title']}"
