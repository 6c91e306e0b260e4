"""Typed catalog errors; each names the field and the reason."""

from __future__ import annotations

from stockbridge.platform.errors import Conflict, FieldError, NotFound


class DuplicateSku(Conflict):
    def __init__(self, field: str, sku: str) -> None:
        super().__init__(field, f"SKU {sku!r} is already used by another variant")
        self.sku = sku


class DuplicateHandle(Conflict):
    def __init__(self, handle: str) -> None:
        super().__init__("handle", f"handle {handle!r} is already used by another product")


class UnknownSeason(NotFound):
    def __init__(self, name: str, field: str = "season") -> None:
        super().__init__(field, f"no season named {name!r}")


class UnknownSupplier(NotFound):
    def __init__(self, name: str) -> None:
        super().__init__("supplier", f"no supplier with code or name {name!r}")


class ProductNotFound(NotFound):
    def __init__(self, product_id: object) -> None:
        super().__init__("product_id", f"no product with id {product_id}")


class VariantNotFound(NotFound):
    def __init__(self, field: str, value: object) -> None:
        super().__init__(field, f"no variant with {field} {value}")


class SeasonInUse(FieldError):
    code = "in_use"

    def __init__(self, name: str, count: int) -> None:
        super().__init__("season", f"season {name!r} still has {count} products")


class VariantsInUse(FieldError):
    """An update leaves out variants that other records (bundles, purchase orders...) still use."""

    code = "in_use"

    def __init__(self, kinds: list[str]) -> None:
        self.kinds = kinds
        super().__init__(
            "variants",
            f"a variant left out of this product is still used by {', '.join(kinds)}; keep it",
        )
