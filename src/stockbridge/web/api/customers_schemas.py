"""API shapes for customers and their addresses, and their conversion to customer specs."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from ninja import Schema

from stockbridge.customers.models import Customer
from stockbridge.customers.specs import AddressSpec, CustomerSpec

from .pagination import Page


class AddressIn(Schema):
    kind: str
    address1: str
    city: str
    country_code: str
    is_default: bool = False
    name: str = ""
    company: str = ""
    address2: str = ""
    region: str = ""
    postal_code: str = ""
    phone: str = ""


class AddressPatch(Schema):
    kind: str | None = None
    address1: str | None = None
    city: str | None = None
    country_code: str | None = None
    is_default: bool | None = None
    name: str | None = None
    company: str | None = None
    address2: str | None = None
    region: str | None = None
    postal_code: str | None = None
    phone: str | None = None


class AddressOut(AddressIn):
    id: int


class CustomerIn(Schema):
    kind: str = "retail"
    account_code: str | None = None
    first_name: str = ""
    last_name: str = ""
    company: str = ""
    email: str = ""
    phone: str = ""
    note: str = ""
    tags: list[str] = []
    addresses: list[AddressIn] = []


class CustomerPatch(Schema):
    kind: str | None = None
    account_code: str | None = None
    first_name: str | None = None
    last_name: str | None = None
    company: str | None = None
    email: str | None = None
    phone: str | None = None
    note: str | None = None
    tags: list[str] | None = None


class CustomerOut(Schema):
    id: int
    kind: str
    account_code: str | None
    first_name: str
    last_name: str
    company: str
    email: str
    phone: str
    note: str
    tags: list[str]
    addresses: list[AddressOut]
    default_billing_address_id: int | None
    default_shipping_address_id: int | None
    created_at: datetime
    updated_at: datetime

    @staticmethod
    def resolve_tags(obj: Customer) -> list[str]:
        return [t.name for t in obj.tags.all()]

    @staticmethod
    def resolve_addresses(obj: Customer) -> list[Any]:
        return list(obj.addresses.all())

    @staticmethod
    def resolve_default_billing_address_id(obj: Customer) -> int | None:
        return _default(obj, "billing")

    @staticmethod
    def resolve_default_shipping_address_id(obj: Customer) -> int | None:
        return _default(obj, "shipping")


def _default(obj: Customer, kind: str) -> int | None:
    return next((a.pk for a in obj.addresses.all() if a.kind == kind and a.is_default), None)


class CustomerPage(Page):
    items: list[CustomerOut]


def address_spec(data: AddressIn) -> AddressSpec:
    return AddressSpec(**data.model_dump())


def customer_spec(data: CustomerIn) -> CustomerSpec:
    return CustomerSpec(
        **data.model_dump(exclude={"tags", "addresses"}),
        tags=tuple(data.tags),
        addresses=tuple(address_spec(a) for a in data.addresses),
    )


def customer_changes(data: CustomerPatch) -> dict[str, Any]:
    changes = data.model_dump(exclude_unset=True)
    if "tags" in changes:
        changes["tags"] = tuple(changes["tags"] or ())
    for field in ("kind", "first_name", "last_name", "company", "email", "phone", "note"):
        if field in changes and changes[field] is None:
            changes[field] = "" if field != "kind" else "retail"
    return changes


def address_changes(data: AddressPatch) -> dict[str, Any]:
    return {k: v for k, v in data.model_dump(exclude_unset=True).items() if v is not None}
