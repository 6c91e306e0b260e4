"""The store's state, in memory: products with options and variants, locations, inventory per
variant and location, customers, orders (v2) with their shipments, and webhooks. Ids are the
store's integers; times are RFC 3339 (v3) or RFC 2822 (v2) from the store's clock."""

from __future__ import annotations

import itertools
import time
from dataclasses import dataclass, field
from datetime import UTC, datetime
from email.utils import format_datetime
from typing import Any

Doc = dict[str, Any]


class Clock:
    def __init__(self, now: float | None = None) -> None:
        self.fixed = now

    def time(self) -> float:
        return self.fixed if self.fixed is not None else time.time()

    def rfc3339(self) -> str:
        return datetime.fromtimestamp(self.time(), UTC).strftime("%Y-%m-%dT%H:%M:%S+00:00")

    def rfc2822(self) -> str:
        return format_datetime(datetime.fromtimestamp(self.time(), UTC))


@dataclass
class Store:
    clock: Clock = field(default_factory=Clock)
    products: dict[int, Doc] = field(default_factory=dict)
    variants: dict[int, Doc] = field(default_factory=dict)
    locations: dict[int, Doc] = field(default_factory=dict)
    # (variant id, location id) -> units on hand and available to sell
    stock: dict[tuple[int, int], int] = field(default_factory=dict)
    customers: dict[int, Doc] = field(default_factory=dict)
    orders: dict[int, Doc] = field(default_factory=dict)
    order_products: dict[int, list[Doc]] = field(default_factory=dict)
    shipments: dict[int, list[Doc]] = field(default_factory=dict)
    # order id -> its shipping addresses (v2) and its refunds (v3 payment actions)
    order_addresses: dict[int, list[Doc]] = field(default_factory=dict)
    refunds: dict[int, list[Doc]] = field(default_factory=dict)
    # order id -> its coupons and its taxes (v2; a checkout here applies none)
    coupons: dict[int, list[Doc]] = field(default_factory=dict)
    taxes: dict[int, list[Doc]] = field(default_factory=dict)
    hooks: dict[int, Doc] = field(default_factory=dict)
    brands: dict[str, int] = field(default_factory=dict)  # brand name -> id
    variant_metafields: dict[int, Doc] = field(default_factory=dict)
    _ids: dict[str, itertools.count[int]] = field(default_factory=dict)

    def next_id(self, kind: str) -> int:
        counter = self._ids.setdefault(kind, itertools.count(1 if kind == "location" else 100))
        return next(counter)

    def default_location(self) -> int:
        """Every store has a default location (id 1) until it adds its own."""
        if 1 not in self.locations:
            now = self.clock.rfc3339()
            self.locations[1] = {
                "id": self.next_id("location"),
                "code": "BC-LOCATION-1",
                "label": "Default location",
                "description": "",
                "managed_by_external_source": False,
                "type_id": "PHYSICAL",
                "enabled": True,
                "storefront_visibility": True,
                "time_zone": "Etc/UTC",
                "created_at": now,
                "updated_at": now,
            }
        return 1

    def variant_by_sku(self, sku: str) -> Doc | None:
        return next((v for v in self.variants.values() if v.get("sku") == sku), None)

    def inventory_level(self, variant_id: int) -> int:
        return sum(units for (v, _), units in self.stock.items() if v == variant_id)
