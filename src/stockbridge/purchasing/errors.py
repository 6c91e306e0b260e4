"""Typed purchasing errors; each names the field and the reason."""

from __future__ import annotations

from stockbridge.platform.errors import FieldError, NotFound


class PurchaseOrderNotFound(NotFound):
    def __init__(self, purchase_order_id: object) -> None:
        super().__init__("purchase_order_id", f"no purchase order with id {purchase_order_id}")


class UnknownSupplier(NotFound):
    def __init__(self, value: object) -> None:
        super().__init__("supplier_id", f"no supplier {value}")


class WrongStatus(FieldError):
    code = "wrong_status"

    def __init__(self, number: str, status: str, action: str) -> None:
        super().__init__("status", f"purchase order {number} is {status}: cannot {action}")
