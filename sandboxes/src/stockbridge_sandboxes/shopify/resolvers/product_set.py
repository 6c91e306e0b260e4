"""`productSet`: upsert a product from its full description (API-NOTES §2.10).

Scalars are patched; options and variants are replaced (variants matched by id, or by their
option values, are kept; the others are deleted); inventory quantities are set at their
locations.
"""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation
from typing import Any

from graphql import GraphQLResolveInfo

from stockbridge_sandboxes.shopify.resolvers.inventory import (
    delete_variant_stock,
    ensure_level,
    set_quantity,
)
from stockbridge_sandboxes.shopify.resolvers.metafields import set_metafields
from stockbridge_sandboxes.shopify.resolvers.options import (
    new_option,
    options_of,
    refresh,
    variants_of,
)
from stockbridge_sandboxes.shopify.resolvers.payloads import (
    normalize_tags,
    slug,
    unique_handle,
    user_error,
)
from stockbridge_sandboxes.shopify.resolvers.product_operations import start
from stockbridge_sandboxes.shopify.resolvers.product_set_files import file_problems, set_files
from stockbridge_sandboxes.shopify.resolvers.registry import Context, mutation
from stockbridge_sandboxes.shopify.resolvers.taxonomy import apply_category, check_category
from stockbridge_sandboxes.shopify.store import Obj, Store, ref

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
LONG = {"handle": "Handle", "vendor": "Vendor", "productType": "Product type"}


def _problems(data: Obj) -> list[Obj]:
    errors = []
    if len(data.get("title") or "") > 255:
        errors.append(user_error(["input", "title"], "is too long (maximum is 255 characters)"))
    derived = {"handle": slug(data.get("title") or "")} if not data.get("handle") else {}
    for field, label in LONG.items():
        if len({**data, **derived}.get(field) or "") > 255:
            errors.append(user_error(["input"], f"{label} is too long (maximum is 255 characters)"))
            if field == "productType":
                errors.append(
                    user_error(
                        ["input"], "Custom product type is too long (maximum is 255 characters)"
                    )
                )
    for index, option in enumerate(data.get("productOptions") or []):
        if " / " in (option.get("name") or ""):
            errors.append(
                user_error(
                    ["input", "productOptions", str(index), "name"],
                    "The name contains unsupported sequence ' / '",
                    "INVALID_INPUT",
                )
            )
    if data.get("productOptions") and data.get("variants") is None:
        errors.append(
            user_error(
                ["input", "variants"], "Variants input is required when updating product options"
            )
        )
    seen: set[tuple[Any, ...]] = set()
    for index, variant in enumerate(data.get("variants") or []):
        combo = tuple(
            (v.get("optionName"), v.get("name")) for v in variant.get("optionValues") or []
        )
        if combo and combo in seen:
            title = " / ".join(str(v.get("name")) for v in variant.get("optionValues") or [])
            errors.append(
                user_error(
                    ["input", "variants", str(index)],
                    f"The variant '{title}' already exists. Please change at "
                    "least one option value.",
                )
            )
        seen.add(combo)
        errors.extend(_cost_problems(index, variant))
    return errors


MAX_COST = Decimal("1000000000000000000")


def _cost_problems(index: int, variant: Obj) -> list[Obj]:
    """An inventory item's unit cost: 0 up to (not including) 10^18, as Shopify checks it."""
    raw = (variant.get("inventoryItem") or {}).get("cost")
    if raw is None:
        return []
    try:
        cost = Decimal(str(raw))
    except InvalidOperation:
        return []
    field = ["input", "variants", str(index), "inventoryItem", "cost"]
    if cost < 0:
        return [
            user_error(field, "Cost per item must be greater than or equal to 0", "INVALID_VARIANT")
        ]
    if cost >= MAX_COST:
        message = f"Cost per item must be less than {MAX_COST}"
        return [user_error(field, message, "INVALID_VARIANT")]
    return []


def _target(store: Store, data: Obj, identifier: Obj | None) -> tuple[Obj | None, Obj | None]:
    """(product, error): the product to update, None to create, or an error."""
    if data.get("id") and identifier:
        return None, user_error(
            ["input"], "The id field is not allowed if identifier is provided.", "ID_NOT_ALLOWED"
        )
    gid = data.get("id") or (identifier or {}).get("id")
    if gid:
        product = store.get(gid, "Product")
        if product is None:
            return None, user_error(
                ["input", "id"], "Product does not exist", "PRODUCT_DOES_NOT_EXIST"
            )
        return product, None
    handle = (identifier or {}).get("handle")
    if handle:
        owner = store.handle_owner("Product", handle)
        return (store.get(owner) if owner else None), None
    return None, None


def _new_variants(store: Store, product: Obj | None, rows: list[Obj] | None) -> int:
    """How many variants the set would make (a new product has at least its default one)."""
    if product is None:
        return max(len(rows or []), 1)
    if rows is None:
        return 0
    existing = variants_of(store, product)
    ids = {v["id"] for v in existing}
    options = {
        tuple((s.get("name"), s.get("value")) for s in v.get("selectedOptions") or [])
        for v in existing
    }
    return sum(
        1
        for row in rows
        if row.get("id") not in ids
        and tuple((o.get("optionName"), o.get("name")) for o in row.get("optionValues") or [])
        not in options
    )


def _apply_variants(store: Store, product: Obj, rows: list[Obj]) -> None:
    from stockbridge_sandboxes.shopify.resolvers.products import new_variant
    from stockbridge_sandboxes.shopify.resolvers.variants import apply_variant

    existing = variants_of(store, product)
    by_id = {v["id"]: v for v in existing}
    by_options = {
        tuple((s.get("name"), s.get("value")) for s in v.get("selectedOptions") or []): v
        for v in existing
    }
    kept: list[Obj] = []
    for row in rows:
        key = tuple((o.get("optionName"), o.get("name")) for o in row.get("optionValues") or [])
        variant = by_id.get(row.get("id") or "") or by_options.get(key)
        if variant is None:
            variant = new_variant(store, product, {})
        apply_variant(store, variant, row, product)
        if row.get("sku") is not None:
            store.set_sku(variant, row["sku"])
            item = store.deref(variant.get("inventoryItem"))
            if item is not None:
                store.set_sku(item, row["sku"])
        for quantity in row.get("inventoryQuantities") or []:
            item = store.deref(variant.get("inventoryItem"))
            location = store.get(quantity.get("locationId"), "Location")
            if item is not None and location is not None:
                level = ensure_level(store, item, location)
                set_quantity(
                    store,
                    level,
                    quantity.get("name") or "available",
                    int(quantity.get("quantity") or 0),
                )
        kept.append(variant)
    keep_ids = {v["id"] for v in kept}
    for variant in existing:
        if variant["id"] not in keep_ids:
            delete_variant_stock(store, variant)
    product["variants"] = [ref(v["id"]) for v in kept]


@mutation("productSet")
def product_set(ctx: Context, _s: Any, args: dict[str, Any], _i: GraphQLResolveInfo) -> Any:
    from stockbridge_sandboxes.shopify.resolvers.products import create_product
    from stockbridge_sandboxes.shopify.webhook_bodies import product_body

    store = ctx.store
    data = dict(args.get("input") or {})
    check_category(store, data)
    product, problem = _target(store, data, args.get("identifier"))
    errors = ([problem] if problem else []) + _problems(data) + file_problems(store, data)
    synchronous = args.get("synchronous") is not False
    if errors:
        if not synchronous:
            return {
                "product": None,
                "productSetOperation": start(store, None, errors),
                "userErrors": [],
            }
        return {"product": None, "productSetOperation": None, "userErrors": errors}
    ctx.store.variant_limit.admit(
        held=len(store.by_type.get("ProductVariant", {})),
        new=_new_variants(store, product, data.get("variants")),
        now=store.clock.now(),
        plan=ctx.plan,
    )
    created = product is None
    if product is None:
        product = create_product(
            store, {k: v for k, v in data.items() if k not in ("productOptions", "variants")}
        )
    for key in SCALARS:
        if key in data and data[key] is not None:
            product[key] = data[key]
    if data.get("handle") and not created:
        handle = unique_handle(
            store, "Product", re.sub(r"\s+", "-", data["handle"].strip()), product["id"]
        )
        store.put(product["id"], {"handle": handle})
    if data.get("tags") is not None:
        product["tags"] = normalize_tags(data["tags"])
    if data.get("seo") is not None:
        product["seo"] = {**(product.get("seo") or {}), **data["seo"]}
    if data.get("productOptions") is not None:
        for option in options_of(store, product):
            store.delete(option["id"])
        product["options"] = []
        for index, option in enumerate(data["productOptions"]):
            new_option(
                store,
                product,
                option.get("name") or "",
                [v.get("name") for v in option.get("values") or []],
                index + 1,
            )
    if data.get("variants") is not None:
        _apply_variants(store, product, data["variants"])
    set_files(store, product, data)
    set_metafields(store, product, data.get("metafields"))
    apply_category(store, product, data)
    refresh(store, product)
    product["updatedAt"] = store.now()
    product.pop("__heldUntil", None)  # a product write makes its total current
    ctx.emit("products/create" if created else "products/update", product_body(store, product))
    if not synchronous:
        return {"product": None, "productSetOperation": start(store, product, []), "userErrors": []}
    return {"product": product, "productSetOperation": None, "userErrors": []}
