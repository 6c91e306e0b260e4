"""What a scenario's own writes made: ids its compared create payloads report, and the
metafields its compared deletes report removing (so they are not taken as preconditions)."""

from __future__ import annotations

import re
from typing import Any

from stockbridge_sandboxes.shopify.store import ref


def data_trees(value: Any) -> list[Any]:
    """Every GraphQL `data` object inside a recorded section."""
    out: list[Any] = []
    if isinstance(value, dict):
        for key, item in value.items():
            if key == "data" and isinstance(item, dict):
                out.append(item)
            else:
                out.extend(data_trees(item))
    elif isinstance(value, list):
        for item in value:
            out.extend(data_trees(item))
    return out


# Keys under which a capture holds requests, responses or the proxy's own calls, not summaries.


CREATE_ROOT_RE = re.compile(r"^([a-z]\w*?)Create(\w*)$")


def created_ids(capture: Any, compared: list[list[Any]]) -> list[str]:
    """Ids of the objects compared create payloads made (`collectionCreate.collection`,
    `productCreateMedia.media`, `fileCreate.files`)."""
    out: list[str] = []
    for unit in compared:
        section: Any = capture
        for step in unit:
            if isinstance(section, dict) and isinstance(step, str):
                section = section.get(step)
            elif isinstance(section, list) and isinstance(step, int) and step < len(section):
                section = section[step]
            else:
                section = None
        for data in data_trees(section) if not (unit and unit[-1] == "data") else [section]:
            if not isinstance(data, dict):
                continue
            for root, payload in data.items():
                if isinstance(payload, dict) and _upsert_created(capture, unit, root):
                    # `productSet` with no identifier and no id creates its `product`.
                    made = payload.get(root[: -len("Set")])
                    if isinstance(made, dict) and isinstance(made.get("id"), str):
                        out.append(made["id"])
                    continue
                match = CREATE_ROOT_RE.match(root)
                if match is None or not isinstance(payload, dict):
                    continue
                # collectionCreate -> collection; productCreateMedia -> media; fileCreate -> files
                noun, suffix = match.group(1), match.group(2)
                names = [suffix[:1].lower() + suffix[1:]] if suffix else [noun, f"{noun}s"]
                # pubSubWebhookSubscriptionCreate -> webhookSubscription
                names += [
                    k
                    for k in payload
                    if not suffix and k not in names and noun.lower().endswith(k.lower())
                ]
                # metafieldDefinitionCreate -> createdDefinition
                names += [k for k in payload if k.startswith("created") and k not in names]
                for name in names:
                    made = payload.get(name)
                    for item in made if isinstance(made, list) else [made]:
                        if isinstance(item, dict) and isinstance(item.get("id"), str):
                            out.append(item["id"])
    return out


def _upsert_created(capture: Any, unit: list[Any], root: str) -> bool:
    """Whether a compared `<noun>Set` upsert created its object: its recorded variables name
    neither an `identifier` nor an `input.id`."""
    if not root.endswith("Set") or not unit or unit[-1] not in ("response", "data"):
        return False
    section: Any = capture
    for step in unit[:-1] if unit[-1] == "response" else unit[:-2]:
        section = section.get(step) if isinstance(section, dict) else None
    variables = section.get("variables") if isinstance(section, dict) else None
    if not isinstance(variables, dict):
        return False
    given = variables.get("input") or variables.get(root[: -len("Set")]) or {}
    return not variables.get("identifier") and not (isinstance(given, dict) and given.get("id"))


def deleted_metafields(capture: Any, compared: list[list[Any]]) -> list[dict[str, Any]]:
    """The `{ownerId, namespace, key}` a compared `metafieldsDelete` reports deleting."""
    out: list[dict[str, Any]] = []
    for unit in compared:
        section: Any = capture
        for step in unit:
            section = section.get(step) if isinstance(section, dict) else None
        for data in data_trees(section) if not (unit and unit[-1] == "data") else [section]:
            payload = data.get("metafieldsDelete") if isinstance(data, dict) else None
            rows = payload.get("deletedMetafields") if isinstance(payload, dict) else None
            for row in rows if isinstance(rows, list) else []:
                if isinstance(row, dict) and {"ownerId", "namespace", "key"} <= set(row):
                    out.append(row)
    return out


def ensure_metafield(store: Any, identifier: dict[str, Any]) -> None:
    owner = store.get(identifier["ownerId"]) or store.put(identifier["ownerId"], {})
    for entry in owner.get("metafields") or []:
        field = store.deref(entry) if isinstance(entry, dict) and "__ref" in entry else entry
        if isinstance(field, dict) and (field.get("namespace"), field.get("key")) == (
            identifier["namespace"],
            identifier["key"],
        ):
            return
    made = store.create(
        "Metafield",
        {"namespace": identifier["namespace"], "key": identifier["key"], "owner": ref(owner["id"])},
    )
    owner.setdefault("metafields", []).append(ref(made["id"]))
