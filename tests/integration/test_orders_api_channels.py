"""The orders API, 1.2.0: cancel with or without a refund, a channel's fulfilment recorded once
(`/orders/{id}/fulfilments/import`), and where a channel's customers, payments and refunds came
from (`channel`, `external_id`) in every read."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest

from stockbridge.catalog.models import Product, Variant
from stockbridge.customers import services as customers
from stockbridge.customers.specs import CustomerSpec
from stockbridge.inventory import services as inventory
from stockbridge.inventory.models import Location, StockLevel
from stockbridge.orders import services as orders
from stockbridge.orders.specs import RefundLineSpec, RefundSpec


@pytest.fixture
def stocked(db: None) -> dict[str, Any]:
    product = Product.objects.create(title="Tee", handle="tee")
    variant = Variant.objects.create(
        product=product, sku="TEE-M", currency="USD", price=Decimal("12.50")
    )
    wh = Location.objects.create(name="Warehouse", code="WH", priority=1)
    inventory.adjust(variant_id=variant.pk, location_id=wh.pk, delta=10, reason="received")
    return {"variant": variant, "wh": wh}


def _level(variant: Variant, location: Location) -> tuple[int, int]:
    row = StockLevel.objects.get(variant=variant, location=location)
    return row.on_hand, row.committed


def _paid_order(api: Any, quantity: int = 2) -> dict[str, Any]:
    order = api.post(
        "/api/v1/orders",
        {"currency": "USD", "lines": [{"sku": "TEE-M", "quantity": quantity}], "confirm": True},
    ).json()
    invoice = api.post(f"/api/v1/orders/{order['id']}/invoices", {}).json()
    api.post(f"/api/v1/invoices/{invoice['id']}/payments", {"gateway": "card"})
    return dict(api.get(f"/api/v1/orders/{order['id']}").json())


def test_cancelling_a_paid_order_without_a_refund_is_refused_and_changes_nothing(
    api: Any, stocked: dict[str, Any]
) -> None:
    order = _paid_order(api)

    refused = api.post(f"/api/v1/orders/{order['id']}/cancel", {"refund": False})

    assert (refused.status_code, refused.json()) == (
        400,
        {
            "errors": [
                {
                    "field": "refund",
                    "reason": f"{order['number']} has 25.00 USD paid for what is cancelled: "
                    "cancel it with a refund, or refund it first",
                    "code": "paid",
                }
            ]
        },
    )
    body = api.get(f"/api/v1/orders/{order['id']}").json()
    assert (body["status"], body["financial_status"], body["amount_refunded"]) == (
        "confirmed",
        "paid",
        "0.0000",
    )
    assert body["refunds"] == []
    assert _level(stocked["variant"], stocked["wh"]) == (10, 2)


def test_cancelling_with_a_refund_records_a_hub_refund(api: Any, stocked: dict[str, Any]) -> None:
    order = _paid_order(api)

    cancelled = api.post(
        f"/api/v1/orders/{order['id']}/cancel", {"reason": "changed mind", "refund": True}
    )

    assert cancelled.status_code == 200
    body = cancelled.json()
    assert (body["status"], body["financial_status"], body["amount_refunded"]) == (
        "cancelled",
        "refunded",
        "25.0000",
    )
    [refund] = body["refunds"]
    assert (refund["amount"], refund["channel"], refund["external_id"]) == ("25.0000", "", "")
    assert _level(stocked["variant"], stocked["wh"]) == (10, 0)


def test_an_unpaid_order_cancels_without_a_refund(api: Any, stocked: dict[str, Any]) -> None:
    order = api.post(
        "/api/v1/orders",
        {"currency": "USD", "lines": [{"sku": "TEE-M", "quantity": 1}], "confirm": True},
    ).json()

    cancelled = api.post(f"/api/v1/orders/{order['id']}/cancel", {"refund": False})

    assert (cancelled.status_code, cancelled.json()["status"]) == (200, "cancelled")
    assert cancelled.json()["refunds"] == []


def test_cancel_refuses_a_refund_flag_that_is_not_a_boolean(
    api: Any, stocked: dict[str, Any]
) -> None:
    order = _paid_order(api)

    response = api.post(f"/api/v1/orders/{order['id']}/cancel", {"refund": "no"})

    assert response.status_code == 400
    assert [(e["field"], e["code"]) for e in response.json()["errors"]] == [("refund", "invalid")]
    assert api.get(f"/api/v1/orders/{order['id']}").json()["status"] == "confirmed"


def _shipment(**extra: Any) -> dict[str, Any]:
    return {
        "channel": "stitchex",
        "external_id": "FUL-1",
        "location": "WH",
        "carrier": "UPS",
        "tracking_number": "1Z9",
        "tracking_url": "https://ups.example/1Z9",
        **extra,
    }


def test_a_channel_fulfilment_ships_once_however_often_it_is_sent(
    api: Any, stocked: dict[str, Any]
) -> None:
    order = api.post(
        "/api/v1/orders",
        {"currency": "USD", "lines": [{"sku": "TEE-M", "quantity": 3}], "confirm": True},
    ).json()
    line_id = order["lines"][0]["id"]
    path = f"/api/v1/orders/{order['id']}/fulfilments/import"

    first = api.post(path, _shipment(lines=[{"line_id": line_id, "quantity": 2}]))
    again = api.post(path, _shipment(lines=[{"line_id": line_id, "quantity": 2}]))

    assert first.status_code == 201
    body = first.json()
    fulfilment = body["fulfilment"]
    assert body["created"] is True
    assert {k: v for k, v in fulfilment.items() if k not in ("id", "shipped_at")} == {
        "location": "WH",
        "carrier": "UPS",
        "tracking_number": "1Z9",
        "tracking_url": "https://ups.example/1Z9",
        "notify_customer": False,
        "channel": "stitchex",
        "external_id": "FUL-1",
        "lines": [{"line_id": line_id, "quantity": 2}],
    }
    assert (body["order"]["status"], body["order"]["fulfilments"]) == (
        "partially_fulfilled",
        [fulfilment],
    )
    assert (again.status_code, again.json()["created"]) == (200, False)
    assert again.json()["fulfilment"] == fulfilment
    assert again.json()["order"]["fulfilments"] == [fulfilment]
    assert _level(stocked["variant"], stocked["wh"]) == (8, 1)


def test_a_channel_fulfilment_of_another_order_is_a_conflict(
    api: Any, stocked: dict[str, Any]
) -> None:
    first, second = (
        api.post(
            "/api/v1/orders",
            {"currency": "USD", "lines": [{"sku": "TEE-M", "quantity": 1}], "confirm": True},
        ).json()
        for _ in range(2)
    )
    api.post(f"/api/v1/orders/{first['id']}/fulfilments/import", _shipment())

    response = api.post(f"/api/v1/orders/{second['id']}/fulfilments/import", _shipment())

    assert (response.status_code, response.json()) == (
        409,
        {
            "errors": [
                {
                    "field": "external_id",
                    "reason": "fulfilment 'FUL-1' of 'stitchex' belongs to another order",
                    "code": "duplicate",
                }
            ]
        },
    )
    assert api.get(f"/api/v1/orders/{second['id']}").json()["fulfilments"] == []
    assert _level(stocked["variant"], stocked["wh"]) == (9, 1)


@pytest.mark.parametrize(
    ("change", "field", "code"),
    [
        ({"channel": ""}, "channel", "too_short"),
        ({"external_id": None}, "external_id", "required"),
        ({"channel": "x" * 65}, "channel", "too_long"),
        ({"external_id": "FUL\x001"}, "external_id", "invalid"),
        ({"location": None}, "location", "invalid"),
        ({"tracking_url": "ftp://x"}, "tracking_url", "invalid"),
        ({"carier": "UPS"}, "carier", "unknown_field"),
    ],
)
def test_a_channel_fulfilment_is_bounded_before_anything_ships(
    api: Any, stocked: dict[str, Any], change: dict[str, Any], field: str, code: str
) -> None:
    order = api.post(
        "/api/v1/orders",
        {"currency": "USD", "lines": [{"sku": "TEE-M", "quantity": 1}], "confirm": True},
    ).json()
    payload = {k: v for k, v in _shipment(**change).items() if v is not None}

    response = api.post(f"/api/v1/orders/{order['id']}/fulfilments/import", payload)

    assert response.status_code == 400
    assert [(e["field"], e["code"]) for e in response.json()["errors"]] == [(field, code)]
    assert api.get(f"/api/v1/orders/{order['id']}").json()["fulfilments"] == []
    assert _level(stocked["variant"], stocked["wh"]) == (10, 1)


def test_a_channel_fulfilment_of_an_unknown_order_is_not_found(
    api: Any, stocked: dict[str, Any]
) -> None:
    response = api.post("/api/v1/orders/999999/fulfilments/import", _shipment())

    assert (response.status_code, response.json()["errors"][0]["field"]) == (404, "order_id")


def test_reads_say_which_channel_a_customer_payment_and_refund_came_from(
    api: Any, stocked: dict[str, Any]
) -> None:
    customer, _ = customers.import_channel_customer(
        spec=CustomerSpec(first_name="Ada", channel="stitchex", external_id="C-7")
    )
    order = api.post(
        "/api/v1/orders",
        {"currency": "USD", "lines": [{"sku": "TEE-M", "quantity": 2}], "confirm": True},
    ).json()
    invoice = api.post(f"/api/v1/orders/{order['id']}/invoices", {}).json()
    orders.record_payment(invoice_id=invoice["id"], channel="stitchex", external_id="P-1")
    api.post(f"/api/v1/orders/{order['id']}/fulfilments", {"location": "WH"})
    orders.refund_order(
        order_id=order["id"],
        spec=RefundSpec(lines=(RefundLineSpec(order["lines"][0]["id"], 1),)),
        channel="stitchex",
        external_id="R-1",
    )

    got = api.get(f"/api/v1/customers/{customer.pk}").json()
    assert (got["channel"], got["external_id"]) == ("stitchex", "C-7")
    listed = api.get("/api/v1/customers").json()["items"]
    assert [(c["channel"], c["external_id"]) for c in listed] == [("stitchex", "C-7")]
    body = api.get(f"/api/v1/orders/{order['id']}").json()
    assert [(p["channel"], p["external_id"], p["amount"]) for p in body["payments"]] == [
        ("stitchex", "P-1", "25.0000")
    ]
    assert [(r["channel"], r["external_id"], r["amount"]) for r in body["refunds"]] == [
        ("stitchex", "R-1", "12.5000")
    ]
    assert [(f["channel"], f["external_id"]) for f in body["fulfilments"]] == [("", "")]
    paid = api.get(f"/api/v1/invoices/{invoice['id']}").json()
    assert paid["amount_paid"] == "25.0000"


def test_the_openapi_declares_the_new_fields_and_the_import_of_a_fulfilment(api: Any) -> None:
    document = api.get("/api/openapi.json").json()
    schemas = document["components"]["schemas"]
    version = tuple(int(part) for part in document["info"]["version"].split("."))
    assert version >= (1, 2, 0)  # these fields came with 1.2.0
    assert schemas["CancelIn"]["properties"]["refund"]["type"] == "boolean"
    assert schemas["CancelIn"]["additionalProperties"] is False
    body = schemas["ChannelFulfilIn"]
    assert set(body["required"]) == {"channel", "external_id"}
    assert (
        body["properties"]["channel"]["minLength"],
        body["properties"]["channel"]["maxLength"],
    ) == (1, 64)
    assert body["additionalProperties"] is False
    for name in ("CustomerOut", "PaymentOut", "RefundOut", "FulfilmentOut"):
        assert {"channel", "external_id"} <= set(schemas[name]["required"]), name
    operation = document["paths"]["/api/v1/orders/{order_id}/fulfilments/import"]["post"]
    assert set(operation["responses"]) == {"200", "201", "400", "401", "404", "409", "413", "500"}
