"""Metafields set through owner inputs (`metafields: [MetafieldInput!]`) and read back by
`metafield(namespace:, key:)` and `metafields(namespace:, keys:)` on their owners."""

from __future__ import annotations

import hashlib
import json
from typing import Any

from graphql import GraphQLResolveInfo

from stockbridge.sandboxes.shopify.gid import gid_type
from stockbridge.sandboxes.shopify.resolvers.registry import Context, computed
from stockbridge.sandboxes.shopify.store import Obj, Store, is_ref, ref

DEFAULT_NAMESPACE = "custom"
OWNER_TYPES = {
    "Product": "PRODUCT",
    "ProductVariant": "PRODUCTVARIANT",
    "Order": "ORDER",
    "Customer": "CUSTOMER",
    "Collection": "COLLECTION",
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
        existing["type"] = data.get("type") or existing.get("type") or "single_line_text_field"
        existing["value"] = value
        existing["updatedAt"] = now
        existing["compareDigest"] = hashlib.sha256(value.encode()).hexdigest()
        try:
            existing["jsonValue"] = json.loads(value)
        except ValueError:
            existing["jsonValue"] = value


def _metafield(ctx: Context, src: Obj, args: dict[str, Any], _i: GraphQLResolveInfo) -> Any:
    namespace = args.get("namespace") or DEFAULT_NAMESPACE
    for field in metafields_of(ctx.store, src):
        if field.get("namespace") == namespace and field.get("key") == args.get("key"):
            return field
    return None


def _metafields(ctx: Context, src: Obj, args: dict[str, Any], _i: GraphQLResolveInfo) -> Any:
    fields = metafields_of(ctx.store, src)
    if args.get("namespace"):
        fields = [f for f in fields if f.get("namespace") == args["namespace"]]
    if args.get("keys"):
        wanted = set(args["keys"])
        fields = [f for f in fields if f"{f.get('namespace')}.{f.get('key')}" in wanted]
    return fields


for _owner in OWNER_TYPES:
    computed(_owner, "metafield")(_metafield)
    computed(_owner, "metafields")(_metafields)
