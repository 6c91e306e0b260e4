"""API shapes for customers and their addresses, and their conversion to customer specs."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any

from ninja import Field, Schema
from pydantic import ConfigDict

from stockbridge.customers.models import AddressKind, Customer, CustomerKind
from stockbridge.customers.specs import AddressSpec, CustomerSpec

from .inputs import NON_BLANK, LongText, StrictIn, Text, Text32, Text64, Text254, documented
from .pagination import Page

# What `customers/rules.py` accepts, declared for clients (the service checks it again).
# (`\x1c-\x1f` and `\x85` are spaces to Python, not to the JSON Schema regex dialect.)
_LOCAL = r"[^@\s\x00\x1c-\x1f\x85]+"
EMAIL_PATTERN = rf"^\s*({_LOCAL}@{_LOCAL}\.{_LOCAL})?\s*$"
ACCOUNT_CODE_PATTERN = r"^\s*[A-Za-z0-9][A-Za-z0-9._/-]{0,63}\s*$"
COUNTRY_PATTERN = r"^\s*[A-Za-z]{2}\s*$"
MAX_ADDRESSES = 100
MAX_TAGS = 250

# The service checks these itself and reports every problem at once, so the schema only
# declares them (and bounds what the service does not check: length, NUL).
AddressKindIn = Annotated[Text, documented(AddressKind)]
CustomerKindIn = Annotated[Text, documented(CustomerKind)]
NONBLANK: dict[str, Any] = {"pattern": NON_BLANK}


class AddressIn(StrictIn):
    kind: AddressKindIn
    address1: Text = Field(..., json_schema_extra=NONBLANK)
    city: Text = Field(..., json_schema_extra=NONBLANK)
    country_code: Text = Field(..., json_schema_extra={"pattern": COUNTRY_PATTERN})
    is_default: bool = False
    name: Text = ""
    company: Text = ""
    address2: Text = ""
    region: Text = ""
    postal_code: Text32 = ""
    phone: Text64 = ""


class AddressPatch(StrictIn):
    kind: AddressKindIn | None = None
    address1: Text | None = Field(None, json_schema_extra=NONBLANK)
    city: Text | None = Field(None, json_schema_extra=NONBLANK)
    country_code: Text | None = Field(None, json_schema_extra={"pattern": COUNTRY_PATTERN})
    is_default: bool | None = None
    name: Text | None = None
    company: Text | None = None
    address2: Text | None = None
    region: Text | None = None
    postal_code: Text32 | None = None
    phone: Text64 | None = None


class AddressOut(Schema):
    id: int
    kind: str
    address1: str
    city: str
    country_code: str
    is_default: bool
    name: str
    company: str
    address2: str
    region: str
    postal_code: str
    phone: str


def _customer_rules(schema: dict[str, Any]) -> None:
    """A customer needs a name, a company or an e-mail; a wholesale one an account code."""
    named = ("first_name", "last_name", "company", "email")
    schema["anyOf"] = [
        {"required": [f], "properties": {f: {"type": "string", "pattern": r"\S"}}} for f in named
    ]
    schema["allOf"] = [  # at most one default address of each kind
        {
            "properties": {
                "addresses": {
                    "contains": {
                        "required": ["kind", "is_default"],
                        "properties": {"kind": {"const": kind}, "is_default": {"const": True}},
                    },
                    "minContains": 0,
                    "maxContains": 1,
                }
            }
        }
        for kind in ("billing", "shipping")
    ]
    schema["if"] = {"required": ["kind"], "properties": {"kind": {"const": "wholesale"}}}
    schema["then"] = {
        "required": ["account_code"],
        "properties": {"account_code": {"type": "string"}},
    }


class CustomerIn(StrictIn):
    model_config = ConfigDict(json_schema_extra=_customer_rules)

    kind: CustomerKindIn = "retail"
    account_code: Text64 | None = Field(None, json_schema_extra={"pattern": ACCOUNT_CODE_PATTERN})
    first_name: Text = ""
    last_name: Text = ""
    company: Text = ""
    email: Text254 = Field("", json_schema_extra={"pattern": EMAIL_PATTERN})
    phone: Text64 = ""
    note: LongText = ""
    tags: list[Annotated[Text, Field(json_schema_extra=NONBLANK)]] = Field([], max_length=MAX_TAGS)
    addresses: list[AddressIn] = Field([], max_length=MAX_ADDRESSES)


class CustomerPatch(StrictIn):
    kind: CustomerKindIn | None = None
    account_code: Text64 | None = Field(None, json_schema_extra={"pattern": ACCOUNT_CODE_PATTERN})
    first_name: Text | None = None
    last_name: Text | None = None
    company: Text | None = None
    email: Text254 | None = Field(None, json_schema_extra={"pattern": EMAIL_PATTERN})
    phone: Text64 | None = None
    note: LongText | None = None
    tags: list[Annotated[Text, Field(json_schema_extra=NONBLANK)]] | None = Field(
        None, max_length=MAX_TAGS
    )


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
    channel: str = Field(description='The channel it came from ("" when made in the hub)')
    external_id: str = Field(description='Its id at that channel ("" when made in the hub)')
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
