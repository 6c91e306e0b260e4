"""Customers and addresses (customers/* topics, and the `customer` of an order)."""

from __future__ import annotations

from typing import Any

from stockbridge_sandboxes.shopify.store import Obj, Store
from stockbridge_sandboxes.shopify.webhook_bodies.values import (
    deref_all,
    legacy_id,
    lower,
    tags_text,
)


def address_body(address: Any) -> Obj | None:
    """An order's billing or shipping address (REST keys; no id: order addresses have none)."""
    if not isinstance(address, dict):
        return None
    first, last = address.get("firstName"), address.get("lastName")
    name = address.get("name") or " ".join(str(p) for p in (first, last) if p) or None
    return {
        "first_name": first,
        "last_name": last,
        "name": name,
        "company": address.get("company"),
        "address1": address.get("address1"),
        "address2": address.get("address2"),
        "city": address.get("city"),
        "province": address.get("province"),
        "province_code": address.get("provinceCode"),
        "country": address.get("country"),
        "country_code": address.get("countryCodeV2") or address.get("countryCode"),
        "zip": address.get("zip"),
        "phone": address.get("phone"),
    }


def _customer_address(address: Obj, customer: Obj, default_id: Any) -> Obj:
    body = address_body(address) or {}
    return {
        "id": legacy_id(address.get("id")),
        "customer_id": legacy_id(customer.get("id")),
        **body,
        "country_name": address.get("country"),
        "default": address.get("id") == default_id,
    }


def customer_body(store: Store, customer: Obj) -> Obj:
    """The REST customer (customers/* topics, and the `customer` of an order)."""
    addresses = [a for a in deref_all(store, customer.get("addresses")) if a.get("id")]
    default = (
        store.deref(customer.get("defaultAddress")) if customer.get("defaultAddress") else None
    )
    default_id = (default or {}).get("id")
    body: Obj = {
        "id": legacy_id(customer["id"]),
        "admin_graphql_api_id": customer["id"],
        "email": customer.get("email"),
        "first_name": customer.get("firstName"),
        "last_name": customer.get("lastName"),
        "phone": customer.get("phone"),
        "note": customer.get("note"),
        "state": lower(customer.get("state")),
        "tags": tags_text(customer),
        "tax_exempt": customer.get("taxExempt"),
        "created_at": customer.get("createdAt"),
        "updated_at": customer.get("updatedAt"),
        "addresses": [_customer_address(a, customer, default_id) for a in addresses],
    }
    if isinstance(default, dict) and default.get("id"):
        body["default_address"] = _customer_address(default, customer, default_id)
    if customer.get("verifiedEmail") is not None:
        body["verified_email"] = bool(customer["verifiedEmail"])
    return body
