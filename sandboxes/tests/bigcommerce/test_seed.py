"""Seeding the BigCommerce sandbox with documents in its answer shapes (synthetic documents;
the documented examples are served back in test_examples.py): what a document shows is
answered back, what the store needs beside it is kept, and a refused seed stores nothing."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import httpx
import pytest

from stockbridge_sandboxes.bigcommerce import BigCommerceApp
from stockbridge_sandboxes.bigcommerce.store import Clock

V3 = "/stores/sandbox1/v3"
V2 = "/stores/sandbox1/v2"


@pytest.fixture
def store() -> BigCommerceApp:
    return BigCommerceApp(clock=Clock(1_796_600_000.0))


@pytest.fixture
def http(store: BigCommerceApp) -> Iterator[httpx.Client]:
    transport = httpx.WSGITransport(app=store)
    headers = {"X-Auth-Token": store.token}
    with httpx.Client(transport=transport, base_url="http://bc.test", headers=headers) as c:
        yield c


MUG = {
    "id": 40, "name": "Stoneware mug", "type": "physical", "sku": "MUG-1", "price": 12.5,
    "inventory_level": 6, "inventory_tracking": "product",
    "custom_fields": [{"id": 3, "name": "Glaze", "value": "Ash"}],
}  # fmt: skip
ORDER = {"id": 700, "customer_id": 5, "status_id": 11, "status": "Awaiting Fulfillment"}
LINE = {"id": 71, "order_id": 700, "product_id": 40, "sku": "MUG-1", "quantity": 2}


def test_seeded_documents_are_answered_back(store: BigCommerceApp, http: httpx.Client) -> None:
    seeded = http.post("/__sandbox/seed", json={
        "products": [MUG],
        "customers": [{"email": "kit@example.com", "first_name": "Kit", "last_name": "Moss",
                       "addresses": [{"id": 9, "customer_id": 0, "city": "Hull"}]}],
        "hooks": [{"id": 8, "scope": "store/order/created", "destination": "https://h.test/in",
                   "is_active": True, "headers": {}}],
        "orders": [ORDER],
        "order_products": {"700": [LINE]},
        "coupons": {"700": [{"id": 1, "order_id": 700, "code": "TEN", "amount": 10}]},
    })  # fmt: skip
    assert (seeded.status_code, seeded.json()) == (200, {
        "products": 1, "variants": 0, "locations": 0, "customers": 1, "hooks": 1, "orders": 1,
        "order_products": 1, "shipping_addresses": 0, "shipments": 0, "coupons": 1, "taxes": 0,
        "refunds": 0,
    })  # fmt: skip
    # a product without variants is sold as its base variant (the store's next variant id),
    # holding the product's units at the default location
    mug = http.get(f"{V3}/catalog/products/40").json()["data"]
    assert mug == {**{k: v for k, v in MUG.items() if k != "custom_fields"},
                   "base_variant_id": 100}  # fmt: skip
    with_fields = http.get(f"{V3}/catalog/products/40?include=custom_fields").json()["data"]
    assert with_fields["custom_fields"] == MUG["custom_fields"]
    [item] = http.get(f"{V3}/inventory/items").json()["data"]
    assert (item["identity"], item["locations"][0]["available_to_sell"]) == (
        {"sku": "MUG-1", "variant_id": 100, "product_id": 40}, 6)  # fmt: skip
    # a customer document without an id is given the store's next one
    [kit] = http.get(f"{V3}/customers").json()["data"]
    assert (kit["id"], "addresses" in kit) == (100, False)
    listed = http.get(f"{V3}/customers?include=addresses").json()["data"]
    assert listed[0]["addresses"] == [{"id": 9, "customer_id": 0, "city": "Hull"}]
    assert http.get(f"{V3}/hooks/8").json()["data"]["destination"] == "https://h.test/in"
    assert http.get(f"{V2}/orders/700").json() == ORDER
    assert http.get(f"{V2}/orders/700/products").json() == [LINE]
    assert http.get(f"{V2}/orders/700/coupons").json()[0]["code"] == "TEN"
    assert http.get(f"{V2}/orders/700/taxes").status_code == 204


def test_a_refused_seed_stores_nothing(store: BigCommerceApp, http: httpx.Client) -> None:
    refused = http.post("/__sandbox/seed", json={
        "products": [MUG], "order_products": {"700": [LINE]},  # order 700 is not in the store
    })  # fmt: skip
    assert (refused.status_code, refused.json()["title"]) == (
        422, "not seeded: order_products of order 700, which is not in the store")  # fmt: skip
    assert http.get(f"{V3}/catalog/products").json()["data"] == []
    assert http.get(f"{V3}/inventory/items").json()["data"] == []
    no_id = http.post("/__sandbox/seed", json={"orders": [{"customer_id": 5}]})
    assert (no_id.status_code, no_id.json()["title"]) == (
        422, "not seeded: a seeded order needs its integer id")  # fmt: skip


def _edit(http: httpx.Client, body: dict[str, Any]) -> dict[str, Any]:
    answer = http.put(f"{V2}/orders/700", json=body)
    assert answer.status_code == 200, answer.text
    result: dict[str, Any] = answer.json()
    return result


def test_an_order_edit_changes_lines_and_replaces_fees(
    store: BigCommerceApp, http: httpx.Client
) -> None:
    fee = {"id": 1, "type": "custom_fee", "display_name_customer": "Gift wrap",
           "cost_ex_tax": "2.0000", "cost_inc_tax": "2.4000"}  # fmt: skip
    http.post("/__sandbox/seed", json={
        "products": [MUG], "orders": [{**ORDER, "fees": [fee]}],
        "order_products": {"700": [LINE]},
    })  # fmt: skip
    added = _edit(http, {"products": [{"product_id": 40, "quantity": 1, "price_inc_tax": 15}]})
    assert added["items_total"] == 3
    lines = http.get(f"{V2}/orders/700/products").json()
    assert [(p["id"], p["sku"], p["quantity"], p.get("price_inc_tax")) for p in lines] == [
        (71, "MUG-1", 2, None), (100, "MUG-1", 1, "15.0000")]  # fmt: skip
    _edit(http, {"products": [{"id": 71, "quantity": 0}]})  # quantity 0 removes the line
    assert [p["id"] for p in http.get(f"{V2}/orders/700/products").json()] == [100]
    # fees are replaced whole: one with an id is updated, one without is new, one left out goes
    fees = _edit(http, {"fees": [{"type": "custom_fee", "display_name_customer": "Rush",
                                  "cost_ex_tax": 5, "cost_inc_tax": 6}]})["fees"]  # fmt: skip
    assert fees == [{"id": 100, "type": "custom_fee", "display_name_customer": "Rush",
                     "cost_ex_tax": "5.0000", "cost_inc_tax": "6.0000"}]  # fmt: skip
    kept = _edit(http, {"fees": [{"id": 100, "cost_inc_tax": "6.5"}]})["fees"]
    assert kept == [{**fees[0], "cost_inc_tax": "6.5000"}]
    refused = http.put(f"{V2}/orders/700", json={"fees": [{"id": 1}], "status_id": 10})
    assert (refused.status_code, refused.json()) == (
        400, [{"status": 400, "message": "fees[0].id: no fee 1 on this order"}])  # fmt: skip
    assert http.get(f"{V2}/orders/700").json()["status_id"] == 11  # nothing of it was written
