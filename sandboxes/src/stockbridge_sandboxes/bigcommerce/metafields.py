"""Variant metafields (v3 batch): `POST /catalog/variants/metafields` makes them (one per
variant, namespace and key: a second is 409), `PUT` changes them by `id`, `GET` lists them
(`resource_id:in`). The batch is all or nothing."""

from __future__ import annotations

from typing import Any

from .answers import StoreError, ids_in
from .store import Doc, Store

PERMISSIONS = ("app_only", "read", "write", "read_and_sf_access", "write_and_sf_access")
MAX_BATCH = 50


def _invalid(where: str, reason: str) -> StoreError:
    return StoreError(422, "JSON data is missing or invalid", {where: reason})


def _checked(body: Any) -> list[dict[str, Any]]:
    if not isinstance(body, list) or not body or len(body) > MAX_BATCH:
        raise _invalid("body", f"a list of 1 to {MAX_BATCH} metafields")
    for n, entry in enumerate(body):
        if not isinstance(entry, dict):
            raise _invalid(f"[{n}]", "must be an object")
        for name, top in (("key", 64), ("namespace", 64), ("value", 65535)):
            value = entry.get(name)
            given = name in entry or "id" not in entry  # a create needs all three
            if given and (not isinstance(value, str) or not 1 <= len(value) <= top):
                raise _invalid(f"[{n}].{name}", f"must be 1 to {top} characters")
        if entry.get("permission_set", "write") not in PERMISSIONS:
            raise _invalid(f"[{n}].permission_set", "unknown permission set")
    return body


def create(store: Store, body: Any) -> list[Doc]:
    entries = _checked(body)
    held = {(m["resource_id"], m["namespace"], m["key"]) for m in store.variant_metafields.values()}
    for n, entry in enumerate(entries):
        if entry.get("resource_id") not in store.variants:
            raise _invalid(f"[{n}].resource_id", "no variant with this id")
        key = (entry["resource_id"], entry["namespace"], entry["key"])
        if key in held:
            raise StoreError(409, f"a metafield {entry['namespace']}.{entry['key']} exists")
        held.add(key)
    now = store.clock.rfc3339()
    made = []
    for entry in entries:
        doc = {
            "id": store.next_id("metafield"),
            "key": entry["key"],
            "value": entry["value"],
            "namespace": entry["namespace"],
            "permission_set": entry.get("permission_set", "write"),
            "resource_type": "variant",
            "resource_id": entry["resource_id"],
            "description": str(entry.get("description", "")),
            "date_created": now,
            "date_modified": now,
            "owner_client_id": "sandbox-client",
        }
        store.variant_metafields[doc["id"]] = doc
        made.append(doc)
    return made


def update(store: Store, body: Any) -> list[Doc]:
    entries = _checked(body)
    for n, entry in enumerate(entries):
        if entry.get("id") not in store.variant_metafields:
            raise _invalid(f"[{n}].id", "no metafield with this id")
    changed = []
    for entry in entries:
        doc = store.variant_metafields[entry["id"]]
        for name in ("value", "description", "permission_set"):
            if name in entry:
                doc[name] = entry[name]
        doc["date_modified"] = store.clock.rfc3339()
        changed.append(doc)
    return changed


def listed(store: Store, query: dict[str, str]) -> list[Doc]:
    rows = list(store.variant_metafields.values())
    wanted = ids_in(query, "resource_id:in")
    if wanted is not None:
        rows = [m for m in rows if m["resource_id"] in wanted]
    return rows


def batch_answer(made: list[Doc]) -> dict[str, Any]:
    return {
        "data": made,
        "errors": [],
        "meta": {"total": len(made), "success": len(made), "failed": 0},
    }
