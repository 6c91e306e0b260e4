"""`PUT /v2/orders/{id}`, as documented: the status, staff notes, customer and locale; the
billing address (the fields given); shipping addresses (with an `id`: that address's fields
given, without: one more address); products, which behave like PATCH (with an `id`: that
line's fields given, a `quantity` of 0 removes it; without: a new line, a catalog product by
`product_id` or a custom one by `name`/`sku`); fees, which are replaced whole (with an `id`:
that fee updated, without: a new fee, a fee left out is deleted). All is checked before any is
changed. Totals are not recalculated (the sandbox prices no edits)."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from typing import Any

from .answers import StoreError
from .orders import ADDRESS, STATUSES, money, order, set_status, touch
from .store import Doc, Store

FEE_MONEY = ("base_cost", "cost_ex_tax", "cost_exc_tax", "cost_inc_tax", "cost_tax")
LINE_MONEY = ("price_ex_tax", "price_inc_tax")
TEXTS = ("staff_notes", "customer_message", "customer_locale", "external_order_id")


def _bad(reason: str) -> StoreError:
    return StoreError(400, reason)


def _amount(value: Any, where: str) -> str:
    try:
        amount = Decimal(str(value))
    except InvalidOperation:
        raise _bad(f"{where}: {value!r} is not an amount") from None
    if not amount.is_finite():
        raise _bad(f"{where}: {value!r} is not an amount")
    return money(amount)


def _objects(body: dict[str, Any], name: str) -> list[dict[str, Any]] | None:
    given = body.get(name)
    if given is None:
        return None
    if not isinstance(given, list) or not all(isinstance(e, dict) for e in given):
        raise _bad(f"{name} must be a list of objects")
    return given


def _fees(store: Store, found: Doc, asked: list[dict[str, Any]]) -> list[Doc]:
    held = {f["id"]: f for f in found.get("fees", [])}
    fees = []
    for n, entry in enumerate(asked):
        if "id" in entry and entry["id"] not in held:
            raise _bad(f"fees[{n}].id: no fee {entry['id']!r} on this order")
        fee = dict(held[entry["id"]]) if "id" in entry else {"id": store.next_id("fee")}
        for key, value in entry.items():
            where = f"fees[{n}].{key}"
            fee[key] = _amount(value, where) if key in FEE_MONEY and value is not None else value
        fees.append(fee)
    return fees


def _line(store: Store, order_id: int, entry: dict[str, Any], n: int) -> Doc:
    """A new order line: a catalog product (`product_id`) or a custom one (`name`)."""
    quantity = entry.get("quantity")
    if not isinstance(quantity, int) or isinstance(quantity, bool) or quantity < 1:
        raise _bad(f"products[{n}].quantity must be a whole number of at least 1")
    product = store.products.get(entry.get("product_id"))  # type: ignore[arg-type]
    if "product_id" in entry and product is None:
        raise _bad(f"products[{n}].product_id: no product {entry['product_id']!r}")
    if product is None and not isinstance(entry.get("name"), str):
        raise _bad(f"products[{n}]: a new line names a product_id or a name")
    catalog_price = (product or {}).get("price", 0)
    ex_tax = Decimal(_amount(entry.get("price_ex_tax", catalog_price), f"products[{n}]"))
    inc_tax = Decimal(_amount(entry.get("price_inc_tax", ex_tax), f"products[{n}]"))
    address = store.order_addresses[order_id][:1]
    return {
        "id": store.next_id("order_product"),
        "order_id": order_id,
        "product_id": (product or {}).get("id", 0),
        "variant_id": entry.get("variant_id", (product or {}).get("base_variant_id")),
        "name": str(entry.get("name", (product or {}).get("name", ""))),
        "sku": str(entry.get("sku", (product or {}).get("sku", ""))),
        "quantity": quantity,
        "quantity_shipped": 0,
        "quantity_refunded": 0,
        "is_refunded": False,
        "refund_amount": money(Decimal(0)),
        "base_price": money(ex_tax),
        "price_ex_tax": money(ex_tax),
        "price_inc_tax": money(inc_tax),
        "price_tax": money(inc_tax - ex_tax),
        "total_ex_tax": money(ex_tax * quantity),
        "total_inc_tax": money(inc_tax * quantity),
        "total_tax": money((inc_tax - ex_tax) * quantity),
        "product_options": list(entry.get("product_options") or []),
        "applied_discounts": [],
        "order_address_id": address[0]["id"] if address else 0,
    }


def _lines(store: Store, order_id: int, asked: list[dict[str, Any]]) -> list[Doc]:
    held = {p["id"]: p for p in store.order_products[order_id]}
    lines = [dict(p) for p in store.order_products[order_id]]
    for n, entry in enumerate(asked):
        if "id" not in entry:
            lines.append(_line(store, order_id, entry, n))
            continue
        if entry["id"] not in held:
            raise _bad(f"products[{n}].id: no product {entry['id']!r} in this order")
        line = next(p for p in lines if p["id"] == entry["id"])
        quantity = entry.get("quantity", line.get("quantity"))
        if not isinstance(quantity, int) or isinstance(quantity, bool) or quantity < 0:
            raise _bad(f"products[{n}].quantity must be a whole number of at least 0")
        line["quantity"] = quantity
        for key in LINE_MONEY:
            if key in entry:
                line[key] = _amount(entry[key], f"products[{n}].{key}")
        if "product_options" in entry:
            line["product_options"] = list(entry["product_options"])
        line["applied_discounts"] = []  # a changed line loses its discounts, as documented
    return [p for p in lines if p["quantity"] != 0]


def _addresses(store: Store, order_id: int, asked: list[dict[str, Any]]) -> list[Doc]:
    addresses = [dict(a) for a in store.order_addresses[order_id]]
    for n, entry in enumerate(asked):
        if "id" in entry:
            known = next((a for a in addresses if a["id"] == entry["id"]), None)
            if known is None:
                raise _bad(f"shipping_addresses[{n}].id: no such address on this order")
            known.update({k: str(v) for k, v in entry.items() if k in ADDRESS})
        else:
            addresses.append({
                **{k: str(entry.get(k, "")) for k in ADDRESS},
                "id": store.next_id("order_address"), "order_id": order_id,
                "items_total": 0, "items_shipped": 0,
            })  # fmt: skip
    return addresses


def update(store: Store, order_id: int, body: Any) -> Doc:
    found = order(store, order_id)
    if not isinstance(body, dict):
        raise _bad("The request body must be a JSON object.")
    status_id = body.get("status_id")
    if status_id is not None and status_id not in STATUSES:
        raise _bad(f"status_id: {status_id!r} is not an order status")
    customer_id = body.get("customer_id")
    if customer_id is not None and (not isinstance(customer_id, int) or customer_id < 0):
        raise _bad("customer_id must be a whole number")
    billing = body.get("billing_address")
    if billing is not None and not isinstance(billing, dict):
        raise _bad("billing_address must be an object")
    asked_fees = _objects(body, "fees")
    fees = _fees(store, found, asked_fees) if asked_fees is not None else None
    asked_lines = _objects(body, "products")
    lines = _lines(store, order_id, asked_lines) if asked_lines is not None else None
    asked_addresses = _objects(body, "shipping_addresses")
    addresses = (
        _addresses(store, order_id, asked_addresses) if asked_addresses is not None else None
    )
    for key in TEXTS:
        if key in body:
            found[key] = str(body[key])
    if customer_id is not None:
        found["customer_id"] = customer_id
    if billing is not None:
        found["billing_address"] = {**found.get("billing_address", {}), **billing}
    if fees is not None:
        found["fees"] = fees
    if lines is not None:
        store.order_products[order_id] = lines
        found["items_total"] = sum(p["quantity"] for p in lines)
    if addresses is not None:
        store.order_addresses[order_id] = addresses
        found["shipping_address_count"] = len(addresses)
    touch(store, found)
    if status_id is not None and status_id != found.get("status_id"):
        set_status(store, found, status_id)
    return found
