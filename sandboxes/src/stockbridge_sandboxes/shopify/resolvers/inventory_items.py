"""`inventoryItemUpdate`: an item's tracking, shipping, origin, customs code, weight, cost.

Checks as Shopify words them (all reported together, nothing changed on any): a negative cost,
a negative weight, the unknown-region country code `ZZ` (the only `CountryCode` value that is
no country), and a harmonized system code that is not 6 to 13 digits.
"""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation
from typing import Any

from graphql import GraphQLResolveInfo

from stockbridge_sandboxes.shopify.resolvers.payloads import amount_text, currency_of, user_error
from stockbridge_sandboxes.shopify.resolvers.registry import Context, mutation
from stockbridge_sandboxes.shopify.store import Obj

UNIT_ABBREVIATIONS = {"KILOGRAMS": "kg", "GRAMS": "g", "POUNDS": "lb", "OUNCES": "oz"}
HS_CODE = re.compile(r"^\d{6,13}$")


def _number(value: Any) -> Decimal | None:
    try:
        return Decimal(str(value))
    except (InvalidOperation, ValueError):
        return None


def _text(value: Decimal) -> str:
    return format(value.normalize(), "f") if value != value.to_integral() else str(int(value))


def item_problems(data: Obj) -> list[Obj]:
    errors = []
    cost = _number(data.get("cost")) if data.get("cost") is not None else None
    if cost is not None and cost < 0:
        errors.append(user_error(["input", "cost"], "Cost must be greater than or equal to 0"))
    weight = (data.get("measurement") or {}).get("weight") or {}
    value = _number(weight.get("value")) if weight.get("value") is not None else None
    if value is not None and value < 0:
        unit = UNIT_ABBREVIATIONS.get(str(weight.get("unit")), str(weight.get("unit")).lower())
        errors.append(
            user_error(
                ["input", "measurement", "weight"],
                f"Measurement weight value {_text(value)} {unit} must be >= 0 {unit}",
            )
        )
    if data.get("countryCodeOfOrigin") == "ZZ":
        errors.append(
            user_error(["input", "countryCodeOfOrigin"], "Country code of origin is invalid")
        )
    code = data.get("harmonizedSystemCode")
    # Shopify keeps the digits only (as productVariantsBulkUpdate's item input does).
    if code is not None and code != "" and not HS_CODE.match(re.sub(r"\D", "", str(code))):
        errors.append(
            user_error(
                ["input", "harmonizedSystemCode"],
                "Harmonized system code must be a number between six and thirteen digits",
            )
        )
    return errors


@mutation("inventoryItemUpdate")
def inventory_item_update(
    ctx: Context, _s: Any, args: dict[str, Any], _i: GraphQLResolveInfo
) -> Any:
    store = ctx.store
    item = store.get(args.get("id"), "InventoryItem")
    data = dict(args.get("input") or {})
    if item is None:
        return {
            "inventoryItem": None,
            "userErrors": [user_error(["id"], "Inventory item does not exist")],
        }
    errors = item_problems(data)
    if errors:
        return {"inventoryItem": None, "userErrors": errors}
    for key, value in data.items():
        if key == "cost":
            item["unitCost"] = (
                None
                if value is None
                else {"amount": amount_text(value), "currencyCode": currency_of(store)}
            )
        elif key == "harmonizedSystemCode" and isinstance(value, str):
            item[key] = re.sub(r"\D", "", value)
        elif key == "measurement":
            item["measurement"] = {"weight": (value or {}).get("weight")}
        elif key == "sku":
            variant = store.deref(item.get("variant"))
            if variant is not None:
                store.set_sku(variant, value)
            store.set_sku(item, value)
        else:
            item[key] = value
    item["updatedAt"] = store.now()
    return {"inventoryItem": item, "userErrors": []}
