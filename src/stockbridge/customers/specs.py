"""What a caller asks for when writing customers: plain, immutable values."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class AddressSpec:
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


@dataclass(frozen=True)
class CustomerSpec:
    kind: str = "retail"
    account_code: str | None = None
    first_name: str = ""
    last_name: str = ""
    company: str = ""
    email: str = ""
    phone: str = ""
    note: str = ""
    tags: tuple[str, ...] = ()
    addresses: tuple[AddressSpec, ...] = ()
    # The channel a customer came from and its id there; both empty for hub customers.
    channel: str = ""
    external_id: str = ""
