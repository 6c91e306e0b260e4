"""Metafield definition capabilities and access.

`uniqueValues` (each value used by one owner only): Shopify offers it for
`single_line_text_field`, `number_integer`, `url` and `id` (changelog "Adding unique values to
metafields", 2025-01); an `id` definition requires it, so it is on by default there and cannot
be turned off. `smartCollectionCondition`: the types a collection condition can test (boolean,
decimal, integer, metaobject (list), string (list) conditions in Shopify's docs).
`adminFilterable`: eligible for the types the recordings show eligible, off until enabled.
Access defaults to what every recorded definition shows (admin read/write, no storefront or
customer-account access).
"""

from __future__ import annotations

from typing import Any

from graphql import GraphQLResolveInfo

from stockbridge_sandboxes.shopify.resolvers.registry import Context, computed
from stockbridge_sandboxes.shopify.store import Obj

UNIQUE_ELIGIBLE = ("single_line_text_field", "number_integer", "url", "id")
UNIQUE_REQUIRED = ("id",)
CONDITION_ELIGIBLE = (
    "boolean",
    "number_decimal",
    "number_integer",
    "metaobject_reference",
    "list.metaobject_reference",
    "single_line_text_field",
    "list.single_line_text_field",
)
FILTER_ELIGIBLE = ("single_line_text_field", "dimension", "list.metaobject_reference")
DEFAULT_ACCESS = {"admin": "PUBLIC_READ_WRITE", "storefront": "NONE", "customerAccount": "NONE"}


def capability_problems(type_name: str, capabilities: Obj | None) -> list[Obj]:
    """Shopify's userErrors for a definition input's capabilities."""
    wanted = ((capabilities or {}).get("uniqueValues") or {}).get("enabled")
    if type_name in UNIQUE_REQUIRED and wanted is False:
        return [
            {
                "field": ["definition"],
                "message": f"Capability unique_values is required for type {type_name} "
                "but is disabled",
                "code": "CAPABILITY_REQUIRED_BUT_DISABLED",
            }
        ]
    return []


def capabilities_for(type_name: str, capabilities: Obj | None, current: Obj | None = None) -> Obj:
    """The capabilities a definition of `type_name` has after an input asked for some."""
    eligible = type_name in UNIQUE_ELIGIBLE
    before = ((current or {}).get("uniqueValues") or {}).get("enabled")
    wanted = ((capabilities or {}).get("uniqueValues") or {}).get("enabled")
    if wanted is None:
        wanted = before if before is not None else type_name in UNIQUE_REQUIRED
    out: dict[str, dict[str, Any]] = {
        "uniqueValues": {"eligible": eligible, "enabled": bool(wanted) and eligible}
    }
    for name, eligible_types in (
        ("smartCollectionCondition", CONDITION_ELIGIBLE),
        ("adminFilterable", FILTER_ELIGIBLE),
    ):
        asked = ((capabilities or {}).get(name) or {}).get("enabled")
        if asked is None:
            asked = ((current or {}).get(name) or {}).get("enabled")
        on = bool(asked) and type_name in eligible_types
        out[name] = {"eligible": type_name in eligible_types, "enabled": on}
        if name == "adminFilterable":
            out[name]["status"] = "FILTERABLE" if on else "NOT_FILTERABLE"
    return out


def _type_name(definition: Obj) -> str:
    kind = definition.get("type")
    return str(kind.get("name") if isinstance(kind, dict) else kind or "")


@computed("MetafieldDefinition", "capabilities")
def definition_capabilities(
    _c: Context, src: Obj, _a: dict[str, Any], _i: GraphQLResolveInfo
) -> Any:
    found = src.get("capabilities")
    recorded: dict[str, Any] = found if isinstance(found, dict) else {}
    defaults = capabilities_for(
        _type_name(src),
        {"smartCollectionCondition": {"enabled": src.get("useAsCollectionCondition")}}
        if src.get("useAsCollectionCondition")
        else None,
    )
    # A recording may show part of a capability; the rest follows the type.
    return {name: {**value, **(recorded.get(name) or {})} for name, value in defaults.items()}


@computed("MetafieldDefinition", "access")
def definition_access(_c: Context, src: Obj, _a: dict[str, Any], _i: GraphQLResolveInfo) -> Any:
    found = src.get("access")
    recorded: dict[str, Any] = found if isinstance(found, dict) else {}
    return {**DEFAULT_ACCESS, **recorded}


@computed("MetafieldDefinition", "metafields")
def definition_metafields(
    ctx: Context, src: Obj, _a: dict[str, Any], _i: GraphQLResolveInfo
) -> Any:
    """The metafields the definition governs: those linked to it, or on its owner type under
    its namespace and key."""
    out = []
    for field in ctx.store.all("Metafield"):
        if field.get("__deleted"):
            continue
        linked = (field.get("definition") or {}).get("__ref") == src.get("id")
        same = (field.get("ownerType"), field.get("namespace"), field.get("key")) == (
            src.get("ownerType"),
            src.get("namespace"),
            src.get("key"),
        )
        if linked or same:
            out.append(field)
    return out
