"""Hydration: put every object a recorded response shows into the sandbox, keeping its id.

Walks JSON (optionally alongside the query that produced it, to undo aliases): a dict with a
`gid://shopify/...` id becomes a store object merged field by field; a connection becomes a
list of references; other dicts are kept inline. Relations seen from one side are linked
from the other (a variant's product, a level's item) so reads and writes can follow them.
"""

from __future__ import annotations

from typing import Any

from graphql import (
    FieldNode,
    FragmentDefinitionNode,
    FragmentSpreadNode,
    InlineFragmentNode,
    OperationDefinitionNode,
    SelectionSetNode,
    get_named_type,
    parse,
    value_from_ast_untyped,
)
from graphql.error import GraphQLSyntaxError

from stockbridge_sandboxes.shopify.gid import gid_type
from stockbridge_sandboxes.shopify.parity.recorded_totals import recorded_totals
from stockbridge_sandboxes.shopify.resolvers.product_fields import TOTAL_LAG_SECONDS
from stockbridge_sandboxes.shopify.resolvers.reads import COUNTS, LISTS
from stockbridge_sandboxes.shopify.store import Obj, Store, is_ref, ref

CONNECTION_KEYS = {"edges", "nodes", "pageInfo", "totalCount"}
# (type, field holding children) -> field on each child pointing back at the parent
CHILD_BACKREF = {
    ("Product", "variants"): "product",
    ("InventoryItem", "inventoryLevels"): "item",
    ("Location", "inventoryLevels"): "location",
    ("Order", "fulfillmentOrders"): "order",
    ("Order", "fulfillments"): "order",
    ("Customer", "orders"): "customer",
}
# (type, single-object field) -> field on the target pointing back (one to one)
ONE_TO_ONE = {
    ("ProductVariant", "inventoryItem"): "variant",
    ("InventoryItem", "variant"): "inventoryItem",
}
# (type, single-object field) -> list field on the target that should contain this object
CHILD_OF = {
    ("InventoryLevel", "item"): "inventoryLevels",
    ("ProductVariant", "product"): "variants",
    ("FulfillmentOrder", "order"): "fulfillmentOrders",
}


def _is_connection(value: Any) -> bool:
    return (
        isinstance(value, dict)
        and bool(value)
        and set(value) <= CONNECTION_KEYS
        and ("edges" in value or "nodes" in value)
    )


def _id_argument(field: FieldNode, variables: dict[str, Any]) -> str | None:
    for arg in field.arguments or ():
        if arg.name.value == "id":
            value = value_from_ast_untyped(arg.value, variables)
            return value if isinstance(value, str) and gid_type(value) else None
    return None


def _has_more(value: Any) -> bool:
    info = value.get("pageInfo") if _is_connection(value) else None
    return isinstance(info, dict) and info.get("hasNextPage") is True


def _aliased_connection(parent: Obj, key: str, value: Any) -> str | None:
    """The field a recorded connection under an unknown name (an alias) windows: the only
    connection field of the parent's type that lists the type of its nodes."""
    from stockbridge_sandboxes.shopify.graph import schema

    if not _is_connection(value):
        return None
    parent_type = gid_type(parent.get("id"))
    kinds = {
        gid_type(item.get("id")) for item in _connection_items(value) if isinstance(item, dict)
    }
    if parent_type is None or len(kinds) != 1 or None in kinds:
        return None
    owner = schema().get_type(parent_type)
    fields = getattr(owner, "fields", None) or {}
    named = [
        name
        for name, field in fields.items()
        if get_named_type(field.type).name == f"{next(iter(kinds))}Connection"
    ]
    return named[0] if len(named) == 1 and named[0] != key else None


def _connection_items(value: Obj) -> list[Any]:
    if isinstance(value.get("nodes"), list):
        return list(value["nodes"])
    return [e.get("node") for e in value.get("edges") or [] if isinstance(e, dict)]


class Hydrator:
    def __init__(self, store: Store, only_missing: bool = False) -> None:
        self.store = store
        self.only_missing = only_missing
        recorded_totals(store)  # the store now stands for part of a recorded shop

    # -- raw JSON -------------------------------------------------------------------------
    def json(self, value: Any) -> Any:
        return self._convert(value, None, None)

    def _convert(self, value: Any, node: FieldNode | None, ctx: Any) -> Any:
        if isinstance(value, list):
            return [self._convert(v, node, ctx) for v in value]
        if not isinstance(value, dict):
            return value
        if _is_connection(value):
            return self._connection(value, node, ctx)
        gid = value.get("id")
        fields = self._fields(value, node, ctx)
        if gid_type(gid) is not None:
            return self._object(str(gid), fields)
        return fields

    def _connection(self, value: Obj, node: FieldNode | None, ctx: Any) -> list[Any]:
        items = _connection_items(value)
        inner = self._inner_node(node, ctx) if node is not None else None
        return [self._convert(item, inner, ctx) for item in items if item is not None]

    def _inner_node(self, node: FieldNode, ctx: Any) -> FieldNode | None:
        """The `nodes` or `edges.node` field under a connection field, to keep alias mapping."""
        for child in self._selections(node.selection_set, ctx):
            if child.name.value == "nodes":
                return child
            if child.name.value == "edges":
                for grandchild in self._selections(child.selection_set, ctx):
                    if grandchild.name.value == "node":
                        return grandchild
        return None

    def _fields(self, value: Obj, node: FieldNode | None, ctx: Any) -> Obj:
        out: Obj = {}
        if node is not None and node.selection_set is not None:
            covered: set[str] = set()
            for child in self._selections(node.selection_set, ctx):
                key = child.alias.value if child.alias else child.name.value
                if key in value:
                    covered.add(key)
                    out[child.name.value] = self._convert(value[key], child, ctx)
                    if _is_connection(value[key]) and "pageInfo" in value[key]:
                        out[f"__more:{child.name.value}"] = _has_more(value[key])
            # A recorded response may carry fields its query did not ask for (the recording
            # proxy merged reads): they are what the store held, under their own names; a
            # connection under an alias is another window of the one field listing its type.
            for key, item in value.items():
                if key in covered or key in out:
                    continue
                field = _aliased_connection(value, key, item)
                if field is not None and isinstance(out.get(field), list):
                    shown = {v["__ref"] for v in out[field] if is_ref(v)}
                    more = self._convert(item, None, None)
                    out[field] = out[field] + [
                        v for v in more if not (is_ref(v) and v["__ref"] in shown)
                    ]
                    out[f"__more:{field}"] = _has_more(item)
                else:
                    out[key] = self._convert(item, None, None)
            return out
        for key, item in value.items():
            out[key] = self._convert(item, None, None)
            if _is_connection(item) and "pageInfo" in item:
                out[f"__more:{key}"] = _has_more(item)
        return out

    def _selections(self, selection_set: SelectionSetNode | None, ctx: Any) -> list[FieldNode]:
        out: list[FieldNode] = []
        if selection_set is None:
            return out
        for selection in selection_set.selections:
            if isinstance(selection, FieldNode):
                out.append(selection)
            elif isinstance(selection, InlineFragmentNode):
                out.extend(self._selections(selection.selection_set, ctx))
            elif isinstance(selection, FragmentSpreadNode) and ctx:
                fragment = ctx.get(selection.name.value)
                if fragment is not None:
                    out.extend(self._selections(fragment.selection_set, ctx))
        return out

    def _object(self, gid: str, fields: Obj) -> Obj:
        store = self.store
        existing = store.get(gid)
        if existing is not None and self.only_missing:
            # A later recording fills in only the fields no earlier one showed.
            for key, value in fields.items():
                if key == "sku" and key not in existing:
                    store.set_sku(existing, value)
                elif key not in existing and not isinstance(value, list):
                    existing[key] = value
            return ref(gid)
        merged: Obj = {}
        for key, value in fields.items():
            old = existing.get(key) if existing else None
            if (
                isinstance(value, list)
                and isinstance(old, list)
                and value
                and all(is_ref(v) for v in value)
                and all(is_ref(v) for v in old)
            ):
                seen = {v["__ref"] for v in old}
                shown = {v["__ref"] for v in value}
                # A list that shows everything earlier ones did shows Shopify's order; a
                # partial one (a later page) follows what was seen.
                merged[key] = (
                    value if seen <= shown else old + [v for v in value if v["__ref"] not in seen]
                )
            elif (
                isinstance(value, list)
                and isinstance(old, list)
                and value
                and all(isinstance(v, dict) and "name" in v and "id" not in v for v in value)
            ):
                by_name = {v.get("name"): v for v in old if isinstance(v, dict)}
                for v in value:
                    by_name[v["name"]] = {**by_name.get(v["name"], {}), **v}
                merged[key] = list(by_name.values())
            else:
                merged[key] = value
        obj = store.put(gid, merged)
        obj["__hydrated"] = True
        if gid_type(gid) == "Product" and isinstance(merged.get("totalInventory"), int):
            # The recorded total may lag the recorded quantities, as Shopify's does after an
            # inventory change: it stands until the lag has passed or the product is written.
            obj["__heldTotal"] = merged["totalInventory"]
            obj["__heldUntil"] = store.clock.now() + TOTAL_LAG_SECONDS
        self._link(obj)
        return ref(gid)

    def _link(self, obj: Obj) -> None:
        type_name = gid_type(obj["id"]) or ""
        for (parent_type, field), back in CHILD_BACKREF.items():
            if parent_type == type_name and isinstance(obj.get(field), list):
                for item in obj[field]:
                    child = self.store.deref(item) if is_ref(item) else None
                    if child is not None and back not in child:
                        child[back] = ref(obj["id"])
        for (own_type, field), back in ONE_TO_ONE.items():
            target = self.store.deref(obj.get(field)) if is_ref(obj.get(field)) else None
            if own_type == type_name and target is not None and back not in target:
                target[back] = ref(obj["id"])
        for (own_type, field), list_field in CHILD_OF.items():
            target = self.store.deref(obj.get(field)) if is_ref(obj.get(field)) else None
            if own_type == type_name and target is not None:
                children = target.setdefault(list_field, [])
                if isinstance(children, list) and ref(obj["id"]) not in children:
                    children.append(ref(obj["id"]))

    # -- catalog totals ----------------------------------------------------------------------
    def _observe(self, field: FieldNode, value: Any, variables: dict[str, Any]) -> None:
        """Remember a root count or an unfinished root listing: the recorded store holds more
        than the objects it showed. Refill reads (recorded after the scenario's writes) say
        nothing about the store before them, so they are not observed."""
        if self.only_missing or not isinstance(value, dict):
            return
        name = field.name.value
        query_text = ""
        for arg in field.arguments or ():
            if arg.name.value == "query":
                found = value_from_ast_untyped(arg.value, variables)
                query_text = found.strip() if isinstance(found, str) else ""
        totals = recorded_totals(self.store)
        if name in COUNTS and isinstance(value.get("count"), int):
            if value.get("precision", "EXACT") == "EXACT":
                totals.count((COUNTS[name], query_text), value["count"])
        elif name in LISTS:
            paged = any(
                a.name.value == "after" and value_from_ast_untyped(a.value, variables) is not None
                for a in field.arguments or ()
            )
            shown = {
                str(item["id"])
                for item in _connection_items(value)
                if isinstance(item, dict) and isinstance(item.get("id"), str)
            }
            totals.listing(
                (LISTS[name], query_text),
                shown,
                goes_on=_has_more(value),
                last_page=paged and isinstance(value.get("pageInfo"), dict),
            )

    # -- a response with the query that produced it ---------------------------------------
    def response(
        self,
        query: str | None,
        data: Any,
        variables: dict[str, Any] | None = None,
        arguments: dict[str, Any] | None = None,
    ) -> None:
        """Hydrate `data` read by `query`. With `variables`, a root object read recorded as
        null (e.g. `product(id:)`) also removes that object: the store did not have it.
        `arguments` (or `variables`) resolve root arguments for the catalog totals a read
        shows (counts, a listing that goes on)."""
        if not isinstance(data, dict):
            return
        if not query:
            self.json(data)
            return
        try:
            document = parse(query)
        except GraphQLSyntaxError:
            self.json(data)
            return
        fragments = {
            d.name.value: d for d in document.definitions if isinstance(d, FragmentDefinitionNode)
        }
        for definition in document.definitions:
            if isinstance(definition, OperationDefinitionNode):
                for field in self._selections(definition.selection_set, fragments):
                    key = field.alias.value if field.alias else field.name.value
                    if key in data and data[key] is None and variables is not None:
                        gid = _id_argument(field, variables)
                        if gid is not None:
                            self.store.delete(gid)
                    elif key in data:
                        self._convert(data[key], field, fragments)
                        self._observe(field, data[key], arguments or variables or {})
