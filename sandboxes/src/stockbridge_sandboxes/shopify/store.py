"""The sandbox's state: every object by gid, as dicts keyed by GraphQL field name.

A field holding another object holds a reference `{"__ref": gid}`; a connection or list of
objects holds a list of such references. State is plain JSON, so it can be saved to a file.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from stockbridge_sandboxes.shopify.clock import Clock
from stockbridge_sandboxes.shopify.gid import gid_number, gid_type, make_gid
from stockbridge_sandboxes.shopify.remainder import NOTHING, Remainder
from stockbridge_sandboxes.shopify.variant_limit import VariantLimit

Obj = dict[str, Any]


def ref(gid: str) -> Obj:
    return {"__ref": gid}


def is_ref(value: object) -> bool:
    return isinstance(value, dict) and "__ref" in value


class Store:
    """Objects by gid plus the bookkeeping the API needs (idempotency keys, counters)."""

    SHOP_DOMAIN = "stockbridge-sandbox.myshopify.com"

    def __init__(self, clock: Clock | None = None, shop_domain: str | None = None) -> None:
        self.clock = clock or Clock()
        self.shop_domain = shop_domain or self.SHOP_DOMAIN
        self.reset()

    def reset(self) -> None:
        self.objects: dict[str, Obj] = {}
        self.by_type: dict[str, dict[str, None]] = {}
        self.next_number = 1_000_000
        self.idempotency: dict[str, tuple[str, Any]] = {}
        self.staged_uploads: dict[str, bytes] = {}
        self.bulk_results: dict[str, bytes] = {}
        self.handles: dict[tuple[str, str], str] = {}  # (type, handle) -> gid
        # (type, sku lowercased) -> gids holding it (Shopify's `sku:` search ignores case),
        # kept by create/put/delete and `set_sku`; and each object's place in creation order.
        self.skus: dict[tuple[str, str], dict[str, None]] = {}
        self.order: dict[str, int] = {}
        # Inventory levels whose `available` changed since `inventory_levels/update` was last
        # published for them (the app publishes them after each request or tick).
        self.level_changes: dict[str, None] = {}
        # What the shop holds beyond this store (remainder.py): by default nothing.
        self.remainder: Remainder = NOTHING
        # Shopify's daily limit of new variants of large stores (variant_limit.py).
        self.variant_limit = VariantLimit()

    # ids -------------------------------------------------------------------------------
    def new_gid(self, type_name: str) -> str:
        self.next_number += 1
        return make_gid(type_name, self.next_number)

    def note_number(self, gid: str) -> None:
        number = gid_number(gid)
        if number.isdigit() and int(number) >= self.next_number and int(number) < 10**15:
            self.next_number = int(number)

    # objects ---------------------------------------------------------------------------
    def get(self, gid: object, type_name: str | None = None) -> Obj | None:
        if not isinstance(gid, str):
            return None
        obj = self.objects.get(gid)
        if obj is None or (type_name is not None and gid_type(gid) != type_name):
            return None
        return obj

    def put(self, gid: str, fields: Obj | None = None) -> Obj:
        """Create the object if new, then merge `fields` into it; returns it."""
        obj = self.objects.get(gid)
        type_name = gid_type(gid) or ""
        if obj is None:
            obj = {"id": gid}
            self.objects[gid] = obj
            self.by_type.setdefault(type_name, {})[gid] = None
            self.order[gid] = len(self.order)
            self.note_number(gid)
        if fields:
            if "sku" in fields:
                self._unindex_sku(type_name, obj)
            obj.update(fields)
            if isinstance(fields.get("handle"), str):
                self.handles[(type_name, fields["handle"])] = gid
            if "sku" in fields:
                self._index_sku(type_name, obj)
        return obj

    def handle_owner(self, type_name: str, handle: str) -> str | None:
        """The gid holding `handle` among objects of `type_name`, if any."""
        gid = self.handles.get((type_name, handle))
        obj = self.objects.get(gid) if gid else None
        return gid if obj is not None and obj.get("handle") == handle else None

    def create(self, type_name: str, fields: Obj) -> Obj:
        """A new object of `type_name` under the next number (no gid to parse: its type and
        number are known)."""
        self.next_number += 1
        gid = make_gid(type_name, self.next_number)
        obj = {"id": gid, **fields}
        self.objects[gid] = obj
        self.by_type.setdefault(type_name, {})[gid] = None
        self.order[gid] = len(self.order)
        if isinstance(fields.get("handle"), str):
            self.handles[(type_name, fields["handle"])] = gid
        if fields.get("sku") is not None:
            self._index_sku(type_name, obj)
        return obj

    def delete(self, gid: str) -> None:
        obj = self.objects.pop(gid, None)
        if obj is not None:
            type_name = gid_type(gid) or ""
            self.by_type.get(type_name, {}).pop(gid, None)
            self.order.pop(gid, None)
            self._unindex_sku(type_name, obj)

    # the SKU index ----------------------------------------------------------------------
    def set_sku(self, obj: Obj, sku: Any) -> None:
        """Write an object's `sku` (every SKU write goes here, so the index stays whole)."""
        type_name = gid_type(obj.get("id")) or ""
        self._unindex_sku(type_name, obj)
        obj["sku"] = sku
        self._index_sku(type_name, obj)

    def with_sku(self, type_name: str, sku: str) -> list[Obj]:
        """The objects of `type_name` whose SKU is `sku` (ignoring case), in creation order."""
        wanted = sku.lower()
        found = [
            obj
            for gid in self.skus.get((type_name, wanted), {})
            if (obj := self.objects.get(gid)) is not None
            and str(obj.get("sku") or "").lower() == wanted
        ]
        return sorted(found, key=lambda obj: self.order.get(obj["id"], 0))

    def _index_sku(self, type_name: str, obj: Obj) -> None:
        if isinstance(obj.get("sku"), str):
            self.skus.setdefault((type_name, obj["sku"].lower()), {})[obj["id"]] = None

    def _unindex_sku(self, type_name: str, obj: Obj) -> None:
        if isinstance(obj.get("sku"), str):
            held = self.skus.get((type_name, obj["sku"].lower()))
            if held is not None:
                held.pop(obj["id"], None)
                if not held:
                    del self.skus[(type_name, obj["sku"].lower())]

    def all(self, type_name: str) -> list[Obj]:
        return [self.objects[g] for g in self.by_type.get(type_name, {})]

    def deref(self, value: Any) -> Any:
        if is_ref(value):
            return self.objects.get(value["__ref"])
        return value

    def now(self) -> str:
        return self.clock.iso()

    # persistence ------------------------------------------------------------------------
    def save(self, path: Path) -> None:
        path.write_text(json.dumps({"objects": self.objects, "next": self.next_number}))

    def load(self, path: Path) -> None:
        data = json.loads(path.read_text())
        self.reset()
        for gid, obj in data["objects"].items():
            self.put(gid, obj)
        self.next_number = max(self.next_number, int(data["next"]))
