"""An order's localized fields (tax and shipping credentials some countries require).

`Order.localizedFields` and its deprecated twin `Order.localizationExtensions` are one list:
`orderUpdate` takes rows under either input name and upserts them by key (a key already set
gets the new value in place, a new key is appended), and both fields read the same rows.
"""

from __future__ import annotations

from typing import Any

from graphql import GraphQLResolveInfo

from stockbridge_sandboxes.shopify.resolvers.registry import Context, computed
from stockbridge_sandboxes.shopify.store import Obj

INPUTS = ("localizedFields", "localizationExtensions")


def localized_rows(order: Obj) -> list[Obj]:
    """The order's rows, whichever of the two names a recording stored them under."""
    for name in INPUTS:
        rows = order.get(name)
        if isinstance(rows, list) and rows:
            return rows
    return []


def upsert_localized_fields(order: Obj, data: Obj) -> None:
    """Apply the input's `localizedFields` / `localizationExtensions` rows to the order."""
    given = [row for name in INPUTS for row in data.get(name) or []]
    if not given:
        return
    rows = [dict(row) for row in localized_rows(order)]
    for entry in given:
        row = {"key": entry.get("key"), "value": entry.get("value")}
        for existing in rows:
            if existing.get("key") == row["key"]:
                existing["value"] = row["value"]
                break
        else:
            rows.append(row)
    order["localizedFields"] = rows
    order["localizationExtensions"] = rows


@computed("Order", "localizedFields")
@computed("Order", "localizationExtensions")
def order_localized_fields(
    _ctx: Context, order: Any, _args: dict[str, Any], _info: GraphQLResolveInfo
) -> list[Obj]:
    return localized_rows(order) if isinstance(order, dict) else []
