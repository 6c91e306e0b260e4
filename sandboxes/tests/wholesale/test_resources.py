"""Products, companies, replenishments and orders as the portal serves them, each answer
valid against the schema inferred from NuORDER's recordings, and every recorded example
served back once seeded (ids and times masked)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import httpx
import jsonschema
import pytest

from stockbridge_sandboxes.wholesale import PortalApp

from .conftest import Signed

MASKED = ("_id", "created_on", "modified_on", "schema_id")


def _ref(shared_dir: Path, kind: str, name: str) -> Any:
    folder = shared_dir / "channels" / "nuorder"
    path = folder / ("json-schema" if kind == "schema" else "examples") / name
    return json.loads(path.read_text())


def _schema(shared_dir: Path, name: str) -> Any:
    return _ref(shared_dir, "schema", f"{name}.inferred.schema.json")


def _masked(doc: Any) -> Any:
    if isinstance(doc, dict):
        return {k: ("*" if k in MASKED else _masked(v)) for k, v in doc.items()}
    if isinstance(doc, list):
        return [_masked(v) for v in doc]
    return doc


def test_a_new_product_is_normalised_as_recorded(api: Signed, shared_dir: Path) -> None:
    request = _ref(shared_dir, "example", "product.new.request.json")
    jsonschema.validate(request, _schema(shared_dir, "product.request"))
    created = api.call("PUT", "/api/product/new", request)
    assert created.status_code == 201
    product = created.json()
    jsonschema.validate(product, _schema(shared_dir, "product"))
    recorded = _ref(shared_dir, "example", "product.new.response.json")
    # every recorded key with the recorded value (sizes gain their own ids here)
    sizes = [{k: v for k, v in s.items() if k != "_id"} for s in product["sizes"]]
    assert sizes == [{**s, "pricing": r["pricing"]} for s, r in zip(
        recorded["sizes"], request["sizes"], strict=True)]  # fmt: skip
    assert {k: product[k] for k in recorded if k != "sizes" and k not in MASKED} == {
        k: v for k, v in recorded.items() if k != "sizes" and k not in MASKED
    }
    assert all(len(s["_id"]) == 24 for s in product["sizes"])

    duplicate = api.call("PUT", "/api/product/new", request)
    assert (duplicate.status_code, duplicate.json()) == (
        409,
        {
            "code": 409,
            "message": "product with brand_id wombat-nuorder-spree-t-shirt already exists",
        },
    )
    forced = api.call("PUT", "/api/product/new/force", {**request, "description": "new"})
    assert (forced.status_code, forced.json()["_id"], forced.json()["description"]) == (
        200,
        product["_id"],
        "new",
    )
    by_brand = api.call("GET", "/api/product/external_id/WOMBAT-NUORDER-SPREE-T-SHIRT")
    assert by_brand.json()["_id"] == product["_id"]
    assert [s["_id"] for s in forced.json()["sizes"]] == [s["_id"] for s in product["sizes"]]


def test_recorded_examples_are_served_back(
    portal: PortalApp, http: httpx.Client, api: Signed, shared_dir: Path
) -> None:
    product = _ref(shared_dir, "example", "product.get.response.json")
    company = _ref(shared_dir, "example", "company.get.response.json")
    approved = _ref(shared_dir, "example", "orders.approved.detail.response.json")
    seeded = http.post(
        "/__sandbox/seed", json={"products": [product], "companies": [company], "orders": approved}
    )
    assert seeded.json() == {"products": 1, "companies": 1, "orders": 2, "warehouses": 0}

    got = api.call("GET", f"/api/product/{product['_id']}").json()
    jsonschema.validate(got, _schema(shared_dir, "product"))
    assert _masked({**got, "sizes": [{k: v for k, v in s.items() if k != "_id"}
                                      for s in got["sizes"]]}) == _masked(product)  # fmt: skip
    assert api.call("GET", f"/api/company/{company['_id']}").json() == company
    detail = api.call("GET", "/api/orders/approved/detail").json()
    assert detail == approved
    for order in detail:
        jsonschema.validate(order, _schema(shared_dir, "order"))

    missing = api.call("GET", "/api/product/" + "0" * 24)
    assert (missing.status_code, missing.json()) == (
        404,
        _ref(shared_dir, "example", "error.404.product_not_found.json"),
    )
    processed = api.call("POST", f"/api/order/{approved[0]['_id']}/process").json()
    jsonschema.validate(processed, _schema(shared_dir, "order"))
    recorded = _ref(shared_dir, "example", "order.process.response.json")
    assert processed["status"] == recorded["status"] == "processed"
    cancelled = api.call("POST", f"/api/order/{approved[1]['_id']}/cancel").json()
    assert (
        cancelled["status"] == _ref(shared_dir, "example", "order.cancel.response.json")["status"]
    )
    assert api.call("GET", "/api/orders/approved/list").json() == []

    inventory = _ref(shared_dir, "example", "inventory.external_id.request.json")
    jsonschema.validate(inventory, _schema(shared_dir, "inventory.request"))
    spree = _ref(shared_dir, "example", "product.new.request.json")  # the product it was sent for
    api.call("PUT", "/api/product/new", spree)
    answer = api.call("POST", f"/api/inventory/external_id/{spree['brand_id']}", inventory)
    assert answer.json() == _ref(shared_dir, "example", "inventory.external_id.response.json")
    jsonschema.validate(answer.json(), _schema(shared_dir, "success"))


def _product(api: Signed) -> dict[str, Any]:
    body = {
        "brand_id": "FMC-MOSS", "name": "Fell Merino Crew", "style_number": "fmc",
        "season": "AW26", "color": "Moss",
        "pricing": {"GBP": {"wholesale": 39.5, "retail": 79}},
        "sizes": [{"size": "S", "upc": "5012345000011"}, {"size": "M", "upc": "5012345000028"}],
    }  # fmt: skip
    return dict(api.call("PUT", "/api/product/new", body).json())


def test_replenishment_rows_by_date(http: httpx.Client, api: Signed) -> None:
    product = _product(api)
    small = product["sizes"][0]["_id"]
    warehouse = http.post("/__sandbox/warehouses", json={"name": "Leeds"}).json()["_id"]
    rows = [
        {"sku_id": small, "display_name": "immediate", "prebook": False,
         "period_start": "12/07/2026", "period_end": None, "quantity": 7, "active": True},
        {"sku_id": small, "display_name": "future", "prebook": False,
         "period_start": "12/20/2026", "period_end": None, "quantity": 12, "active": True},
    ]  # fmt: skip
    put = api.call(
        "PUT", f"/api/v3.0/warehouse/{warehouse}/replenishments", {"replenishments": rows}
    )
    assert put.status_code == 200
    echoed = put.json()["replenishments"]
    assert [(r["display_name"], r["period_start"], r["display_quantity"]) for r in echoed] == [
        ("immediate", 1796601600000, 7),
        ("future", 1797724800000, 12),
    ]

    def available(day: str) -> int:
        return int(http.get(f"/__sandbox/available/{warehouse}/{small}/{day}").json()["available"])

    assert (available("2026-12-06"), available("2026-12-07"), available("2026-12-20")) == (
        0,
        7,
        19,
    )
    # the same row again updates it (no duplicate)
    rows[1]["quantity"] = 30
    api.call("PUT", f"/api/v3.0/warehouse/{warehouse}/replenishments", {"replenishments": rows})
    assert available("2027-01-01") == 37

    bad = [
        ({**rows[0], "prebook": True}, "quantity must be null if and only if prebook is true"),
        ({**rows[0], "quantity": None}, "quantity must be null if and only if prebook is true"),
        ({**rows[0], "period_start": "2026-12-07"}, "period_start must be a date written MM/dd/yyyy"),
        ({**rows[0], "display_name": "soon"}, "display_name must be one of immediate, future, Prebook"),
    ]  # fmt: skip
    for row, message in bad:
        answer = api.call("PUT", f"/api/v3.0/warehouse/{warehouse}/replenishments",
                          {"replenishments": [rows[0], row]})  # fmt: skip
        assert (answer.status_code, answer.json()) == (400, {"code": 400, "message": message})
    assert available("2027-01-01") == 37  # a refused batch wrote nothing
    unknown = api.call(
        "PUT", f"/api/v3.0/warehouse/{'e' * 24}/replenishments", {"replenishments": rows}
    )
    assert unknown.json() == {"code": 404, "message": "warehouse not found"}

    deleted = api.call("DELETE", f"/api/v3.0/warehouse/{warehouse}/sku/{small}/replenishments")
    assert deleted.json() == {"deleted": 2}
    assert available("2027-01-01") == 0


def test_the_order_state_machine(http: httpx.Client, api: Signed) -> None:
    product = _product(api)
    company = api.call("PUT", "/api/company/new/force", {
        "code": "ACME-01", "name": "Acme Stores", "currency_code": "GBP",
        "addresses": [{"line_1": "1 Mill Lane", "city": "Leeds", "zip": "LS1 1AA",
                       "country": "GB", "default_billing": True, "default_shipping": True}],
    }).json()  # fmt: skip
    assert api.call("GET", "/api/companies/codes/list").json() == ["ACME-01"]
    lines = [{"product_id": product["_id"], "sizes": [{"size": "M", "quantity": 6, "price": 39.5}]}]
    draft = http.post("/__sandbox/orders", json={"line_items": lines}).json()
    assert draft["status"] == "draft"
    assert api.call("GET", "/api/orders/approved/list").json() == []
    assert api.call("GET", "/api/orders/draft/list").json() == [draft["_id"]]

    order_id = draft["_id"]
    http.post(f"/__sandbox/orders/{order_id}/company", json={"code": "ACME-01"})
    refused = api.call("POST", f"/api/order/{order_id}/processed")
    assert refused.json() == {"code": 400, "message": "an order in draft cannot become processed"}
    http.post(f"/__sandbox/orders/{order_id}/submit", json={})
    approved = http.post(f"/__sandbox/orders/{order_id}/approve", json={}).json()
    assert approved["status"] == "approved"
    assert approved["retailer"]["retailer_code"] == company["code"] == "ACME-01"
    assert api.call("GET", "/api/orders/approved/list").json() == [order_id]
    done = api.call("PUT", f"/api/order/number/{draft['order_number']}/processed").json()
    assert done["status"] == "processed"
    assert api.call("GET", "/api/orders/approved/list").json() == []
    again = api.call("POST", f"/api/order/{order_id}/process")  # both spellings, idempotent
    assert again.json()["status"] == "processed"
    shipped = api.call("POST", f"/api/order/{order_id}/status", {"status": "SHIPPED"}).json()
    assert shipped["status"] == "shipped"
    late = api.call("POST", f"/api/order/{order_id}/cancel")
    assert late.json() == {"code": 400, "message": "an order in shipped cannot become cancelled"}


@pytest.mark.parametrize("status", [429, 500])
def test_injected_faults_answer_as_the_portal_does(
    http: httpx.Client, api: Signed, status: int
) -> None:
    http.post("/__sandbox/faults", json={"status": status, "rate": 1.0})
    answer = api.call("GET", "/api/companies/codes/list")
    assert answer.status_code == status
    if status == 500:
        assert (answer.headers["content-type"], answer.text) == (
            "text/plain",
            "Oops, there was a problem!",
        )
    else:
        assert answer.json() == {"code": 429, "message": "injected fault"}
    assert answer.headers["x-powered-by"] == "Express"
