"""Customers (v3): `POST /customers` makes them (a batch; e-mails unique in the store), `GET
/customers` lists them (`id:in`, `email:in`; `include=addresses` adds their addresses)."""

from __future__ import annotations

from typing import Any

from .answers import StoreError, ids_in
from .store import Doc, Store

ADDRESS_KEYS = (
    "first_name", "last_name", "company", "address1", "address2", "city",
    "state_or_province", "postal_code", "country_code", "phone",
)  # fmt: skip


KEPT = ("store_credit_amounts", "form_fields")


def _form_fields(entry: dict[str, Any], customer_id: int) -> dict[str, Any]:
    """A customer's form field values, each answered with its customer's id."""
    given = entry.get("form_fields")
    if not isinstance(given, list):
        return {}
    return {
        "form_fields": [{**f, "customer_id": customer_id} for f in given if isinstance(f, dict)]
    }


def _invalid(where: str, reason: str) -> StoreError:
    return StoreError(422, "JSON data is missing or invalid", {where: reason})


def creation_failed() -> StoreError:
    """BigCommerce's answer when the store fails to make the customers, for no cause of the
    request's (the sandbox's `customer_create_failures` fault brings it about)."""
    return StoreError(
        422, "Create customers failed.", {".customer_create": "Error creating customers"}
    )


def create(store: Store, body: Any) -> list[Doc]:
    if not isinstance(body, list) or not body:
        raise _invalid("body", "a list of customers")
    emails = {str(c.get("email", "")).lower() for c in store.customers.values()}
    for n, entry in enumerate(body):
        for name in ("email", "first_name", "last_name"):
            if not isinstance(entry, dict) or not isinstance(entry.get(name), str):
                raise _invalid(f"[{n}].{name}", "is required")
        if entry["email"].lower() in emails:
            raise _invalid(f"[{n}].email", "a customer with this e-mail exists")
        emails.add(entry["email"].lower())
    now = store.clock.rfc3339()
    made = []
    for entry in body:
        customer_id = store.next_id("customer")
        addresses = [
            {
                "id": store.next_id("customer_address"),
                "customer_id": customer_id,
                "address_type": str(a.get("address_type", "residential")),
                **{k: str(a.get(k, "")) for k in ADDRESS_KEYS},
                **({"form_fields": a["form_fields"]} if "form_fields" in a else {}),
            }
            for a in entry.get("addresses") or []
        ]
        customer = {
            "id": customer_id,
            "email": entry["email"],
            "first_name": entry["first_name"],
            "last_name": entry["last_name"],
            "company": str(entry.get("company", "")),
            "phone": str(entry.get("phone", "")),
            "notes": str(entry.get("notes", "")),
            "customer_group_id": int(entry.get("customer_group_id", 0)),
            "tax_exempt_category": str(entry.get("tax_exempt_category", "")),
            "registration_ip_address": "",
            "date_created": now,
            "date_modified": now,
            "address_count": len(addresses),
            "attribute_count": len(entry.get("attributes") or []),
            "origin_channel_id": int(entry.get("origin_channel_id", 1)),
            "channel_ids": list(entry.get("channel_ids") or [1]),
            "accepts_product_review_abandoned_cart_emails": bool(
                entry.get("accepts_product_review_abandoned_cart_emails", False)
            ),
            "addresses": addresses,
            # what the store keeps as given (`authentication` and the notification flag are
            # write-only: never answered)
            **{k: entry[k] for k in KEPT if k in entry},
            **_form_fields(entry, customer_id),
        }
        store.customers[customer_id] = customer
        made.append(customer)
    return [view(c, ALL) for c in made]


# a customer's field answered only when `include` names it (the field -> its include value)
INCLUDED_BY = {
    "addresses": "addresses",
    "store_credit_amounts": "storecredit",
    "attributes": "attributes",
    "form_fields": "formfields",
    "shopper_profile_id": "shopper_profile_id",
    "segment_ids": "segment_ids",
}
ALL = frozenset(INCLUDED_BY.values())


def view(customer: Doc, include: set[str] | frozenset[str]) -> Doc:
    return {k: v for k, v in customer.items() if INCLUDED_BY.get(k, "") in {"", *include}}


def listed(store: Store, query: dict[str, str]) -> list[Doc]:
    rows = list(store.customers.values())
    wanted = ids_in(query, "id:in")
    if wanted is not None:
        rows = [c for c in rows if c["id"] in wanted]
    if "email:in" in query:
        emails = {e.strip().lower() for e in query["email:in"].split(",")}
        rows = [c for c in rows if str(c.get("email", "")).lower() in emails]
    include = set(query.get("include", "").split(","))
    return [view(c, include) for c in rows]
