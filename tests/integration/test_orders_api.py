"""The orders API: create and confirm, fulfil with tracking, refund, invoice and pay, import a
channel order exactly once, list with filters, the timeline; errors as JSON."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest

from stockbridge.catalog.models import Product, Variant
from stockbridge.inventory import services as inventory
from stockbridge.inventory.models import Location, StockLevel


@pytest.fixture
def stocked(db: None) -> dict[str, Any]:
    product = Product.objects.create(title="Tee", handle="tee")
    variant = Variant.objects.create(
        product=product, sku="TEE-M", currency="USD", price=Decimal("12.50")
    )
    wh = Location.objects.create(name="Warehouse", code="WH", priority=1)
    store = Location.objects.create(name="Store", code="STORE", priority=2)
    inventory.adjust(variant_id=variant.pk, location_id=wh.pk, delta=10, reason="received")
    inventory.adjust(variant_id=variant.pk, location_id=store.pk, delta=10, reason="received")
    return {"variant": variant, "wh": wh, "store": store}


def _level(variant: Variant, location: Location) -> tuple[int, int]:
    row = StockLevel.objects.get(variant=variant, location=location)
    return row.on_hand, row.committed


def test_an_order_goes_from_created_to_refunded_through_the_api(
    api: Any, stocked: dict[str, Any]
) -> None:
    variant, wh, store = stocked["variant"], stocked["wh"], stocked["store"]
    created = api.post(
        "/api/v1/orders",
        {
            "currency": "USD",
            "lines": [{"sku": "TEE-M", "quantity": 3}],
            "shipping_lines": [{"title": "Standard", "price": "5.00"}],
            "tags": ["vip"],
            "confirm": True,
            "total": "42.50",
        },
    )
    assert created.status_code == 201, created.json()
    order = created.json()
    assert (order["status"], order["total"], order["tags"]) == ("confirmed", "42.5000", ["vip"])
    line_id = order["lines"][0]["id"]
    assert _level(variant, wh) == (10, 3)

    shipped = api.post(
        f"/api/v1/orders/{order['id']}/fulfilments",
        {
            "location": "WH",
            "lines": [{"line_id": line_id, "quantity": 2}],
            "carrier": "UPS",
            "tracking_number": "1Z1",
        },
    )
    assert shipped.status_code == 201
    api.post(
        f"/api/v1/orders/{order['id']}/fulfilments",
        {"location": "STORE", "carrier": "DHL", "tracking_number": "JD2"},
    )
    body = api.get(f"/api/v1/orders/{order['id']}").json()
    assert body["status"] == "fulfilled"
    assert [(f["location"], f["tracking_number"]) for f in body["fulfilments"]] == [
        ("WH", "1Z1"),
        ("STORE", "JD2"),
    ]
    assert (_level(variant, wh), _level(variant, store)) == ((8, 0), (9, 0))

    invoice = api.post(f"/api/v1/orders/{order['id']}/invoices", {}).json()
    assert invoice["total"] == "42.5000"
    paid = api.post(f"/api/v1/invoices/{invoice['id']}/payments", {"gateway": "card"})
    assert (paid.status_code, paid.json()["status"]) == (201, "paid")

    refunded = api.post(
        f"/api/v1/orders/{order['id']}/refunds",
        {"lines": [{"line_id": line_id, "quantity": 1, "restock": "return", "location": "WH"}]},
    )
    assert refunded.status_code == 201
    assert refunded.json()["financial_status"] == "partially_refunded"
    assert refunded.json()["amount_refunded"] == "12.5000"
    assert _level(variant, wh) == (9, 0)

    timeline = api.get(f"/api/v1/orders/{order['id']}/timeline").json()
    assert [e["kind"] for e in timeline[:3]] == ["refunded", "stock.returned", "paid"]
    assert timeline[-1]["kind"] == "created"


def test_errors_come_back_as_json_naming_the_field(api: Any, stocked: dict[str, Any]) -> None:
    mismatch = api.post(
        "/api/v1/orders",
        {"currency": "USD", "lines": [{"sku": "TEE-M", "quantity": 1}], "total": "99.00"},
    )
    assert mismatch.status_code == 400
    assert mismatch.json() == {
        "errors": [
            {
                "field": "total",
                "reason": "stated 99.00 but lines, taxes and shipping add up to 12.50",
                "code": "totals_mismatch",
            }
        ]
    }
    order = api.post(
        "/api/v1/orders", {"currency": "USD", "lines": [{"sku": "TEE-M", "quantity": 1}]}
    ).json()
    api.post(f"/api/v1/orders/{order['id']}/cancel", {"reason": "test"})
    illegal = api.post(f"/api/v1/orders/{order['id']}/fulfilments", {"location": "WH"})
    assert illegal.status_code == 400
    assert illegal.json()["errors"][0]["code"] == "illegal_transition"
    assert api.get("/api/v1/orders/999999").status_code == 404


def test_importing_a_channel_order_twice_returns_the_same_order(
    api: Any, stocked: dict[str, Any]
) -> None:
    payload = {
        "currency": "USD",
        "lines": [{"sku": "TEE-M", "quantity": 2}],
        "channel": "stitchex",
        "external_id": "SX-9",
        "external_name": "#9",
        "total": "25.00",
    }

    first = api.post("/api/v1/orders/import", payload)
    second = api.post("/api/v1/orders/import", payload)

    assert (first.status_code, first.json()["created"]) == (201, True)
    assert (second.status_code, second.json()["created"]) == (200, False)
    assert first.json()["order"]["id"] == second.json()["order"]["id"]
    order = first.json()["order"]
    assert (order["status"], order["financial_status"]) == ("confirmed", "paid")
    assert [i["number"] for i in order["invoices"]] == ["stitchex:#9"]


def test_orders_are_listed_with_filters(api: Any, stocked: dict[str, Any]) -> None:
    def make(**extra: Any) -> int:
        body = {"currency": "USD", "lines": [{"sku": "TEE-M", "quantity": 1}], **extra}
        return int(api.post("/api/v1/orders", body).json()["id"])

    a = make(tags=["vip"], placed_at="2026-01-10T00:00:00Z")
    b = make(confirm=True, placed_at="2026-02-10T00:00:00Z")
    c = make(channel="shop", external_id="1", placed_at="2026-03-10T00:00:00Z")

    def ids(**query: Any) -> list[int]:
        return [o["id"] for o in api.get("/api/v1/orders", **query).json()["items"]]

    assert ids(tag="vip") == [a]
    assert ids(status="confirmed") == [b]
    assert ids(channel="shop") == [c]
    assert ids(since="2026-02-01T00:00:00Z") == [b, c]
    assert ids(since="2026-02-01T00:00:00Z", until="2026-03-01T00:00:00Z") == [b]
    page = api.get("/api/v1/orders", limit=2).json()
    assert len(page["items"]) == 2 and page["next_cursor"]


def test_a_quantity_of_a_trillion_is_refused_and_every_read_still_works(
    api: Any, stocked: dict[str, Any]
) -> None:
    """Regression: this answered an HTML 500 yet saved the order; afterwards the order, the
    list and the dashboard all failed with decimal.InvalidOperation."""
    response = api.post(
        "/api/v1/orders",
        {"currency": "USD", "lines": [{"sku": "TEE-M", "quantity": 1_000_000_000_000}]},
    )

    assert response.status_code in (400, 422)
    assert response.json()["errors"][0]["field"] in ("lines[0].quantity", "lines.0.quantity")
    assert api.get("/api/v1/orders").status_code == 200
    assert api.get("/api/v1/orders").json()["items"] == []


def test_sku_and_variant_id_naming_two_variants_are_refused_naming_both(
    api: Any, stocked: dict[str, Any]
) -> None:
    variant = stocked["variant"]
    Variant.objects.create(
        product=variant.product, sku="TEE-L", currency="USD", price=Decimal("12.50")
    )
    response = api.post(
        "/api/v1/orders",
        {"currency": "USD", "lines": [{"sku": "TEE-L", "variant_id": variant.pk, "quantity": 1}]},
    )

    assert response.status_code == 400
    assert response.json() == {
        "errors": [
            {
                "field": "lines[0].sku",
                "reason": f"SKU 'TEE-L' names another variant, but variant_id {variant.pk} is "
                "SKU 'TEE-M': give one of them, or both naming the same variant",
                "code": "mismatch",
            },
        ]
    }
    assert api.get("/api/v1/orders").json()["items"] == []


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"currency": "XYZ"}, "currency"),
        ({"lines": [{"sku": "TEE-M", "quantity": 1, "unit_price": "10.005"}]}, "unit_price"),
        (
            {"lines": [{"sku": "TEE-M", "quantity": 1, "taxes": [{"title": "VAT", "rate": "5"}]}]},
            "rate",
        ),
        ({"note": "a\u0000b"}, "note"),
        ({"tags": ["x" * 256]}, "tags"),
    ],
)
def test_silently_accepted_order_values_are_refused(
    api: Any, stocked: dict[str, Any], change: dict[str, Any], field: str
) -> None:
    body = {"currency": "USD", "lines": [{"sku": "TEE-M", "quantity": 1}], **change}

    response = api.post("/api/v1/orders", body)

    assert response.status_code in (400, 422)
    assert field in response.json()["errors"][0]["field"]
    assert api.get("/api/v1/orders").json()["items"] == []


def test_cancelling_a_paid_order_over_the_api_refunds_it(api: Any, stocked: dict[str, Any]) -> None:
    order = api.post(
        "/api/v1/orders",
        {"currency": "USD", "lines": [{"sku": "TEE-M", "quantity": 2}], "confirm": True},
    ).json()
    invoice = api.post(f"/api/v1/orders/{order['id']}/invoices", {}).json()
    api.post(f"/api/v1/invoices/{invoice['id']}/payments", {"gateway": "card"})

    cancelled = api.post(f"/api/v1/orders/{order['id']}/cancel", {"reason": "changed mind"})

    assert cancelled.status_code == 200
    body = api.get(f"/api/v1/orders/{order['id']}").json()
    assert (body["status"], body["financial_status"], body["amount_refunded"]) == (
        "cancelled",
        "refunded",
        "25.0000",
    )
    assert _level(stocked["variant"], stocked["wh"]) == (10, 0)


def test_a_refund_of_zero_is_refused_over_the_api(api: Any, stocked: dict[str, Any]) -> None:
    order = api.post(
        "/api/v1/orders",
        {"currency": "USD", "lines": [{"sku": "TEE-M", "quantity": 1}], "confirm": True},
    ).json()
    invoice = api.post(f"/api/v1/orders/{order['id']}/invoices", {}).json()
    api.post(f"/api/v1/invoices/{invoice['id']}/payments", {"gateway": "card"})
    api.post(f"/api/v1/orders/{order['id']}/fulfilments", {"location": "WH"})
    line_id = order["lines"][0]["id"]

    response = api.post(
        f"/api/v1/orders/{order['id']}/refunds",
        {"lines": [{"line_id": line_id, "quantity": 1, "restock": "no_restock"}], "amount": "0.00"},
    )

    assert response.status_code == 400
    assert response.json() == {
        "errors": [
            {
                "field": "amount",
                "reason": "a refund of 0 USD gives nothing back: refund an amount above 0 "
                "(nothing is left to refund when nothing was paid), or take units back with "
                "restock cancel or return",
                "code": "nothing_to_refund",
            }
        ]
    }
    assert api.get(f"/api/v1/orders/{order['id']}").json()["refunds"] == []
