"""Writing prices: `productVariantsBulkUpdate` of `price`, `compareAtPrice` and the inventory
item's `cost`, one call per product (up to 250 variants a call).

The call carries `allowPartialUpdates: true`: Shopify then writes the valid rows and names each
refused one by its index in `field` (`["variants", "1", "price"]`); without it one bad row
blocks them all (API-NOTES §2.10, the 2026-04 capture agrees). A row whose variant is gone
(`PRODUCT_VARIANT_DOES_NOT_EXIST`) or whose product is gone (`PRODUCT_DOES_NOT_EXIST`, naming
`productId`: every row) is NotFound; any other refusal is Rejected with Shopify's words.

Amounts are sent as strings with the currency's minor units (`Money` and `Decimal` serialise as
strings: "12.50", "1200" for JPY), rounded half up. Setting a price is absolute, so a call sent
twice (the client's retry after a lost answer) changes nothing more.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator, Sequence
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from stockbridge.channels.errors import NotFound, Rejected, Unavailable
from stockbridge.channels.port import ItemResult, Outcome, PriceWrite
from stockbridge.platform.bounds import CURRENCY_PLACES

from .client import ShopifyClient
from .errors import excerpt

BATCH = 250
DEFAULT_PLACES = 2
GONE = {
    "PRODUCT_VARIANT_DOES_NOT_EXIST": "Product variant does not exist in Shopify any more",
    "PRODUCT_DOES_NOT_EXIST": "the product does not exist in Shopify any more",
}


def amount(value: Decimal, currency: str) -> str:
    """`value` as Shopify's Money string in `currency` ("12.50"; "1200" for JPY)."""
    places = CURRENCY_PLACES.get(currency, DEFAULT_PLACES)
    return str(value.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP))


def row(write: PriceWrite) -> dict[str, Any]:
    """The `ProductVariantsBulkInput` of one write: only the amounts it sets or clears."""
    out: dict[str, Any] = {"id": write.variant_id}
    if write.price is not None:
        out["price"] = amount(write.price, write.currency)
    if write.compare_at_price is not None:
        out["compareAtPrice"] = amount(write.compare_at_price, write.currency)
    elif "compare_at_price" in write.cleared:
        out["compareAtPrice"] = None
    if write.cost is not None:
        out["inventoryItem"] = {"cost": amount(write.cost, write.currency)}
    elif "cost" in write.cleared:
        out["inventoryItem"] = {"cost": None}
    return out


def set_prices(client: ShopifyClient, writes: Sequence[PriceWrite]) -> Iterator[ItemResult]:
    """One result per write. Raises (AuthFailed, RateLimited, Unavailable...) only when a whole
    call fails; results already yielded stand."""
    by_product: dict[str, list[PriceWrite]] = defaultdict(list)
    for write in writes:
        by_product[write.product_id].append(write)
    for product_id, mine in by_product.items():
        for start in range(0, len(mine), BATCH):
            yield from _update(client, product_id, mine[start : start + BATCH])


def _update(
    client: ShopifyClient, product_id: str, batch: list[PriceWrite]
) -> Iterator[ItemResult]:
    rows = [row(w) for w in batch]
    data = client.execute("update_variant_prices", {"productId": product_id, "variants": rows})
    payload = data.get("productVariantsBulkUpdate")
    if not isinstance(payload, dict):
        raise Unavailable("Shopify answered no productVariantsBulkUpdate payload")
    errors = [e for e in payload.get("userErrors") or [] if isinstance(e, dict)]
    by_index: dict[int, dict[str, Any]] = {}
    whole: dict[str, Any] | None = None
    for error in errors:
        index = _index(error)
        if index is not None and 0 <= index < len(batch):
            # the row's own field error says more than a bare message on the row
            if index not in by_index or len(error.get("field") or []) > len(
                by_index[index].get("field") or []
            ):
                by_index[index] = error
        elif whole is None:
            whole = error  # an error of the call itself (the product): every row fails with it
    for index, write in enumerate(batch):
        failure = whole or by_index.get(index)
        if failure is None:
            yield ItemResult(ref=write.ref, outcome=Outcome.UPDATED)
        else:
            yield _failed(write, rows[index], failure)


def _index(error: dict[str, Any]) -> int | None:
    """The row an error names (`["variants", "3", ...]`), if any."""
    path = error.get("field") or []
    if len(path) >= 2 and path[0] == "variants" and str(path[1]).isdigit():
        return int(path[1])
    return None


def _failed(write: PriceWrite, sent: dict[str, Any], error: dict[str, Any]) -> ItemResult:
    code = str(error.get("code") or "")
    message = str(error.get("message") or "Shopify refused the prices")
    if code in GONE:
        kind, said = NotFound.__name__, GONE[code]
    else:
        kind, said = Rejected.__name__, f"Shopify refused the prices: {message}"
    return ItemResult(
        ref=write.ref,
        outcome=Outcome.FAILED,
        message=said,
        error_kind=kind,
        request_excerpt=excerpt(sent),
        response_excerpt=excerpt(error),
    )
