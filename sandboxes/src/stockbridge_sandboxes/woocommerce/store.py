"""The store's data in memory: products and variations (WordPress posts: one id sequence with
orders, as in WordPress), customers (users), webhooks, and the site's settings."""

from __future__ import annotations

import copy
from dataclasses import dataclass, field
from typing import Any

from .clock import Clock


@dataclass
class Site:
    name: str = "Sandbox Store"
    home_url: str = "http://woo.sandbox.test"
    currency: str = "USD"
    currency_symbol: str = "&#36;"
    wc_version: str = "9.8.5"
    wp_version: str = "6.8.1"
    timezone: str = "UTC"


@dataclass
class Store:
    clock: Clock
    site: Site = field(default_factory=Site)
    products: dict[int, dict[str, Any]] = field(default_factory=dict)
    variations: dict[int, dict[str, Any]] = field(default_factory=dict)
    parent_of: dict[int, int] = field(default_factory=dict)  # variation id -> product id
    kids: dict[int, dict[int, None]] = field(default_factory=dict)  # product -> variation ids
    skus: dict[str, int] = field(default_factory=dict)  # sku -> product or variation id
    orders: dict[int, dict[str, Any]] = field(default_factory=dict)
    refunds: dict[int, dict[str, Any]] = field(default_factory=dict)
    refund_parent: dict[int, int] = field(default_factory=dict)  # refund id -> order id
    notes: dict[int, list[dict[str, Any]]] = field(default_factory=dict)  # order id -> notes
    customers: dict[int, dict[str, Any]] = field(default_factory=dict)
    webhooks: dict[int, dict[str, Any]] = field(default_factory=dict)
    next_post: int = 10
    next_user: int = 2
    next_webhook: int = 1
    next_meta: int = 100
    next_line: int = 1

    def post_id(self, wanted: int | None = None) -> int:
        """A new post id (products, variations, orders and refunds share them); a seeded
        resource keeps its own id and moves the sequence past it."""
        if wanted:
            self.next_post = max(self.next_post, wanted + 1)
            return wanted
        self.next_post += 1
        return self.next_post - 1

    def user_id(self, wanted: int | None = None) -> int:
        if wanted:
            self.next_user = max(self.next_user, wanted + 1)
            return wanted
        self.next_user += 1
        return self.next_user - 1

    def webhook_id(self, wanted: int | None = None) -> int:
        if wanted:
            self.next_webhook = max(self.next_webhook, wanted + 1)
            return wanted
        self.next_webhook += 1
        return self.next_webhook - 1

    def meta_id(self) -> int:
        self.next_meta += 1
        return self.next_meta - 1

    def line_id(self) -> int:
        self.next_line += 1
        return self.next_line - 1

    def stamp(self, resource: dict[str, Any], *, created: bool) -> None:
        local, gmt = self.clock.stamps()
        if created and not resource.get("date_created"):
            resource["date_created"], resource["date_created_gmt"] = local, gmt
        resource["date_modified"], resource["date_modified_gmt"] = local, gmt

    def children(self, product_id: int) -> list[dict[str, Any]]:
        return [self.variations[k] for k in self.kids.get(product_id, {}) if k in self.variations]

    def index_sku(self, item_id: int, old: str, new: str) -> None:
        if old and self.skus.get(old) == item_id:
            del self.skus[old]
        if new:
            self.skus[new] = item_id

    def adopt(self, variation_id: int, product_id: int) -> None:
        self.parent_of[variation_id] = product_id
        self.kids.setdefault(product_id, {})[variation_id] = None

    def orphan(self, variation_id: int) -> None:
        product_id = self.parent_of.pop(variation_id, None)
        if product_id is not None:
            self.kids.get(product_id, {}).pop(variation_id, None)

    def reset(self) -> None:
        fresh = Store(self.clock, copy.deepcopy(self.site))
        self.__dict__.update(fresh.__dict__)
