"""Metafield definitions: `metafieldDefinitionCreate/Update/Delete`, and the type a definition
gives `metafieldsSet` rows that omit theirs.

Checks and wording are Shopify's: namespace 3-255 and key 2-64 characters of
letters, digits, `-` and `_`; name up to 255; a known type (the error lists them all);
validation options the type supports, with values of the right kind; one definition per
(owner type, namespace, key); at most 256 definitions per owner type.
"""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation
from typing import Any

from graphql import GraphQLResolveInfo

from stockbridge_sandboxes.shopify import connections
from stockbridge_sandboxes.shopify.resolvers.metafield_capabilities import (
    capabilities_for,
    capability_problems,
)
from stockbridge_sandboxes.shopify.resolvers.registry import Context, mutation, query
from stockbridge_sandboxes.shopify.resolvers.webhooks import app_namespace
from stockbridge_sandboxes.shopify.store import Obj, Store

MAX_PER_OWNER_TYPE = 256
NAME_RE = re.compile(r"^[A-Za-z0-9_-]+$")
MEASUREMENTS = [
    "antenna_gain", "area", "battery_charge_capacity", "battery_energy_capacity", "capacitance",
    "concentration", "data_storage_capacity", "data_transfer_rate", "dimension",
    "display_density", "distance", "duration", "electric_current", "electrical_resistance",
    "energy", "frequency", "illuminance", "inductance", "luminous_flux", "mass_flow_rate",
    "power", "pressure", "resolution", "rotational_speed", "sound_level", "speed",
    "temperature", "thermal_power", "voltage", "volume", "volumetric_flow_rate", "weight",
]  # fmt: skip
_SCALARS = [
    *MEASUREMENTS, "boolean", "color", "date_time", "date", "id", "json", "jurisdiction",
    "language", "link", "money", "multi_line_text_field", "number_decimal", "number_integer",
    "rating", "rich_text_field", "single_line_text_field", "url",
]  # fmt: skip
_LISTABLE = [
    *MEASUREMENTS, "color", "date_time", "date", "jurisdiction", "link", "number_decimal",
    "number_integer", "rating", "single_line_text_field", "url",
]  # fmt: skip
_REFERENCES = [
    "company_reference", "list.company_reference", "customer_reference",
    "list.customer_reference", "product_reference", "list.product_reference",
    "collection_reference", "list.collection_reference", "variant_reference",
    "list.variant_reference", "file_reference", "list.file_reference",
    "product_taxonomy_value_reference", "list.product_taxonomy_value_reference",
    "product_taxonomy_disclosure_reference", "metaobject_reference",
    "list.metaobject_reference", "mixed_reference", "list.mixed_reference",
    "disclosure_reference", "list.disclosure_reference", "page_reference",
    "list.page_reference", "article_reference", "list.article_reference", "order_reference",
    "list.order_reference",
]  # fmt: skip


def _order(name: str) -> str:
    # Shopify sorts the end of a name between `_` and letters (`date_time`, `date`, `dates`).
    return name + "`"


VALID_TYPES: list[str] = [
    *sorted([*_SCALARS, *(f"list.{t}" for t in _LISTABLE)], key=_order),
    *_REFERENCES,
]
CATEGORIES = {
    "single_line_text_field": "TEXT",
    "multi_line_text_field": "TEXT",
    "rich_text_field": "TEXT",
    "number_integer": "NUMBER",
    "number_decimal": "NUMBER",
    "boolean": "TRUE_FALSE",
    "date": "DATE_TIME",
    "date_time": "DATE_TIME",
    "money": "MEASUREMENT",
    "url": "URL",
    "link": "URL",
    "color": "COLOR",
    "json": "JSON",
    "rating": "RATING",
    **{m: "MEASUREMENT" for m in MEASUREMENTS},
}
# The validation options each base type takes, and the kind of value each option needs.
OPTIONS: dict[str, dict[str, str]] = {
    "single_line_text_field": {
        "min": "integer", "max": "integer", "regex": "text", "choices": "json",
    },
    "multi_line_text_field": {"min": "integer", "max": "integer", "regex": "text"},
    "number_integer": {"min": "integer", "max": "integer"},
    "number_decimal": {"min": "decimal", "max": "decimal", "max_precision": "integer"},
    "date": {"min": "text", "max": "text"},
    "date_time": {"min": "text", "max": "text"},
    "url": {"allowed_domains": "json"},
    "rating": {"scale_min": "decimal", "scale_max": "decimal"},
    "json": {"schema": "json"},
}  # fmt: skip
KIND_WORDS = {"integer": "an integer", "decimal": "a decimal"}


def _error(field: list[str], message: str, code: str) -> Obj:
    return {"field": field, "message": message, "code": code, "elementIndex": None}


def _text_problems(field: str, value: str, low: int, high: int) -> list[Obj]:
    label = field.capitalize()
    where = ["definition", field]
    if len(value) < low:
        message = f"{label} is too short (minimum is {low} characters)"
        return [_error(where, message, "TOO_SHORT")]
    if len(value) > high:
        message = f"{label} is too long (maximum is {high} characters)"
        return [_error(where, message, "TOO_LONG")]
    if not NAME_RE.match(value):
        message = f"{label} contains one or more invalid characters."
        return [_error(where, message, "INVALID_CHARACTER")]
    return []


def _option_problems(type_name: str, validations: list[Obj] | None) -> list[Obj]:
    base = type_name.removeprefix("list.")
    allowed = OPTIONS.get(base, {})
    out: list[Obj] = []
    for option in validations or []:
        name, value = str(option.get("name")), str(option.get("value"))
        where = ["definition", "validations"]
        if name not in allowed and not (type_name.startswith("list.") and name in ("min", "max")):
            message = (
                f"Validations value for option {name} contains an invalid value: "
                f"'{name}' isn't supported for {type_name}."
            )
            out.append(_error(where, message, "INVALID_OPTION"))
            continue
        kind = allowed.get(name, "integer")
        if kind in KIND_WORDS and not _is_kind(value, kind):
            message = f"Validations value for option {name} must be {KIND_WORDS[kind]}."
            out.append(_error(where, message, "INVALID_OPTION"))
    return out


def _is_kind(value: str, kind: str) -> bool:
    if kind == "integer":
        return re.fullmatch(r"-?\d+", value.strip()) is not None
    try:
        Decimal(value.strip())
    except InvalidOperation:
        return False
    return True


def definitions(store: Store, owner_type: str | None = None) -> list[Obj]:
    found = [d for d in store.all("MetafieldDefinition") if not d.get("__deleted")]
    return [d for d in found if owner_type is None or d.get("ownerType") == owner_type]


def find_definition(store: Store, owner_type: str, namespace: str, key: str) -> Obj | None:
    for definition in definitions(store, owner_type):
        if definition.get("namespace") == namespace and definition.get("key") == key:
            return definition
    return None


def _type_name(definition: Obj) -> str:
    kind = definition.get("type")
    return str(kind.get("name") if isinstance(kind, dict) else kind or "")


def definition_type(store: Store, owner_type: str, namespace: str, key: str) -> str | None:
    """The type the definition for (owner type, namespace, key) gives its metafields."""
    definition = find_definition(store, owner_type, namespace, key)
    return _type_name(definition) or None if definition is not None else None


def _validations(rows: list[Obj] | None) -> list[Obj]:
    return [{"name": r.get("name"), "value": r.get("value"), "type": "text"} for r in rows or []]


@mutation("metafieldDefinitionCreate")
def definition_create(ctx: Context, _s: Any, args: dict[str, Any], _i: GraphQLResolveInfo) -> Any:
    store = ctx.store
    data = dict(args.get("definition") or {})
    namespace = str(data.get("namespace") or "custom")
    key = str(data.get("key") or "")
    owner_type = str(data.get("ownerType"))
    type_name = str(data.get("type") or "")
    errors = _text_problems("namespace", namespace, 3, 255) + _text_problems("key", key, 2, 64)
    name = str(data.get("name") or "")
    if not name.strip():
        errors.append(_error(["definition", "name"], "Name can't be blank", "BLANK"))
    elif len(name) > 255:
        message = "Name is too long (maximum is 255 characters)"
        errors.append(_error(["definition", "name"], message, "TOO_LONG"))
    if type_name not in VALID_TYPES:
        message = (
            f"Type name {type_name} is not a valid type. Valid types are: {', '.join(VALID_TYPES)}."
        )
        errors.append(_error(["definition", "type"], message, "INCLUSION"))
    else:
        errors += _option_problems(type_name, data.get("validations"))
        errors += capability_problems(type_name, data.get("capabilities"))
    if not errors and find_definition(store, owner_type, namespace, key) is not None:
        message = (
            f"Key is in use for {owner_type.title()} metafields on the '{namespace}' namespace."
        )
        errors.append(_error(["definition", "key"], message, "TAKEN"))
    if not errors and len(definitions(store, owner_type)) >= MAX_PER_OWNER_TYPE:
        message = f"Stores can only have {MAX_PER_OWNER_TYPE} definitions for each store resource."
        errors.append(_error(["definition"], message, "RESOURCE_TYPE_LIMIT_EXCEEDED"))
    if errors:
        return {"createdDefinition": None, "userErrors": errors}
    pinned = [d.get("pinnedPosition") or 0 for d in definitions(store, owner_type)]
    created = store.create(
        "MetafieldDefinition",
        {
            "name": name,
            "namespace": namespace,
            "key": key,
            "ownerType": owner_type,
            "description": data.get("description"),
            "type": {
                "name": type_name,
                "category": CATEGORIES.get(type_name.removeprefix("list."), "REFERENCE"),
            },
            "validations": _validations(data.get("validations")),
            "pinnedPosition": max(pinned, default=0) + 1 if data.get("pin") else None,
            "validationStatus": "ALL_VALID",
            "useAsCollectionCondition": bool(data.get("useAsCollectionCondition")),
            "metafieldsCount": 0,
            "capabilities": capabilities_for(type_name, data.get("capabilities")),
        },
    )
    return {"createdDefinition": created, "userErrors": []}


@mutation("metafieldDefinitionUpdate")
def definition_update(ctx: Context, _s: Any, args: dict[str, Any], _i: GraphQLResolveInfo) -> Any:
    data = dict(args.get("definition") or {})
    namespace = str(data.get("namespace") or "custom")
    found = find_definition(
        ctx.store, str(data.get("ownerType")), namespace, str(data.get("key") or "")
    )
    if found is None:
        return {
            "updatedDefinition": None,
            "userErrors": [_error(["definition"], "Definition not found.", "NOT_FOUND")],
            "validationJob": None,
        }
    errors: list[Obj] = []
    for field, label in (("name", "Name"), ("description", "Description")):
        if data.get(field) is not None and len(str(data[field])) > 255:
            message = f"{label} is too long (maximum is 255 characters)"
            errors.append(_error(["definition", field], message, "TOO_LONG"))
    if data.get("validations") is not None:
        errors += _option_problems(_type_name(found), data["validations"])
    errors += capability_problems(_type_name(found), data.get("capabilities"))
    if errors:
        return {"updatedDefinition": None, "userErrors": errors, "validationJob": None}
    for field in ("name", "description"):
        if data.get(field) is not None:
            found[field] = data[field]
    if data.get("validations") is not None:
        found["validations"] = _validations(data["validations"])
    if data.get("capabilities") is not None:
        found["capabilities"] = capabilities_for(
            _type_name(found), data["capabilities"], found.get("capabilities")
        )
    if data.get("pin") is True and found.get("pinnedPosition") is None:
        pinned = [d.get("pinnedPosition") or 0 for d in definitions(ctx.store, found["ownerType"])]
        found["pinnedPosition"] = max(pinned, default=0) + 1
    elif data.get("pin") is False:
        found["pinnedPosition"] = None
    return {"updatedDefinition": found, "userErrors": [], "validationJob": None}


@mutation("metafieldDefinitionDelete")
def definition_delete(ctx: Context, _s: Any, args: dict[str, Any], _i: GraphQLResolveInfo) -> Any:
    found: Obj | None = None
    if args.get("id"):
        found = ctx.store.get(args["id"], "MetafieldDefinition")
    elif args.get("identifier"):
        ident = args["identifier"]
        found = find_definition(
            ctx.store,
            str(ident.get("ownerType")),
            str(ident.get("namespace") or "custom"),
            str(ident.get("key") or ""),
        )
    if found is None or found.get("__deleted"):
        return {
            "deletedDefinitionId": None,
            "deletedDefinition": None,
            "userErrors": [_error(["id"], "Definition not found.", "NOT_FOUND")],
        }
    if args.get("deleteAllAssociatedMetafields"):
        for metafield in ctx.store.all("Metafield"):
            if (metafield.get("definition") or {}).get("__ref") == found["id"]:
                metafield["__deleted"] = True
    ctx.store.delete(found["id"])
    identity = {k: found.get(k) for k in ("ownerType", "namespace", "key")}
    return {"deletedDefinitionId": found["id"], "deletedDefinition": identity, "userErrors": []}


@query("metafieldDefinition")
def definition_read(ctx: Context, _s: Any, args: dict[str, Any], _i: GraphQLResolveInfo) -> Any:
    """One definition by id or by (owner type, namespace, key); null when there is none."""
    if args.get("id"):
        found = ctx.store.get(args["id"], "MetafieldDefinition")
    else:
        ident = args.get("identifier") or {}
        found = find_definition(
            ctx.store,
            str(ident.get("ownerType")),
            app_namespace(ctx, str(ident.get("namespace") or "$app")),
            str(ident.get("key") or ""),
        )
    return None if found is None or found.get("__deleted") else found


@query("metafieldDefinitions")
def definitions_read(ctx: Context, _s: Any, args: dict[str, Any], _i: GraphQLResolveInfo) -> Any:
    """An owner type's definitions, narrowed by namespace, key and pinned status (the search
    `query:`, sort and window are the connection's)."""
    found = definitions(ctx.store, str(args.get("ownerType")))
    if args.get("namespace"):
        namespace = app_namespace(ctx, str(args["namespace"]))
        found = [d for d in found if d.get("namespace") == namespace]
    if args.get("key"):
        found = [d for d in found if d.get("key") == args["key"]]
    pinned = args.get("pinnedStatus") or "ANY"
    if pinned != "ANY":
        found = [d for d in found if (d.get("pinnedPosition") is not None) == (pinned == "PINNED")]
    connections.check_window(args)
    if args.get("sortKey") == "PINNED_POSITION":
        # Shopify lists the highest pinned position first, unpinned definitions after.
        found = sorted(
            found,
            key=lambda d: (d.get("pinnedPosition") is None, -(d.get("pinnedPosition") or 0)),
        )
        return connections.build(ctx.store, found, {**args, "sortKey": None}, ordered=True)
    return connections.build(ctx.store, found, args)
