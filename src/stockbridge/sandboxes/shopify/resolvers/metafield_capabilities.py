"""Metafield definition capabilities: `uniqueValues` (each value used by one owner only).

Shopify offers unique values for `single_line_text_field`, `number_integer`, `url` and `id`
(changelog "Adding unique values to metafields", 2025-01); an `id` definition requires it, so
it is on by default there and cannot be turned off.
"""

from __future__ import annotations

from typing import Any

from graphql import GraphQLResolveInfo

from stockbridge.sandboxes.shopify.resolvers.registry import Context, computed
from stockbridge.sandboxes.shopify.store import Obj

UNIQUE_ELIGIBLE = ("single_line_text_field", "number_integer", "url", "id")
UNIQUE_REQUIRED = ("id",)


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
    return {"uniqueValues": {"eligible": eligible, "enabled": bool(wanted) and eligible}}


def _type_name(definition: Obj) -> str:
    kind = definition.get("type")
    return str(kind.get("name") if isinstance(kind, dict) else kind or "")


@computed("MetafieldDefinition", "capabilities")
def definition_capabilities(
    _c: Context, src: Obj, _a: dict[str, Any], _i: GraphQLResolveInfo
) -> Any:
    recorded = src.get("capabilities")
    if isinstance(recorded, dict) and isinstance(recorded.get("uniqueValues"), dict):
        return recorded
    return capabilities_for(_type_name(src), None)
