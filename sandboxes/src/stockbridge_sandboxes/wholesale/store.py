"""The portal's state, in memory: products (each size with its own id), companies, warehouses,
replenishment rows and orders, with 24-hex ObjectIds and ISO times from the portal's clock."""

from __future__ import annotations

import itertools
import time
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

Doc = dict[str, Any]


class Clock:
    """The portal schedules nothing; tests set "now" (`modified_on` drives incremental pulls)."""

    def __init__(self, now: float | None = None) -> None:
        self.fixed = now

    def time(self) -> float:
        return self.fixed if self.fixed is not None else time.time()

    def iso(self) -> str:
        moment = datetime.fromtimestamp(self.time(), UTC)
        return moment.strftime("%Y-%m-%dT%H:%M:%S.") + f"{moment.microsecond // 1000:03d}Z"


@dataclass
class Portal:
    clock: Clock = field(default_factory=Clock)
    products: dict[str, Doc] = field(default_factory=dict)
    companies: dict[str, Doc] = field(default_factory=dict)
    warehouses: dict[str, Doc] = field(default_factory=dict)
    replenishments: dict[str, Doc] = field(default_factory=dict)
    orders: dict[str, Doc] = field(default_factory=dict)
    _ids: itertools.count[int] = field(default_factory=lambda: itertools.count(1))
    _numbers: itertools.count[int] = field(default_factory=lambda: itertools.count(100500))

    def new_id(self) -> str:
        """A 24-hex ObjectId: 4 bytes of time, then a counter (unique within the portal)."""
        return f"{int(self.clock.time()) & 0xFFFFFFFF:08x}{next(self._ids):016x}"

    def next_order_number(self) -> str:
        return str(next(self._numbers))

    def product_by_brand_id(self, brand_id: str) -> Doc | None:
        wanted = brand_id.lower()
        return next((p for p in self.products.values() if p.get("brand_id") == wanted), None)

    def size_by_id(self, sku_id: str) -> tuple[Doc, Doc] | None:
        for product in self.products.values():
            for size in product["sizes"]:
                if size["_id"] == sku_id:
                    return product, size
        return None

    def company_by_code(self, code: str) -> Doc | None:
        return next((c for c in self.companies.values() if c.get("code") == code), None)
