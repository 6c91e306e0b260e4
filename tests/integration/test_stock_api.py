"""The stock and purchasing REST API: levels, adjust, count, transfers, history, low stock,
purchase orders and incoming."""

from __future__ import annotations

from typing import Any

import pytest

from stockbridge.inventory.models import Location
from stockbridge.purchasing.models import Supplier

pytestmark = pytest.mark.django_db


@pytest.fixture
def setup(api: Any) -> dict[str, Any]:
    product = api.post(
        "/api/v1/products",
        {
            "title": "Linen Tee",
            "attributes": [{"name": "Size", "values": ["S", "M"]}],
            "variants": [
                {"sku": "TEE-S", "price": "25.00", "attribute_values": ["S"]},
                {"sku": "TEE-M", "price": "25.00", "attribute_values": ["M"]},
            ],
        },
    ).json()
    wh = Location.objects.create(name="Warehouse", code="WH", priority=1)
    shop = Location.objects.create(name="Shop", code="SHOP", priority=2)
    Supplier.objects.create(name="Mill", code="MILL")
    return {"variants": {v["sku"]: v["id"] for v in product["variants"]}, "wh": wh, "shop": shop}


def test_adjusting_and_reading_stock_by_sku(api: Any, setup: dict[str, Any]) -> None:
    response = api.post(
        "/api/v1/stock/adjustments",
        {"sku": "TEE-S", "location": "WH", "delta": 8, "note": "opening"},
    )
    assert response.status_code == 201
    body = response.json()
    assert {
        k: body[k] for k in ("sku", "location", "reason", "on_hand_delta", "on_hand_after")
    } == {
        "sku": "TEE-S",
        "location": "WH",
        "reason": "adjusted",
        "on_hand_delta": 8,
        "on_hand_after": 8,
    }
    assert body["actor"] == "ops"
    levels = api.get("/api/v1/stock", sku="TEE-S").json()["items"]
    assert [(x["location"], x["on_hand"], x["committed"], x["available"]) for x in levels] == [
        ("WH", 8, 0, 8)
    ]


def test_an_oversell_adjustment_is_a_400_naming_the_field(api: Any, setup: dict[str, Any]) -> None:
    response = api.post(
        "/api/v1/stock/adjustments", {"sku": "TEE-S", "location": "WH", "delta": -1}
    )
    assert response.status_code == 400
    assert response.json()["errors"][0]["field"] == "delta"
    assert response.json()["errors"][0]["code"] == "insufficient_stock"


def test_unknown_sku_is_a_404(api: Any, setup: dict[str, Any]) -> None:
    response = api.post("/api/v1/stock/adjustments", {"sku": "NOPE", "location": "WH", "delta": 1})
    assert response.status_code == 404
    assert response.json()["errors"] == [
        {"field": "sku", "reason": "no variant 'NOPE'", "code": "not_found"}
    ]


def test_counting_then_reading_history(api: Any, setup: dict[str, Any]) -> None:
    api.post("/api/v1/stock/adjustments", {"sku": "TEE-S", "location": "WH", "delta": 8})
    response = api.post("/api/v1/stock/counts", {"sku": "TEE-S", "location": "WH", "counted": 6})
    assert response.status_code == 201
    assert (response.json()["reason"], response.json()["on_hand_delta"]) == ("counted", -2)
    history = api.get("/api/v1/stock/movements", sku="TEE-S").json()["items"]
    assert [(m["reason"], m["on_hand_delta"], m["on_hand_after"]) for m in history] == [
        ("adjusted", 8, 8),
        ("counted", -2, 6),
    ]
    counted = api.get("/api/v1/stock/movements", reason="counted").json()["items"]
    assert len(counted) == 1


def test_a_transfer_through_the_api(api: Any, setup: dict[str, Any]) -> None:
    api.post("/api/v1/stock/adjustments", {"sku": "TEE-M", "location": "WH", "delta": 5})
    response = api.post(
        "/api/v1/stock/transfers",
        {"source": "WH", "destination": "SHOP", "lines": [{"sku": "TEE-M", "quantity": 2}]},
    )
    assert response.status_code == 201
    transfer = response.json()
    assert transfer["status"] == "in_transit"
    shop = api.get("/api/v1/stock", sku="TEE-M", location="SHOP").json()["items"][0]
    assert (shop["on_hand"], shop["incoming"]) == (0, 2)
    received = api.post(f"/api/v1/stock/transfers/{transfer['id']}/receive", {})
    assert received.json()["status"] == "received"
    shop = api.get("/api/v1/stock", sku="TEE-M", location="SHOP").json()["items"][0]
    assert (shop["on_hand"], shop["incoming"]) == (2, 0)


def test_low_stock_report(api: Any, setup: dict[str, Any]) -> None:
    api.post("/api/v1/stock/adjustments", {"sku": "TEE-S", "location": "WH", "delta": 1})
    api.post("/api/v1/stock/adjustments", {"sku": "TEE-M", "location": "WH", "delta": 9})
    low = api.get("/api/v1/stock/low", threshold=2).json()["items"]
    assert [(x["sku"], x["available"]) for x in low] == [("TEE-S", 1)]


def test_purchase_order_lifecycle_keeps_incoming_right(api: Any, setup: dict[str, Any]) -> None:
    response = api.post(
        "/api/v1/purchase-orders",
        {
            "supplier": "MILL",
            "location": "WH",
            "expected_on": "2026-12-01",
            "place": True,
            "lines": [{"sku": "TEE-S", "quantity": 10}, {"sku": "TEE-M", "quantity": 4}],
        },
    )
    assert response.status_code == 201
    po = response.json()
    assert (po["status"], [x["open_quantity"] for x in po["lines"]]) == ("ordered", [10, 4])
    incoming = api.get("/api/v1/incoming", sku="TEE-S").json()
    assert [(x["quantity"], x["expected_on"], x["purchase_order"]) for x in incoming] == [
        (10, "2026-12-01", po["number"])
    ]
    partial = api.post(f"/api/v1/purchase-orders/{po['id']}/receive", {"quantities": {"TEE-S": 6}})
    assert partial.json()["status"] == "partially_received"
    stock = api.get(f"/api/v1/stock/variants/{setup['variants']['TEE-S']}").json()
    assert (stock["available"], stock["levels"][0]["incoming"]) == (6, 4)
    assert [x["quantity"] for x in stock["incoming"]] == [4]
    cancelled = api.post(f"/api/v1/purchase-orders/{po['id']}/cancel", {})
    assert cancelled.json()["status"] == "cancelled"
    levels = api.get("/api/v1/stock", location="WH").json()["items"]
    assert sorted((x["sku"], x["on_hand"], x["incoming"]) for x in levels) == [
        ("TEE-M", 0, 0),
        ("TEE-S", 6, 0),
    ]


def test_receiving_names_each_quantity_by_the_sku_sent(api: Any, setup: dict[str, Any]) -> None:
    po = api.post(
        "/api/v1/purchase-orders",
        {
            "supplier": "MILL",
            "location": "WH",
            "place": True,
            "lines": [{"sku": "TEE-S", "quantity": 2}],
        },
    ).json()
    receive = f"/api/v1/purchase-orders/{po['id']}/receive"

    not_on = api.post(receive, {"quantities": {"TEE-M": 1}})
    assert (not_on.status_code, not_on.json()) == (
        400,
        {
            "errors": [
                {
                    "field": 'quantities["TEE-M"]',
                    "reason": f"SKU TEE-M is not on {po['number']}",
                    "code": "invalid",
                }
            ]
        },
    )
    api.post("/api/v1/stock/adjustments", {"sku": "TEE-M", "location": "WH", "delta": 1})
    transfer = api.post(
        "/api/v1/stock/transfers",
        {"source": "WH", "destination": "SHOP", "lines": [{"sku": "TEE-M", "quantity": 1}]},
    ).json()
    too_many = api.post(
        f"/api/v1/stock/transfers/{transfer['id']}/receive", {"quantities": {"TEE-M": 2}}
    )
    assert (too_many.status_code, too_many.json()) == (
        400,
        {
            "errors": [
                {
                    "field": 'quantities["TEE-M"]',
                    "reason": "only 1 in transit, 2 received",
                    "code": "invalid",
                }
            ]
        },
    )


def test_a_bundle_names_a_component_by_its_place_or_its_sku(
    api: Any, setup: dict[str, Any]
) -> None:
    tee_s, tee_m = setup["variants"]["TEE-S"], setup["variants"]["TEE-M"]
    bundle = f"/api/v1/stock/bundles/{tee_m}"
    twice = api._call(
        "put",
        bundle,
        {"components": [{"sku": "TEE-S", "quantity": 1}, {"variant_id": tee_s, "quantity": 2}]},
    )
    assert (twice.status_code, twice.json()) == (
        400,
        {
            "errors": [
                {
                    "field": "components[1].variant_id",
                    "reason": "the same component appears twice",
                    "code": "duplicate",
                }
            ]
        },
    )
    itself = api._call("put", bundle, {"components": [{"sku": "TEE-M", "quantity": 1}]})
    assert (itself.status_code, itself.json()) == (
        400,
        {
            "errors": [
                {
                    "field": 'components["TEE-M"]',
                    "reason": "a bundle cannot contain itself",
                    "code": "invalid",
                }
            ]
        },
    )
    assert api.get(f"/api/v1/stock/bundles/{tee_m}").json()["components"] == []


def test_stock_endpoints_need_a_token(anonymous_api: Any) -> None:
    assert anonymous_api.get("/api/v1/stock").status_code == 401


def test_defining_a_bundle_and_reading_its_availability(api: Any, setup: dict[str, Any]) -> None:
    kit = api.post(
        "/api/v1/products",
        {"title": "Tee pack", "variants": [{"sku": "TEE-PACK", "price": "45.00"}]},
    ).json()["variants"][0]
    api.post("/api/v1/stock/adjustments", {"sku": "TEE-S", "location": "WH", "delta": 5})
    api.post("/api/v1/stock/adjustments", {"sku": "TEE-M", "location": "WH", "delta": 9})
    response = api._call(
        "put",
        f"/api/v1/stock/bundles/{kit['id']}",
        {"components": [{"sku": "TEE-S", "quantity": 1}, {"sku": "TEE-M", "quantity": 2}]},
    )
    assert response.status_code == 200
    body = response.json()
    assert body["available"] == 4
    assert sorted((c["sku"], c["quantity"]) for c in body["components"]) == [
        ("TEE-M", 2),
        ("TEE-S", 1),
    ]
    assert api.get(f"/api/v1/stock/variants/{kit['id']}").json()["is_bundle"] is True
