"""The documented WooCommerce order and refunds (the reference's examples) read into the port's
values, exactly; and the statuses, customers and webhook payloads WooCommerce sends."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from stockbridge.channels.errors import Rejected
from stockbridge.channels.port_orders import (
    OrderQuery,
    RemoteAddress,
    RemoteFulfilment,
    RemoteFulfilmentLine,
    RemoteRefundLine,
    RemoteShippingLine,
    RemoteTax,
)
from stockbridge.connectors.woocommerce.orders.mapping import customer_of, order_of
from stockbridge.connectors.woocommerce.orders.reading import ALL, statuses


def example(reference: Path, name: str) -> Any:
    return json.loads((reference / "examples" / f"{name}.json").read_text())


def test_the_documented_order_and_its_refunds(reference: Path) -> None:
    order = order_of(
        example(reference, "order.retrieve.response"),
        example(reference, "order_refunds.list.response"),
    )
    assert (order.remote_id, order.name, order.currency, order.created_at, order.updated_at) == (
        "727",
        "#727",
        "USD",
        datetime(2017, 3, 22, 19, 28, 2, tzinfo=UTC),
        datetime(2017, 3, 22, 19, 28, 8, tzinfo=UTC),
    )
    assert (order.total, order.subtotal, order.shipping_total, order.tax_total) == (
        Decimal("29.35"),
        Decimal("18.00"),
        Decimal("10.00"),
        Decimal("1.35"),
    )
    assert (order.financial_status, order.fulfillment_status, order.cancelled_at) == (
        "paid",
        "unfulfilled",
        None,
    )
    assert [
        (x.remote_id, x.quantity, x.unit_price, x.sku, x.variant_remote_id, x.product_remote_id)
        for x in order.lines
    ] == [
        ("315", 2, Decimal("3.00"), "", "93", "93"),
        ("316", 1, Decimal("12.00"), "Bar3", "23", "22"),
    ]
    assert order.lines[1].taxes == (RemoteTax(title="State Tax", amount=Decimal("0.9")),)
    assert order.shipping_lines == (
        RemoteShippingLine(title="Flat Rate", price=Decimal("10.00"), code="flat_rate"),
    )
    assert order.customer is None and order.email == "john.doe@example.com"  # a guest
    assert order.shipping_address == RemoteAddress(
        name="John Doe",
        address1="969 Market",
        city="San Francisco",
        region="CA",
        postal_code="94103",
        country_code="US",
    )
    assert [(r.remote_id, r.amount, r.lines) for r in order.refunds] == [
        ("726", Decimal("10.00"), ()),
        (
            "724",
            Decimal("9.00"),
            (RemoteRefundLine("311", 1, "return", "stock", Decimal("9.00")),),
        ),
    ]


def _order(**changes: Any) -> dict[str, Any]:
    return {
        "id": 5,
        "number": "5",
        "status": "processing",
        "currency": "EUR",
        "date_created_gmt": "2026-12-01T10:00:00",
        "date_modified_gmt": "2026-12-01T10:05:00",
        "date_paid_gmt": "2026-12-01T10:01:00",
        "total": "40.00",
        "line_items": [
            {
                "id": 9,
                "product_id": 3,
                "variation_id": 0,
                "quantity": 2,
                "subtotal": "40.00",
                "total": "36.00",
                "sku": "MUG",
            },
        ],
        **changes,
    }


@pytest.mark.parametrize(
    ("status", "paid", "financial", "fulfilment", "cancelled"),
    [
        ("processing", True, "paid", "unfulfilled", False),
        ("completed", True, "paid", "fulfilled", False),
        ("on-hold", False, "pending", "on_hold", False),
        ("pending", False, "pending", "on_hold", False),
        ("failed", False, "pending", "on_hold", False),
        ("cancelled", False, "voided", "unfulfilled", True),
        ("refunded", True, "refunded", "unfulfilled", False),
    ],
)
def test_statuses(
    status: str, paid: bool, financial: str, fulfilment: str, cancelled: bool
) -> None:
    order = order_of(_order(status=status, date_paid_gmt="2026-12-01T10:01:00" if paid else None))
    assert (order.financial_status, order.fulfillment_status, order.cancelled_at is not None) == (
        financial,
        fulfilment,
        cancelled,
    )


def test_a_completed_order_is_one_fulfilment_of_every_unit() -> None:
    order = order_of(_order(status="completed", date_completed_gmt="2026-12-02T09:00:00"))
    assert order.fulfilments == (
        RemoteFulfilment(
            remote_id="5:completed",
            location_remote_id="stock",
            lines=(RemoteFulfilmentLine("9", 2),),
            created_at=datetime(2026, 12, 2, 9, tzinfo=UTC),
        ),
    )
    assert order.lines[0].discount == Decimal("4.00")  # a coupon's share of the line


def test_refunds_this_hub_made_are_left_out() -> None:
    ours = {
        "id": 7,
        "amount": "5.00",
        "meta_data": [{"key": "stockbridge_refund_key", "value": "k"}],
    }
    theirs = {"id": 8, "amount": "6.00", "meta_data": []}
    assert [r.remote_id for r in order_of(_order(), [ours, theirs]).refunds] == ["8"]


def test_a_deleted_order_payload_is_refused_naming_why() -> None:
    with pytest.raises(Rejected) as refused:
        order_of({"id": 5})
    assert refused.value.message == "id: is not an order (no id, status or date_created_gmt)"


def test_the_documented_customer(reference: Path) -> None:
    customer = customer_of(example(reference, "customer.retrieve.response"))
    assert (customer.remote_id, customer.email, customer.first_name, customer.last_name) == (
        "25",
        "john.doe@example.com",
        "John",
        "Doe",
    )
    assert [a.city for a in customer.addresses] == ["San Francisco", "San Francisco"]


@pytest.mark.parametrize(
    ("query", "asked"),
    [
        (OrderQuery(), ALL),
        (OrderQuery(fulfillment_statuses=("fulfilled",)), ("completed",)),
        (OrderQuery(financial_statuses=("paid",)), ("processing", "completed")),
        (
            OrderQuery(financial_statuses=("paid",), fulfillment_statuses=("unfulfilled",)),
            ("processing",),
        ),
        (OrderQuery(include_cancelled=False), tuple(s for s in ALL if s != "cancelled")),
    ],
)
def test_the_statuses_a_query_asks_the_store_for(query: OrderQuery, asked: tuple[str, ...]) -> None:
    assert statuses(query) == asked
