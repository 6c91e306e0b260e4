"""Writing and reading stock. A level write sets `stock_quantity` (absolute: sending it twice
changes nothing more) in batch updates of up to 100 (`batches`). WooCommerce has no
compare-and-set, so `last_seen` is not checked by the store. An item whose stock WooCommerce
does not manage (`manage_stock` false) ignores a quantity: it is a failed item asking the
merchant to turn on "Manage stock?"; it is never turned on behind their back."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import Any

from stockbridge.channels.errors import NotFound, Rejected
from stockbridge.channels.port import ItemResult, LevelWrite, Outcome, RemoteLevel

from . import batches
from .client import WooClient
from .errors import excerpt, item_error
from .ids import STOCK, item_id, parse


def set_levels(client: WooClient, levels: Sequence[LevelWrite]) -> Iterator[ItemResult]:
    """One result per level. Raises (AuthFailed, RateLimited, Unavailable...) only when a whole
    call fails; results already yielded stand."""
    elsewhere = [w for w in levels if w.location_remote_id != STOCK]
    for write in elsewhere:
        yield ItemResult(
            ref=write.ref,
            outcome=Outcome.FAILED,
            error_kind=NotFound.__name__,
            message=f"WooCommerce has no location {write.location_remote_id!r}: its one "
            f"location is {STOCK!r}",
        )
    mine = [w for w in levels if w.location_remote_id == STOCK]
    for path, pairs in batches.group(mine, lambda w: w.inventory_item_id).items():
        by_ref = {}
        rows = []
        for write, remote_id in pairs:
            row = {"id": int(remote_id), "stock_quantity": write.quantity}
            rows.append(row)
            by_ref[id(row)] = write
        for row, item, gone in batches.update(client, path, rows):
            yield _result(by_ref[id(row)], row, item, gone)


def _result(
    write: LevelWrite, row: dict[str, Any], item: dict[str, Any] | None, gone: str
) -> ItemResult:
    if item is None or "error" in item:
        error = (item or {}).get("error") if item else None
        kind, message = item_error(error if isinstance(error, dict) else {})
        return ItemResult(
            ref=write.ref,
            outcome=Outcome.FAILED,
            error_kind=kind,
            message=message,
            request_excerpt=excerpt(row),
            response_excerpt=excerpt(item),
        )
    if item.get("manage_stock") is not True:
        return ItemResult(
            ref=write.ref,
            outcome=Outcome.FAILED,
            error_kind=Rejected.__name__,
            message="WooCommerce does not manage the stock of this item: turn on "
            "'Manage stock?' for it in WooCommerce",
            request_excerpt=excerpt(row),
            response_excerpt=excerpt(
                {k: item.get(k) for k in ("id", "manage_stock", "stock_status")}
            ),
        )
    confirmed = item.get("stock_quantity")
    return ItemResult(
        ref=write.ref,
        outcome=Outcome.UPDATED,
        confirmed=confirmed if isinstance(confirmed, int) else write.quantity,
    )


def level_of(item: dict[str, Any], product_id: Any, variation_id: Any = None) -> RemoteLevel:
    tracked = item.get("manage_stock") is True
    quantity = item.get("stock_quantity")
    return RemoteLevel(
        inventory_item_id=item_id(product_id, variation_id),
        location_remote_id=STOCK,
        available=int(quantity) if tracked and isinstance(quantity, int) else 0,
        variant_remote_id=str(item.get("id")),
        sku=str(item.get("sku") or ""),
        tracked=tracked,
    )


def read_levels(client: WooClient) -> Iterator[RemoteLevel]:
    """Every product's and variation's figure (untracked ones too, `tracked=False`)."""
    for product in client.pages("/products", {"status": "any"}):
        kind = product.get("type")
        if kind == "simple":
            yield level_of(product, product["id"])
        elif kind == "variable":
            for variation in client.pages(f"/products/{product['id']}/variations"):
                yield level_of(variation, product["id"], variation["id"])


def read_levels_of(client: WooClient, pairs: Sequence[tuple[str, str]]) -> list[RemoteLevel]:
    """The figure of each item asked for (one read per item); an item gone is left out."""
    found = []
    for item, location in sorted(set(pairs)):
        if location != STOCK:
            continue
        product, variation = parse(item)
        path = f"/products/{product}" + (f"/variations/{variation}" if variation else "")
        try:
            answer = client.json(client.get(path), path)
        except NotFound:
            continue
        found.append(level_of(answer, product, variation))
    return found
