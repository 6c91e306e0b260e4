"""WooCommerce's stock and price rules: a managed item's status follows its quantity, an
unmanaged one ignores a quantity, a variable product's status and price follow its
variations, SKUs are unique, and a paid order reduces managed stock once."""

from __future__ import annotations

import httpx

from stockbridge_sandboxes.woocommerce import WooSandbox
from stockbridge_sandboxes.woocommerce.seed import seed_generated


def test_a_managed_quantity_sets_the_stock_status(api: httpx.Client) -> None:
    made = api.post(
        "/products",
        json={"name": "Mug", "regular_price": "5", "manage_stock": True, "stock_quantity": 0},
    ).json()
    assert (made["stock_quantity"], made["stock_status"]) == (0, "outofstock")
    back = api.put(f"/products/{made['id']}", json={"backorders": "notify"}).json()
    assert (back["stock_status"], back["backorders_allowed"], back["backordered"]) == (
        "onbackorder",
        True,
        True,
    )
    stocked = api.put(f"/products/{made['id']}", json={"stock_quantity": 4}).json()
    assert (stocked["stock_quantity"], stocked["stock_status"]) == (4, "instock")


def test_an_unmanaged_item_ignores_a_quantity(api: httpx.Client) -> None:
    made = api.post(
        "/products", json={"name": "Pen", "stock_quantity": 9, "stock_status": "outofstock"}
    ).json()
    assert (made["manage_stock"], made["stock_quantity"], made["stock_status"]) == (
        False,
        None,
        "outofstock",
    )


def test_a_variable_product_follows_its_variations(woo: WooSandbox, api: httpx.Client) -> None:
    first, second = seed_generated(woo.catalog, 1, 2, stock=3)
    parent = woo.store.parent_of[first["id"]]
    api.put(
        f"/products/{parent}/variations/{first['id']}",
        json={"regular_price": "7.50", "stock_quantity": 0},
    )
    product = api.get(f"/products/{parent}").json()
    assert (product["price"], product["stock_status"], product["variations"]) == (
        "7.50",
        "instock",
        [first["id"], second["id"]],
    )
    api.put(f"/products/{parent}/variations/{second['id']}", json={"stock_quantity": -1})
    assert api.get(f"/products/{parent}").json()["stock_status"] == "outofstock"


def test_skus_are_unique(api: httpx.Client) -> None:
    api.post("/products", json={"name": "A", "sku": "S-1"})
    refused = api.post("/products", json={"name": "B", "sku": "S-1"})
    assert (refused.status_code, refused.json()["code"]) == (400, "product_invalid_sku")


def test_a_paid_order_reduces_managed_stock_once(woo: WooSandbox, api: httpx.Client) -> None:
    [item] = seed_generated(woo.catalog, 1, stock=5)
    order = api.post(
        "/orders",
        json={"line_items": [{"product_id": item["id"], "quantity": 2}], "set_paid": True},
    ).json()
    assert (order["status"], order["total"]) == ("processing", "20.00")
    api.put(f"/orders/{order['id']}", json={"status": "completed"})
    assert api.get(f"/products/{item['id']}").json()["stock_quantity"] == 3
