"""The sandbox's state: every object by gid, as dicts keyed by GraphQL field name.

A field holding another object holds a reference `{"__ref": gid}`; a connection or list of
objects holds a list of such references. State is plain JSON, so it can be saved to a file.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from stockbridge.sandboxes.shopify.clock import Clock
from stockbridge.sandboxes.shopify.gid import gid_number, gid_type, make_gid

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
        # Inventory levels whose `available` changed since `inventory_levels/update` was last
        # published for them (the app publishes them after each request or tick).
        self.level_changes: dict[str, None] = {}
        # Totals a recording showed for a catalog the sandbox holds only part of:
        # (type, search query) -> recorded count, and -> how many of those it does not hold.
        self.observed_counts: dict[tuple[str, str], int] = {}
        self.unseen: dict[tuple[str, str], int] = {}
        # (type, search query) whose recorded listing went on past what the sandbox holds.
        self.observed_more: set[tuple[str, str]] = set()
        # (type, search query) -> ids a recorded listing returned for it: they match it.
        self.observed_matches: dict[tuple[str, str], set[str]] = {}

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
        if obj is None:
            obj = {"id": gid}
            self.objects[gid] = obj
            self.by_type.setdefault(gid_type(gid) or "", {})[gid] = None
            self.note_number(gid)
        if fields:
            obj.update(fields)
            if isinstance(fields.get("handle"), str):
                self.handles[(gid_type(gid) or "", fields["handle"])] = gid
        return obj

    def handle_owner(self, type_name: str, handle: str) -> str | None:
        """The gid holding `handle` among objects of `type_name`, if any."""
        gid = self.handles.get((type_name, handle))
        obj = self.objects.get(gid) if gid else None
        return gid if obj is not None and obj.get("handle") == handle else None

    def create(self, type_name: str, fields: Obj) -> Obj:
        return self.put(self.new_gid(type_name), fields)

    def delete(self, gid: str) -> None:
        if self.objects.pop(gid, None) is not None:
            self.by_type.get(gid_type(gid) or "", {}).pop(gid, None)

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
