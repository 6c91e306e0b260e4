"""Stock by date as v3.0 replenishment rows (API.md §3): per warehouse, each size's rows are
replaced: `DELETE /api/v3.0/warehouse/{w}/sku/{s}/replenishments` (every row of that size
there; only for an item that may hold rows), then one `PUT
/api/v3.0/warehouse/{w}/replenishments` with the new rows of every size of that warehouse
(`immediate` today, `future` by date; `period_start` MM/dd/yyyy, open ended, never prebook:
prebook rules stay in the portal), then `PUT /api/inventory/flags` so the portal recomputes
the products' availability. Replacing is idempotent: sent twice, the portal holds the same
rows."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from stockbridge.channels.errors import NotFound, Rejected
from stockbridge.channels.port import ItemResult, Outcome
from stockbridge.channels.port_stock_by_date import DatedQuantity, StockByDate

from .client import PortalClient
from .errors import excerpt


def row_of(item: StockByDate, row: DatedQuantity) -> dict[str, Any]:
    return {
        "warehouse_id": item.warehouse_id,
        "sku_id": item.size_id,
        "display_name": "immediate" if row.immediate else "future",
        "prebook": False,
        "period_start": row.on.strftime("%m/%d/%Y"),
        "period_end": None,
        "quantity": row.quantity,
        "active": True,
    }


def set_stock_by_date(client: PortalClient, items: Sequence[StockByDate]) -> list[ItemResult]:
    by_warehouse: dict[str, list[StockByDate]] = {}
    for item in items:
        by_warehouse.setdefault(item.warehouse_id, []).append(item)
    results: list[ItemResult] = []
    products: set[str] = set()
    for warehouse_id, group in by_warehouse.items():
        body = {"replenishments": [row_of(i, r) for i in group for r in i.rows]}
        try:
            for item in (i for i in group if i.replace):
                client.call(
                    "DELETE",
                    f"/api/v3.0/warehouse/{warehouse_id}/sku/{item.size_id}/replenishments",
                )
            if body["replenishments"]:
                client.call("PUT", f"/api/v3.0/warehouse/{warehouse_id}/replenishments", body=body)
        except (NotFound, Rejected) as exc:
            results += [
                ItemResult(
                    ref=i.ref,
                    outcome=Outcome.FAILED,
                    message=exc.message,
                    error_kind=exc.kind,
                    request_excerpt=excerpt(body),
                    response_excerpt=exc.excerpt,
                )
                for i in group
            ]
            continue
        products.update(i.product_id for i in group)
        results += [
            ItemResult(
                ref=i.ref, outcome=Outcome.UPDATED, confirmed=sum(r.quantity for r in i.rows)
            )
            for i in group
        ]
    if products:
        client.call("PUT", "/api/inventory/flags", body={"product_ids": sorted(products)})
    return results
