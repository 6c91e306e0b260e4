"""Reading Shopify's loose JSON into plain values: text, money, times, ids. A value of the
wrong type is refused naming its field (`Rejected`), never guessed."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import UTC, datetime
from decimal import Decimal
from typing import Any

from stockbridge.channels.errors import Rejected
from stockbridge.channels.port_payload import ZERO as ZERO
from stockbridge.channels.port_payload import money as money
from stockbridge.channels.port_payload import text as text


def rate(value: Any, field: str) -> Decimal | None:
    if value is None or value == "":
        return None
    return money(value, field)


def shop_money(bag: Any, field: str) -> Decimal:
    """The shop side of a MoneyBag / price_set (`shopMoney` or `shop_money`)."""
    if not isinstance(bag, Mapping):
        return ZERO
    side = bag.get("shopMoney") or bag.get("shop_money") or {}
    return money(side.get("amount") if isinstance(side, Mapping) else None, field)


def presentment_code(bag: Any) -> str:
    if not isinstance(bag, Mapping):
        return ""
    side = bag.get("presentmentMoney") or bag.get("presentment_money") or {}
    code = (
        side.get("currencyCode") or side.get("currency_code") if isinstance(side, Mapping) else ""
    )
    return str(code or "")


def when(value: Any, field: str) -> datetime | None:
    """An ISO 8601 time as aware UTC (None when absent)."""
    if value in (None, ""):
        return None
    if not isinstance(value, str):
        raise Rejected(field, "must be an ISO 8601 time")
    try:
        parsed = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError as exc:
        raise Rejected(field, f"must be an ISO 8601 time, got {value!r}"[:200]) from exc
    if parsed.tzinfo is None:
        raise Rejected(field, "must name its time zone")
    return parsed.astimezone(UTC)


def gid(kind: str, value: Any, gql_id: Any = None) -> str | None:
    """A Shopify global id: the `admin_graphql_api_id` when given, else built from the
    numeric REST id (None when there is neither)."""
    if isinstance(gql_id, str) and gql_id.startswith("gid://shopify/"):
        return gql_id
    if value in (None, "") or isinstance(value, bool):
        return None
    if isinstance(value, str) and value.startswith("gid://shopify/"):
        return value
    if isinstance(value, int) or (isinstance(value, str) and value.isdigit()):
        return f"gid://shopify/{kind}/{value}"
    return None


def quantity(value: Any, field: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise Rejected(field, f"must be a whole number, got {value!r}"[:200])
    return value


def tags(value: Any) -> tuple[str, ...]:
    """REST sends tags as one comma-separated string, GraphQL as a list."""
    if isinstance(value, str):
        items = value.split(",")
    elif isinstance(value, list):
        items = [str(v) for v in value]
    else:
        return ()
    return tuple(t.strip() for t in items if t.strip())
