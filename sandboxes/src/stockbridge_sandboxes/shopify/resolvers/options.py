"""Product options and their values: stored objects, kept in step with the variants.

An option value `hasVariants` when a variant selects it; `values` lists those. The
placeholder "Default Title" value disappears once no variant uses it.
"""

from __future__ import annotations

from typing import Any

from graphql import GraphQLResolveInfo

from stockbridge_sandboxes.shopify.resolvers.payloads import user_error
from stockbridge_sandboxes.shopify.resolvers.registry import Context, mutation
from stockbridge_sandboxes.shopify.store import Obj, Store, is_ref, ref

DEFAULT = ("Title", "Default Title")
MAX_OPTIONS = 3


def options_of(store: Store, product: Obj) -> list[Obj]:
    out = []
    for entry in product.get("options") or []:
        option = store.deref(entry) if is_ref(entry) else entry
        if isinstance(option, dict):
            out.append(option)
    return out


def values_of(store: Store, option: Obj) -> list[Obj]:
    out = []
    for entry in option.get("optionValues") or []:
        value = store.deref(entry) if is_ref(entry) else entry
        if isinstance(value, dict):
            out.append(value)
    return out


def variants_of(store: Store, product: Obj) -> list[Obj]:
    return [v for v in (store.deref(e) for e in product.get("variants") or []) if v is not None]


def new_option(store: Store, product: Obj, name: str, values: list[str], position: int) -> Obj:
    option = store.create(
        "ProductOption",
        {"name": name, "position": position, "product": ref(product["id"]), "optionValues": []},
    )
    for value in values:
        add_value(store, option, value)
    product.setdefault("options", []).append(ref(option["id"]))
    return option


def add_value(store: Store, option: Obj, name: str) -> Obj:
    value = store.create("ProductOptionValue", {"name": name, "hasVariants": False})
    option.setdefault("optionValues", []).append(ref(value["id"]))
    return value


def register_selection(store: Store, product: Obj, selected: list[Obj]) -> None:
    """Make sure every (option, value) a variant selects exists on the product."""
    for choice in selected:
        option = next(
            (o for o in options_of(store, product) if o.get("name") == choice["name"]), None
        )
        if option is None:
            option = new_option(
                store, product, choice["name"], [], len(options_of(store, product)) + 1
            )
        if all(v.get("name") != choice["value"] for v in values_of(store, option)):
            add_value(store, option, choice["value"])


def forget_selection(store: Store, product: Obj, variant: Obj) -> None:
    """A removed standalone variant's values go with it once no variant selects them."""
    chosen = {(s.get("name"), s.get("value")) for s in variant.get("selectedOptions") or []}
    for option in options_of(store, product):
        for value in values_of(store, option):
            if (option.get("name"), value.get("name")) in chosen:
                value["prune"] = True


def refresh(store: Store, product: Obj, renumber_variants: bool = True) -> None:
    """Recompute hasVariants/values; drop the unused placeholder; renumber positions (variant
    positions only when variants were added or removed: an update leaves them as they are)."""
    chosen = {
        (s.get("name"), s.get("value"))
        for v in variants_of(store, product)
        for s in v.get("selectedOptions") or []
    }
    kept = []
    for option in options_of(store, product):
        values = []
        for value in values_of(store, option):
            value["hasVariants"] = (option.get("name"), value.get("name")) in chosen
            if not value["hasVariants"] and (
                (option.get("name"), value.get("name")) == DEFAULT or value.get("prune")
            ):
                continue
            values.append(value)
        option["optionValues"] = [ref(v["id"]) for v in values]
        option["values"] = [v["name"] for v in values if v["hasVariants"]]
        if values:
            kept.append(option)
    for index, option in enumerate(kept):
        option["position"] = index + 1
    product["options"] = [ref(o["id"]) for o in kept]
    if not renumber_variants:
        return
    for index, variant in enumerate(variants_of(store, product)):
        variant["position"] = index + 1


MAX_VARIANTS = 2048


def _fail(field: list[str], message: str, code: str) -> Obj:
    return {"product": None, "userErrors": [user_error(field, message, code)]}


def _option_problem(store: Store, product: Obj, new: list[Obj], strategy: str) -> Obj | None:
    existing = [
        o
        for o in options_of(store, product)
        if (o.get("name"), (values_of(store, o) or [{}])[0].get("name")) != DEFAULT
    ]
    existing_names = [o.get("name") for o in existing]
    seen: list[str] = []
    for index, data in enumerate(new):
        name = data.get("name") or ""
        where = ["options", str(index)]
        if len(name) > 255:
            return _fail(where, "Option name is too long.", "OPTION_NAME_TOO_LONG")
        if " / " in name:
            return _fail(
                [*where, "name"], "The name contains unsupported sequence ' / '", "INVALID_NAME"
            )
        if name in seen:
            return _fail(where, "Duplicated option name.", "DUPLICATED_OPTION_NAME")
        if name in existing_names:
            return _fail(where, f"Option '{name}' already exists.", "OPTION_ALREADY_EXISTS")
        if not data.get("values"):
            return _fail(
                where,
                f"Option '{name}' must specify at least one option value.",
                "OPTION_VALUES_MISSING",
            )
        seen.append(name)
    if len(existing) + len(new) > MAX_OPTIONS:
        return _fail(["options"], "Can only specify a maximum of 3 options", "OPTIONS_OVER_LIMIT")
    if strategy == "CREATE":
        total = 1
        for option in existing:
            total *= max(1, len(values_of(store, option)))
        for data in new:
            total *= max(1, len(data.get("values") or []))
        if total > MAX_VARIANTS:
            return _fail(
                ["options"],
                "The number of created variants would exceed the 2048 variants per product limit",
                "TOO_MANY_VARIANTS_CREATED",
            )
    return None


@mutation("productOptionsCreate")
def options_create(ctx: Context, _s: Any, args: dict[str, Any], _i: GraphQLResolveInfo) -> Any:
    store = ctx.store
    product = store.get(args.get("productId"), "Product")
    if product is None:
        return _fail(["productId"], "Product does not exist", "PRODUCT_DOES_NOT_EXIST")
    new = args.get("options") or []
    strategy = args.get("variantStrategy") or "LEAVE_AS_IS"
    problem = _option_problem(store, product, new, strategy)
    if problem is not None:
        return problem
    variants = variants_of(store, product)
    default_only = len(variants) == 1 and [
        (s.get("name"), s.get("value")) for s in variants[0].get("selectedOptions") or []
    ] == [DEFAULT]
    for data in new:
        values = [v.get("name") for v in data.get("values") or []]
        new_option(
            store, product, data.get("name") or "", values, len(options_of(store, product)) + 1
        )
        for variant in variants:
            selected = [] if default_only else list(variant.get("selectedOptions") or [])
            if values:
                selected.append({"name": data.get("name"), "value": values[0]})
            variant["selectedOptions"] = selected
            variant["title"] = " / ".join(str(s["value"]) for s in selected) or DEFAULT[1]
        default_only = False
    if strategy == "CREATE":
        refresh(store, product)
        _create_combinations(store, product)
    refresh(store, product)
    product["updatedAt"] = store.now()
    return {"product": product, "userErrors": []}


def _create_combinations(store: Store, product: Obj) -> None:
    """variantStrategy CREATE: a variant for every combination of option values not present."""
    from stockbridge_sandboxes.shopify.resolvers.products import new_variant

    combos: list[list[Obj]] = [[]]
    for option in options_of(store, product):
        combos = [
            [*combo, {"name": option.get("name"), "value": value.get("name")}]
            for combo in combos
            for value in values_of(store, option)
        ]
    have = {
        tuple((s.get("name"), s.get("value")) for s in v.get("selectedOptions") or [])
        for v in variants_of(store, product)
    }
    template = (variants_of(store, product) or [{}])[0]
    for combo in combos:
        if tuple((c["name"], c["value"]) for c in combo) in have:
            continue
        new_variant(
            store,
            product,
            {
                "title": " / ".join(str(c["value"]) for c in combo),
                "selectedOptions": combo,
                "price": template.get("price") or "0.00",
            },
        )
