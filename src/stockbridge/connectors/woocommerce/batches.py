"""Batch updates: WooCommerce takes up to 100 items a call (`POST /products/batch`, or
`/products/<id>/variations/batch` for one product's variations) and answers each in place,
the resource or `{id, error}`. Simple products of any number of products share calls; a
variable product's variations share calls of their own product. So N writes cost
ceil(simple / 100) + the sum over variable products of ceil(their variations / 100) calls,
the fewest the batch limit allows."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator, Sequence
from typing import Any

from stockbridge.channels.errors import NotFound, Unavailable

from .client import WooClient
from .errors import excerpt
from .ids import parse

BATCH = 100


def group[T](items: Sequence[T], item_of: Any) -> dict[str, list[tuple[T, str]]]:
    """The batch path of each item -> (item, the id to update) in the order given."""
    paths: dict[str, list[tuple[T, str]]] = defaultdict(list)
    for item in items:
        product, variation = parse(item_of(item))
        if variation is None:
            paths["/products/batch"].append((item, product))
        else:
            paths[f"/products/{product}/variations/batch"].append((item, variation))
    return paths


def update(
    client: WooClient, path: str, rows: list[dict[str, Any]]
) -> Iterator[tuple[dict[str, Any], dict[str, Any] | None, str]]:
    """(row sent, the item answered or None, its error kind) per row, 100 rows a call. A
    product whose variations are written is gone: every row is NotFound."""
    for start in range(0, len(rows), BATCH):
        chunk = rows[start : start + BATCH]
        try:
            response = client.post(path, {"update": chunk})
        except NotFound as exc:
            for row in chunk:
                yield (
                    row,
                    {
                        "id": row["id"],
                        "error": {
                            "code": "woocommerce_rest_product_invalid_id",
                            "message": exc.message,
                        },
                    },
                    "gone",
                )
            continue
        body = client.json(response, path)
        answered = body.get("update") if isinstance(body, dict) else None
        if not isinstance(answered, list) or len(answered) != len(chunk):
            raise Unavailable(
                f"WooCommerce answered {len(answered) if isinstance(answered, list) else 'no'} "
                f"items for {len(chunk)} sent to {path}",
                excerpt=excerpt(body),
            )
        for row, item in zip(chunk, answered, strict=True):
            yield row, item if isinstance(item, dict) else None, ""
