"""Variants: `productVariantsBulkCreate/Update/Delete` with their strategies and checks."""

from __future__ import annotations

import re
from decimal import Decimal
from typing import Any

from graphql import GraphQLResolveInfo

from stockbridge_sandboxes.shopify.resolvers.inventory import (
    delete_variant_stock,
    ensure_level,
    set_quantity,
)
from stockbridge_sandboxes.shopify.resolvers.metafields import set_metafields
from stockbridge_sandboxes.shopify.resolvers.options import (
    forget_selection,
    options_of,
    refresh,
    register_selection,
    variants_of,
)
from stockbridge_sandboxes.shopify.resolvers.payloads import (
    amount_text,
    currency_of,
    user_error,
)
from stockbridge_sandboxes.shopify.resolvers.products import emit_product, new_variant
from stockbridge_sandboxes.shopify.resolvers.registry import Context, mutation
from stockbridge_sandboxes.shopify.store import Obj, Store


def apply_variant(store: Store, variant: Obj, data: Obj, product: Obj) -> None:
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
        elif key == "sku":
            store.set_sku(item, value)
        else:
            item[key] = value
    if "sku" in item_input:
        store.set_sku(variant, item_input["sku"])
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
    for index, data in enumerate(args.get("variants") or []):
        for level_input in data.get("inventoryQuantities") or []:
            if store.get(level_input.get("locationId"), "Location") is None:
                title = " / ".join(str(o.get("name")) for o in data.get("optionValues") or [])
                return {
                    "product": None,
                    "productVariants": [],
                    "userErrors": [
                        user_error(
                            ["variants", str(index), "inventoryQuantities"],
                            f"Quantity for {title or 'Default Title'} couldn't be set because "
                            "the location was deleted.",
                            "TRACKED_VARIANT_LOCATION_NOT_FOUND",
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
        # Variants added in bulk track their inventory unless told otherwise, as in Shopify;
        # a product's own first variant does not.
        (store.deref(variant["inventoryItem"]) or {})["tracked"] = True
        apply_variant(store, variant, data, product)
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
    emit_product(ctx, "products/update", product)
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
    declared = {str(o.get("name")) for o in options_of(store, product)}
    errors, targets = [], []
    untouched: list[Obj] = []  # rows refused for their values are still listed
    structural = False  # a row that names no variant of the product, or an unknown option
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
        price_problems = _price_problems(data, index) + _cost_problems(data, index)
        if price_problems and variant is not None and variant["id"] in own:
            errors.extend(price_problems)
            untouched.append(variant)
            continue
        if variant is None or variant["id"] not in own:
            structural = True
            errors.append(
                user_error(
                    ["variants", str(index), "id"],
                    "Product variant does not exist",
                    "PRODUCT_VARIANT_DOES_NOT_EXIST",
                )
            )
            continue
        if data.get("inventoryQuantities"):
            structural = True
            errors.append(
                user_error(
                    ["variants", str(index), "inventoryQuantities"],
                    "Inventory quantities can only be provided during create. To update inventory "
                    "for existing variants, use inventoryAdjustQuantities.",
                    "NO_INVENTORY_QUANTITIES_ON_VARIANTS_UPDATE",
                )
            )
            continue
        unknown = [
            i
            for i, o in enumerate(data.get("optionValues") or [])
            if declared and str(o.get("optionName") or o.get("name")) not in declared
        ]
        if unknown:
            structural = True
            errors.append(
                user_error(
                    ["variants", str(index), "optionValues", str(unknown[0])],
                    "Option does not exist",
                    "OPTION_DOES_NOT_EXIST",
                )
            )
            continue
        targets.append((variant, data))
    if errors and not args.get("allowPartialUpdates"):
        # Nothing is written; the product is still answered beside the errors, and the
        # variants refused for their values are listed unless a row was wrong in itself.
        refused = None if structural else ([v for v, _ in targets] + untouched) or None
        return {"product": product, "productVariants": refused, "userErrors": errors}
    for variant, data in targets:
        apply_variant(store, variant, data, product)
    refresh(store, product, renumber_variants=False)
    product["updatedAt"] = store.now()
    emit_product(ctx, "products/update", product)
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


def _cost_problems(data: Obj, index: int) -> list[Obj]:
    """`inventoryItem.cost` out of range: a bare message on the row, then the field's own."""
    cost = (data.get("inventoryItem") or {}).get("cost")
    if cost is None:
        return []
    value = Decimal(str(cost))
    if value < 0:
        bound, code = "greater than or equal to 0", "GREATER_THAN_OR_EQUAL_TO"
    elif value >= MAX_PRICE:
        bound, code = f"less than {MAX_PRICE}", "INVALID_INPUT"
    else:
        return []
    return [
        user_error(["variants", str(index)], f"must be {bound}", None),
        user_error(
            ["variants", str(index), "inventoryItem", "cost"],
            f"Cost per item must be {bound}",
            code,
        ),
    ]


def _delete_variant(store: Store, product: Obj, variant: Obj) -> None:
    product["variants"] = [v for v in product.get("variants") or [] if v["__ref"] != variant["id"]]
    delete_variant_stock(store, variant)


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
    missing = [index for index, gid in enumerate(ids) if gid not in own]
    if missing:
        return {
            "product": None,
            "userErrors": [
                user_error(
                    ["variantsIds", str(missing[0])],
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
    emit_product(ctx, "products/update", product)
    return {"product": product, "userErrors": []}
