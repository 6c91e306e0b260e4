"""Metafields set through owner inputs (`metafields: [MetafieldInput!]`) and read back by
`metafield(namespace:, key:)` and `metafields(namespace:, keys:)` on their owners."""

from __future__ import annotations

import hashlib
from typing import Any

from graphql import GraphQLResolveInfo

from stockbridge_sandboxes.shopify.gid import gid_type
from stockbridge_sandboxes.shopify.resolvers.metafield_definitions import (
    definition_type,
    find_definition,
)
from stockbridge_sandboxes.shopify.resolvers.metafield_values import normalized, value_problem
from stockbridge_sandboxes.shopify.resolvers.registry import Context, computed, mutation
from stockbridge_sandboxes.shopify.resolvers.webhooks import app_namespace
from stockbridge_sandboxes.shopify.store import Obj, Store, is_ref, ref

DEFAULT_NAMESPACE = "custom"
OWNER_TYPES = {
    "Product": "PRODUCT",
    "ProductVariant": "PRODUCTVARIANT",
    "Order": "ORDER",
    "Customer": "CUSTOMER",
    "Collection": "COLLECTION",
    "Shop": "SHOP",
}


def metafields_of(store: Store, owner: Obj) -> list[Obj]:
    out = []
    for entry in owner.get("metafields") or []:
        field = store.deref(entry) if is_ref(entry) else entry
        if isinstance(field, dict):
            out.append(field)
    return out


def set_metafields(store: Store, owner: Obj, inputs: list[Obj] | None) -> None:
    """Create or update each `{namespace, key, type, value}` on `owner` (by namespace+key)."""
    for data in inputs or []:
        namespace = data.get("namespace") or DEFAULT_NAMESPACE
        existing = next(
            (
                m
                for m in metafields_of(store, owner)
                if m.get("namespace") == namespace and m.get("key") == data.get("key")
            ),
            None,
        )
        if data.get("id"):
            existing = store.get(data["id"], "Metafield") or existing
        value = str(data.get("value") if data.get("value") is not None else "")
        now = store.now()
        if existing is None:
            existing = store.create(
                "Metafield",
                {
                    "namespace": namespace,
                    "key": data.get("key"),
                    "createdAt": now,
                    "ownerType": OWNER_TYPES.get(gid_type(owner["id"]) or "", "PRODUCT"),
                    "owner": ref(owner["id"]),
                    "definition": None,
                },
            )
            owner.setdefault("metafields", []).append(ref(existing["id"]))
        owner_type = OWNER_TYPES.get(gid_type(owner["id"]) or "", "PRODUCT")
        existing.setdefault("ownerType", owner_type)  # a recorded row may not have shown it
        definition = find_definition(store, owner_type, namespace, str(data.get("key")))
        if definition is not None:
            existing["definition"] = ref(definition["id"])
        existing["type"] = (
            data.get("type")
            or existing.get("type")
            or (definition_type(store, owner_type, namespace, str(data.get("key"))))
            or "single_line_text_field"
        )
        value, json_value = normalized(str(existing["type"]), value)
        existing["value"] = value
        existing["jsonValue"] = json_value
        existing["updatedAt"] = now
        existing["compareDigest"] = hashlib.sha256(value.encode()).hexdigest()


def _metafield(ctx: Context, src: Obj, args: dict[str, Any], _i: GraphQLResolveInfo) -> Any:
    # Shopify: without a namespace, the calling app's reserved namespace is read.
    namespace = app_namespace(ctx, args.get("namespace") or "$app")
    for field in metafields_of(ctx.store, src):
        if field.get("namespace") == namespace and field.get("key") == args.get("key"):
            return field
    return None


def _metafields(ctx: Context, src: Obj, args: dict[str, Any], _i: GraphQLResolveInfo) -> Any:
    fields = metafields_of(ctx.store, src)
    if args.get("namespace"):
        namespace = app_namespace(ctx, args["namespace"])
        fields = [f for f in fields if f.get("namespace") == namespace]
    if args.get("keys"):
        # Shopify answers a `keys:` filter in the order of the keys given, each metafield's
        # `key` reading as the qualified `namespace.key` it was asked for.
        by_key = {f"{f.get('namespace')}.{f.get('key')}": f for f in fields}
        fields = [{**by_key[k], "key": k} for k in dict.fromkeys(args["keys"]) if k in by_key]
    return fields


RESERVED_NAMESPACES = ("shopify_standard", "protected", "shopify-l10n-fields")
MAX_SET = 25


def _set_error(field: list[Any], message: str, code: str | None, element: int | None = None) -> Obj:
    return {"field": field, "message": message, "code": code, "elementIndex": element}


def _set_problems(store: Store, index: int, data: Obj) -> list[Obj]:
    where = ["metafields", str(index)]
    owner = store.get(data.get("ownerId"))
    if owner is None or gid_type(owner.get("id")) not in OWNER_TYPES:
        return [_set_error([*where, "ownerId"], "Owner does not exist.", "INVALID_VALUE")]
    namespace = data.get("namespace") or DEFAULT_NAMESPACE
    key = data.get("key") or ""
    if namespace in RESERVED_NAMESPACES:
        return [
            _set_error(
                [*where, "namespace"], f"Namespace {namespace} is a reserved namespace", None
            )
        ]
    if len(namespace) < 3:
        return [
            _set_error(
                [*where, "namespace"],
                "Namespace is too short (minimum is 3 characters)",
                "TOO_SHORT",
            )
        ]
    if len(namespace) > 255:
        return [
            _set_error(
                [*where, "namespace"],
                "Namespace is too long (maximum is 255 characters)",
                "TOO_LONG",
            )
        ]
    if len(key) < 2:
        return [
            _set_error([*where, "key"], "Key is too short (minimum is 2 characters)", "TOO_SHORT")
        ]
    if len(key) > 64:
        return [
            _set_error([*where, "key"], "Key is too long (maximum is 64 characters)", "TOO_LONG")
        ]
    existing = next(
        (
            m
            for m in metafields_of(store, owner)
            if m.get("namespace") == namespace and m.get("key") == key
        ),
        None,
    )
    owner_type = OWNER_TYPES[gid_type(owner["id"]) or ""]
    type_name = (
        data.get("type")
        or (existing or {}).get("type")
        or definition_type(store, owner_type, namespace, key)
    )
    if not type_name:
        return [_set_error([*where, "type"], "Type can't be blank", "BLANK")]
    if "compareDigest" in data and data["compareDigest"] is not None:
        # Shopify: a digest for a row that does not exist is invalid; writing what the row
        # already holds succeeds whatever the digest; otherwise the digest must be current.
        digest = data["compareDigest"]
        if existing is None:
            return [_set_error(where, "Invalid `compareDigest` value.", "INVALID_COMPARE_DIGEST")]
        unchanged = str(type_name) == existing.get("type") and (
            normalized(str(type_name), str(data.get("value") or ""))[0] == existing.get("value")
        )
        if not unchanged and existing.get("compareDigest") != digest:
            return [
                _set_error(
                    where,
                    "The resource has been updated since it was loaded. Try "
                    "again with an updated `compareDigest` value.",
                    "STALE_OBJECT",
                )
            ]
    problem = value_problem(str(type_name), str(data.get("value") or ""), store)
    if problem is not None:
        return [_set_error([*where, "value"], problem[0], "INVALID_VALUE", problem[1])]
    return []


@mutation("metafieldsSet")
def metafields_set(ctx: Context, _s: Any, args: dict[str, Any], _i: GraphQLResolveInfo) -> Any:
    """Atomic: every entry is checked first; any problem leaves all owners unchanged."""
    store = ctx.store
    # Without a namespace a row uses the calling app's reserved one; `$app` names it too.
    rows = [
        {**row, "namespace": app_namespace(ctx, row.get("namespace") or "$app")}
        for row in args.get("metafields") or []
    ]
    if len(rows) > MAX_SET:
        return {
            "metafields": None,
            "userErrors": [
                _set_error(
                    ["metafields"],
                    f"Exceeded the maximum metafields input limit of {MAX_SET}.",
                    "LESS_THAN_OR_EQUAL_TO",
                )
            ],
        }
    errors = [e for index, row in enumerate(rows) for e in _set_problems(store, index, row)]
    if errors:
        return {"metafields": [], "userErrors": errors}
    out: list[Obj] = []
    for row in rows:
        # Rows apply in order (a later duplicate overwrites an earlier one, as in Shopify); the
        # payload shows each row's metafield as that row left it.
        owner = store.get(row["ownerId"])
        assert owner is not None
        set_metafields(store, owner, [row])
        namespace = row.get("namespace") or DEFAULT_NAMESPACE
        out.extend(
            dict(m)
            for m in metafields_of(store, owner)
            if m.get("namespace") == namespace and m.get("key") == row.get("key")
        )
    return {"metafields": out, "userErrors": []}


for _owner in OWNER_TYPES:
    computed(_owner, "metafield")(_metafield)
    computed(_owner, "metafields")(_metafields)
