"""Typed customer errors; each names the field and the reason."""

from __future__ import annotations

from stockbridge.platform.errors import Conflict, NotFound


class DuplicateAccountCode(Conflict):
    def __init__(self, code: str) -> None:
        super().__init__("account_code", f"account code {code!r} is already used by a customer")


class CustomerNotFound(NotFound):
    def __init__(self, customer_id: object) -> None:
        super().__init__("customer_id", f"no customer with id {customer_id}")


class AddressNotFound(NotFound):
    def __init__(self, address_id: object) -> None:
        super().__init__("address_id", f"no address with id {address_id} for this customer")


class DuplicateExternalId(Conflict):
    def __init__(self, channel: str, external_id: str) -> None:
        super().__init__(
            "external_id", f"customer {external_id!r} of {channel!r} is already imported"
        )
