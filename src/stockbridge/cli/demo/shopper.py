"""Shoppers for the demo: every few seconds one buys one to three units of an in-stock variant
in the sandbox store, through the sandbox's control API (as a storefront checkout would), so
orders arrive by webhook and stock moves on the dashboard."""

from __future__ import annotations

import random
import threading
from collections.abc import Callable
from typing import Any

import httpx

IN_STOCK = """{ productVariants(first: 250, query: "inventory_quantity:>0") {
  nodes { id inventoryQuantity product { status } } } }"""

NAMES = ("Ada Pennine", "Ben Calder", "Cara Wharfe", "Dev Aire", "Esme Ure", "Finn Nidd")


class Shoppers:
    """Places an order every `every` seconds until stopped (a daemon thread)."""

    def __init__(
        self,
        base_url: str,
        every: float,
        read: Callable[[str], dict[str, Any]],
        seed: int = 7,
    ) -> None:
        self.base_url = base_url
        self.read = read  # a query as the store's own admin (no app rate budget)
        self.every = every
        self.random = random.Random(seed)
        self.stopped = threading.Event()
        self.placed = 0
        self.thread = threading.Thread(target=self._loop, name="demo-shoppers", daemon=True)

    def start(self) -> Shoppers:
        self.thread.start()
        return self

    def stop(self) -> None:
        self.stopped.set()
        self.thread.join(timeout=5)

    def _loop(self) -> None:
        with httpx.Client(base_url=self.base_url, timeout=10) as client:
            while not self.stopped.wait(self.every):
                try:
                    self.place(client)
                except httpx.HTTPError:
                    continue  # the store is busy or restarting: the next shopper tries again

    def place(self, client: httpx.Client) -> str | None:
        """One shopper's order; the order's name, or None when nothing is in stock."""
        answer = self.read(IN_STOCK)
        nodes = [
            node
            for node in answer["data"]["productVariants"]["nodes"]
            if node["product"]["status"] == "ACTIVE"
        ]
        if not nodes:
            return None
        variant = self.random.choice(nodes)
        quantity = min(int(variant["inventoryQuantity"]), self.random.randint(1, 3))
        name = self.random.choice(NAMES)
        first, last = name.split()
        address = {
            "firstName": first,
            "lastName": last,
            "address1": "1 Market Place",
            "city": "Ripon",
            "zip": "HG4 1BP",
            "countryCode": "GB",
        }
        response = client.post(
            "/__sandbox/orders",
            json={
                "lineItems": [{"variantId": variant["id"], "quantity": quantity}],
                "email": f"{first.lower()}@example.com",
                "shippingAddress": address,
                "billingAddress": address,
            },
        )
        if response.status_code != 201:
            return None
        self.placed += 1
        return str(response.json()["name"])
