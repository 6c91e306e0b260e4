"""Typed inventory errors; each names the field and the reason."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal

from stockbridge.platform.errors import Conflict, FieldError, NotFound


def stock_of(sku: str, where: str = "") -> str:
    """A stock level as a user names it: `SKU LS-M at WH` (the variant's SKU and the location's
    code), `SKU LS-M` when no one location is meant."""
    named = f"SKU {sku}" if sku else "the variant"
    return f"{named} at {where}" if where else named


def quantities_field(sku: str | None, variant_id: int, name: str = "quantities") -> str:
    """The path of one entry of a {variant: units} input as a user names it:
    `quantities["LS-M"]` (`quantities[122]` for an id that names no variant)."""
    return f'{name}["{sku}"]' if sku is not None else f"{name}[{variant_id}]"


class InsufficientStock(FieldError):
    """The change would leave less than nothing available where backorder is not allowed.

    `sku` and `where` (a location's code) are plain labels: the message reads
    `only 3 available of SKU LS-M at WH, 4 needed`; `figure` names what is short (available,
    committed or incoming)."""

    code = "insufficient_stock"

    def __init__(
        self,
        field: str,
        *,
        sku: str,
        requested: int,
        available: int,
        where: str = "",
        figure: str = "available",
    ) -> None:
        super().__init__(
            field, f"only {available} {figure} of {stock_of(sku, where)}, {requested} needed"
        )
        self.sku = sku
        self.where = where
        self.requested = requested
        self.available = available


class UnknownLocation(NotFound):
    def __init__(self, field: str, value: object) -> None:
        super().__init__(field, f"no location {value}")


class UnknownVariant(NotFound):
    def __init__(self, field: str, value: object) -> None:
        super().__init__(field, f"no variant {value}")


class ReservationNotFound(NotFound):
    def __init__(self, reference: str, *, field: str = "reference", where: str = "") -> None:
        at = f" at {where}" if where else ""
        super().__init__(field, f"no open reservation for {reference!r}{at}")


class AlreadyReserved(Conflict):
    def __init__(self, reference: str, sku: str, *, field: str = "reference") -> None:
        super().__init__(field, f"{reference!r} already holds a reservation of {stock_of(sku)}")


class TransferNotFound(NotFound):
    def __init__(self, transfer_id: object) -> None:
        super().__init__("transfer_id", f"no transfer with id {transfer_id}")


class AlreadyReceived(Conflict):
    """Receiving a transfer that holds nothing in transit any more."""

    code = "already_received"

    def __init__(self, transfer_id: object, received_at: datetime | None) -> None:
        when = f" on {received_at:%Y-%m-%d %H:%M} UTC" if received_at else ""
        super().__init__(
            "transfer_id", f"transfer {transfer_id} was fully received{when}: nothing is in transit"
        )


class NotAQuantity(FieldError):
    def __init__(self, field: str, value: object, *, minimum: int = 1) -> None:
        super().__init__(field, f"must be an integer >= {minimum}, got {shown(value)}")


def shown(value: object) -> str:
    """A value as a user wrote it: 2.5 or -5, 'abc' for text, never Decimal('-5')."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return repr(value)
    if isinstance(value, int | float | Decimal):
        return str(value)
    return f"a {type(value).__name__}"


class NotOnHand(InsufficientStock):
    """Units would ship from a location that does not hold them, and it does not allow negative
    stock."""

    def __init__(self, field: str, *, sku: str, requested: int, on_hand: int, where: str) -> None:
        FieldError.__init__(
            self,
            field,
            f"only {on_hand} on hand of {stock_of(sku, where)}, {requested} to send;"
            f" {where} does not allow negative stock",
        )
        self.sku = sku
        self.where = where
        self.requested = requested
        self.available = on_hand


class StockOutOfRange(FieldError):
    """A change would take a stock figure beyond the limits every stored figure respects."""

    code = "out_of_range"

    def __init__(
        self, field: str, *, figure: str, value: int, limit: int, sku: str, where: str
    ) -> None:
        to, beyond = (f"{n:,}".replace(",", " ") for n in (value, limit))
        super().__init__(
            field,
            f"would take {figure} of {stock_of(sku, where)} to {to}, beyond the limit of {beyond}",
        )
