"""Asynchronous `productSet(synchronous: false)` and `productOperation(id:)` (API-NOTES §2.10;
Shopify: "With synchronous:false it returns a ProductSetOperation; poll it with
productOperation").

The sandbox does the work when the mutation arrives but keeps its result behind the operation:
the mutation answers `product: null` and an operation in status `CREATED`; the operation is
`COMPLETE` (with the product, or with the set's user errors and no product) from the first
poll on. A client therefore has to poll, as it must on Shopify.
"""

from __future__ import annotations

from typing import Any

from graphql import GraphQLResolveInfo

from stockbridge_sandboxes.shopify.resolvers.registry import Context, query
from stockbridge_sandboxes.shopify.store import Obj, Store, ref


def start(store: Store, product: Obj | None, errors: list[Obj]) -> Obj:
    """The operation object of an asynchronous set that has been applied (or refused)."""
    return store.create(
        "ProductSetOperation",
        {
            "status": "CREATED",
            "product": None,
            "userErrors": [],
            "__product": ref(product["id"]) if product is not None else None,
            "__errors": errors,
        },
    )


@query("productOperation")
def product_operation(ctx: Context, _s: Any, args: dict[str, Any], _i: GraphQLResolveInfo) -> Any:
    operation = ctx.store.get(args.get("id"), "ProductSetOperation")
    if operation is None:
        return None
    if operation["status"] != "COMPLETE":
        operation["status"] = "COMPLETE"
        operation["product"] = operation.get("__product")
        operation["userErrors"] = list(operation.get("__errors") or [])
    return operation
