"""Sorting recorded products whose sort field the recording never showed."""

from __future__ import annotations

from stockbridge_sandboxes.shopify import SandboxApp
from stockbridge_sandboxes.shopify.clock import FrozenClock
from stockbridge_sandboxes.shopify.parity.hydrate import Hydrator

READ = """query($reverse: Boolean) { products(first: 5, sortKey: VENDOR, reverse: $reverse) {
  nodes { title } } }"""


def _titles(app: SandboxApp, reverse: bool) -> list[str]:
    data = app.execute(READ, {"reverse": reverse})["data"]
    return [n["title"] for n in data["products"]["nodes"]]


def test_recorded_products_without_a_vendor_rank_after_those_with_one_both_ways() -> None:
    app = SandboxApp(clock=FrozenClock())
    Hydrator(app.store).json(
        {
            "products": {
                "nodes": [
                    {"id": "gid://shopify/Product/1", "title": "Iona"},
                    {"id": "gid://shopify/Product/2", "title": "Superstar", "vendor": "ADIDAS"},
                    {"id": "gid://shopify/Product/3", "title": "Gel-Lyte", "vendor": "ASICS"},
                ]
            }
        }
    )

    assert _titles(app, reverse=False) == ["Superstar", "Gel-Lyte", "Iona"]
    assert _titles(app, reverse=True) == ["Gel-Lyte", "Superstar", "Iona"]
