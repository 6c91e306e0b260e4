"""Inventory: v3.0 replenishment rows per warehouse and size (`immediate`, `future` by date,
`Prebook`), the legacy per-product inventory post, and the availability flag recompute.

A row is `{warehouse_id, sku_id, display_name, prebook, period_start ("MM/dd/yyyy"),
period_end (null = open), quantity, active}`; `quantity` is null if and only if `prebook`
is true. Answers echo each row with `id`, `display_quantity` and `period_start` as epoch ms.
Available to sell on a date is the sum of the active rows whose period has started."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

from .http import PortalError
from .store import Doc, Portal

NAMES = ("immediate", "future", "Prebook")


def _day(value: Any, field: str, *, nullable: bool) -> date | None:
    if value is None and nullable:
        return None
    try:
        month, day, year = str(value).split("/")
        return date(int(year), int(month), int(day))
    except ValueError:
        raise PortalError(400, f"{field} must be a date written MM/dd/yyyy") from None


def _epoch_ms(day: date) -> int:
    return int(datetime(day.year, day.month, day.day, tzinfo=UTC).timestamp() * 1000)


def _row(portal: Portal, warehouse_id: str, body: Any, sku_id: str | None = None) -> Doc:
    if warehouse_id not in portal.warehouses:
        raise PortalError(404, "warehouse not found")
    if not isinstance(body, dict):
        raise PortalError(400, "a replenishment row must be an object")
    sku = sku_id or body.get("sku_id")
    if not isinstance(sku, str) or portal.size_by_id(sku) is None:
        raise PortalError(404, f"sku {sku} not found")
    name = body.get("display_name")
    if name not in NAMES:
        raise PortalError(400, f"display_name must be one of {', '.join(NAMES)}")
    prebook = body.get("prebook", False)
    if not isinstance(prebook, bool):
        raise PortalError(400, "prebook must be true or false")
    quantity = body.get("quantity")
    if prebook != (quantity is None):
        raise PortalError(400, "quantity must be null if and only if prebook is true")
    if quantity is not None and (not isinstance(quantity, int) or isinstance(quantity, bool)):
        raise PortalError(400, "quantity must be a whole number")
    start = _day(body.get("period_start"), "period_start", nullable=False)
    end = _day(body.get("period_end"), "period_end", nullable=True)
    assert start is not None
    if end is not None and end < start:
        raise PortalError(400, "period_end must not be before period_start")
    return {
        "warehouse_id": warehouse_id,
        "sku_id": sku,
        "display_name": name,
        "prebook": prebook,
        "period_start": _epoch_ms(start),
        "period_end": None if end is None else _epoch_ms(end),
        "quantity": quantity,
        "display_quantity": quantity,
        "active": bool(body.get("active", True)),
    }


def _store(portal: Portal, row: Doc) -> Doc:
    """Create or update: a row is the same row when warehouse, size, name and start match."""
    for existing in portal.replenishments.values():
        if all(existing[k] == row[k] for k in ("warehouse_id", "sku_id", "display_name",
                                                "period_start")):  # fmt: skip
            existing.update(row)
            return existing
    row["id"] = portal.new_id()
    portal.replenishments[row["id"]] = row
    return row


def put_bulk(portal: Portal, warehouse_id: str, body: Any) -> list[Doc]:
    rows = body.get("replenishments") if isinstance(body, dict) else None
    if not isinstance(rows, list):
        raise PortalError(400, "replenishments must be a list of rows")
    checked = [_row(portal, warehouse_id, row) for row in rows]  # all or nothing
    return [_store(portal, row) for row in checked]


def post_one(portal: Portal, warehouse_id: str, sku_id: str, body: Any) -> Doc:
    return _store(portal, _row(portal, warehouse_id, body, sku_id))


def delete_sku(portal: Portal, warehouse_id: str, sku_id: str) -> int:
    if warehouse_id not in portal.warehouses:
        raise PortalError(404, "warehouse not found")
    doomed = [
        rid
        for rid, row in portal.replenishments.items()
        if row["warehouse_id"] == warehouse_id and row["sku_id"] == sku_id
    ]
    for rid in doomed:
        del portal.replenishments[rid]
    return len(doomed)


def available_to_sell(portal: Portal, warehouse_id: str, sku_id: str, on: date) -> int:
    """The admin's read-only view: active, non-prebook rows whose period holds `on`."""
    moment = _epoch_ms(on)
    return sum(
        row["quantity"]
        for row in portal.replenishments.values()
        if row["warehouse_id"] == warehouse_id
        and row["sku_id"] == sku_id
        and row["active"]
        and not row["prebook"]
        and row["period_start"] <= moment
        and (row["period_end"] is None or moment <= row["period_end"])
    )


def legacy_post(portal: Portal, product: Doc, body: Any) -> dict[str, bool]:
    """`{"inventory": [{warehouse, prebook, wip: [{name, sizes: [{size, quantity}]}]}]}`."""
    entries = body.get("inventory") if isinstance(body, dict) else None
    if not isinstance(entries, list):
        raise PortalError(400, "inventory must be a list")
    known = {s["size"] for s in product["sizes"]}
    for entry in entries:
        for wip in entry.get("wip", []) if isinstance(entry, dict) else []:
            for size in wip.get("sizes", []):
                if size.get("size") not in known:
                    raise PortalError(400, f"size {size.get('size')} is not a size of the product")
    product["inventory"] = entries
    product["modified_on"] = portal.clock.iso()
    return {"success": True}
