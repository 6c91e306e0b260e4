"""The BigCommerce connector's orders against the sandbox, built the way the engine builds it:
an order read with its sub-resources into the port's values, shipments with tracking, a
tracking update, a refund made once per key, a cancellation, hooks subscribed with the secret
header, callbacks checked and read; every body sent valid against BigCommerce's own request
schemas."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from decimal import Decimal
from pathlib import Path

import httpx
import pytest
from sandboxes.tests.bigcommerce.reference import request_schema, validate

from stockbridge.channels.errors import Rejected
from stockbridge.channels.port import (
    ConnectorContext,
    Credentials,
    Endpoint,
    InboundKind,
)
from stockbridge.channels.port_fulfilment import (
    CancelWrite,
    FulfilmentWrite,
    LineRef,
    RefundLineWrite,
    RefundWrite,
    Restock,
    TrackingInfo,
)
from stockbridge.channels.port_orders import OrderQuery, RemoteAddress
from stockbridge.connectors.bigcommerce.client import BigCommerceClient
from stockbridge.connectors.bigcommerce.connector import BigCommerceConnector
from stockbridge.connectors.bigcommerce.kind import BIGCOMMERCE
from stockbridge.connectors.bigcommerce.webhooks import HEADER, BigCommerceWebhooks
from stockbridge_sandboxes.bigcommerce import BigCommerceApp
from stockbridge_sandboxes.bigcommerce.store import Clock

from .test_connector import _Free

V3 = "/stores/sandbox1/v3"
NOW = 1_796_600_000.0


@pytest.fixture
def store() -> BigCommerceApp:
    app = BigCommerceApp(clock=Clock(NOW))
    with httpx.Client(transport=httpx.WSGITransport(app=app), base_url="http://bc.test",
                      headers={"X-Auth-Token": app.token}) as http:  # fmt: skip
        http.post(f"{V3}/catalog/products", json={
            "name": "Nidd Cotton Tee", "type": "physical", "weight": 0.2, "price": 25,
            "inventory_tracking": "variant",
            "variants": [{"sku": f"NCT-{s}", "option_values": [
                {"option_display_name": "Size", "label": s}]} for s in ("S", "M")],
        })  # fmt: skip
        http.put(f"{V3}/inventory/adjustments/absolute", json={"items": [
            {"location_id": 1, "sku": s, "quantity": 10} for s in ("NCT-S", "NCT-M")]})  # fmt: skip
        placed = http.post("/__sandbox/orders", json={
            "lines": [{"sku": "NCT-S", "quantity": 3}, {"sku": "NCT-M", "quantity": 1}],
            "customer_id": 7, "email": "ada@example.com", "first_name": "Ada",
            "last_name": "Lovelace", "street_1": "1 Quay St", "city": "Leeds",
            "zip": "LS1 1AA", "country_iso2": "gb", "shipping_cost": "4.50",
            "customer_message": "leave at the door",
        })  # fmt: skip
        assert placed.status_code == 201, placed.text
    return app


def _context(store: BigCommerceApp, **credentials: str) -> ConnectorContext:
    return ConnectorContext(
        endpoint=Endpoint(domain=store.store_hash, base_url="http://bc.test"),
        credentials=Credentials(access_token=store.token, **credentials),
        throttle=_Free(),
        transport=httpx.WSGITransport(app=store),
    )


@pytest.fixture
def connector(store: BigCommerceApp) -> BigCommerceConnector:
    built = BIGCOMMERCE.connect(_context(store))
    assert isinstance(built, BigCommerceConnector)
    return built


def _valid(client: BigCommerceClient, shared: Path) -> None:
    for method, path, body in client.sent:
        validate(body, request_schema(shared, method, path))


def test_an_order_is_read_with_its_sub_resources(connector: BigCommerceConnector) -> None:
    [order] = list(
        connector.read_orders(OrderQuery(updated_since=datetime(2026, 1, 1, tzinfo=UTC)))
    )
    assert (order.remote_id, order.name, order.currency, order.total, order.subtotal) == (
        "100", "#100", "USD", Decimal("104.50"), Decimal("100.00"))  # fmt: skip
    assert (order.shipping_total, order.financial_status, order.fulfillment_status) == (
        Decimal("4.50"), "paid", "unfulfilled")  # fmt: skip
    assert (order.email, order.note, order.created_at) == (
        "ada@example.com", "leave at the door", datetime.fromtimestamp(NOW, UTC))  # fmt: skip
    assert [(x.sku, x.quantity, x.unit_price, x.variant_remote_id) for x in order.lines] == [
        ("NCT-S", 3, Decimal("25.00"), "100"),
        ("NCT-M", 1, Decimal("25.00"), "101"),
    ]
    assert order.customer is not None and (order.customer.remote_id, order.customer.email) == (
        "7", "ada@example.com")  # fmt: skip
    assert order.shipping_address == RemoteAddress(
        name="Ada Lovelace", address1="1 Quay St", city="Leeds", postal_code="LS1 1AA",
        country_code="GB",
    )  # fmt: skip
    assert [(s.title, s.price) for s in order.shipping_lines] == [("Flat Rate", Decimal("4.50"))]
    assert connector.read_order("100") == order
    assert connector.read_order("999") is None
    later = OrderQuery(updated_since=datetime.fromtimestamp(NOW + 60, UTC))
    assert list(connector.read_orders(later)) == []  # v2: an empty page is 204


def test_shipments_tracking_refunds_and_cancel_are_sent_once(
    connector: BigCommerceConnector, store: BigCommerceApp, shared_dir: Path
) -> None:
    small = LineRef("100", "NCT-S", 2)
    write = FulfilmentWrite(
        ref="f1", order_id="100", lines=(small,), notify_customer=False,
        tracking=TrackingInfo(company="Royal Mail", numbers=("RM1", "RM2")), known=(),
    )  # fmt: skip
    made = connector.create_fulfilment(write)
    assert made == ("100:100",)
    assert connector.create_fulfilment(write) == made  # a retry finds it made, sends nothing
    assert len(store.store.shipments[100]) == 1
    connector.update_tracking("100:100", TrackingInfo("UPS", ("1Z9",), ("https://t/1Z9",)),
                              notify_customer=False)  # fmt: skip
    shipment = store.store.shipments[100][0]
    assert (shipment["tracking_number"], shipment["tracking_carrier"], shipment["tracking_link"]) \
        == ("1Z9", "ups", "https://t/1Z9")  # fmt: skip
    [seen] = connector.order_fulfilments("100")
    assert (seen.remote_id, seen.tracking_numbers, seen.lines) == ("100:100", ("1Z9",), (small,))
    with pytest.raises(Rejected, match="NCT-S: 2 more than the order has"):
        connector.create_fulfilment(
            FulfilmentWrite("f2", "100", (LineRef("100", "NCT-S", 5),), TrackingInfo(), False)
        )

    refund = RefundWrite(
        ref="r1", order_id="100", key="k-1", currency="USD", amount=Decimal("30"),
        lines=(RefundLineWrite(LineRef("101", "NCT-M", 1), Restock.CANCEL),),
        shipping_amount=Decimal("4.50"), note="damaged",
    )  # fmt: skip
    first = connector.create_refund(refund)
    assert connector.create_refund(refund) == first  # the key in the reason: made once
    [made_refund] = store.store.refunds[100]
    assert (made_refund["reason"], made_refund["total_amount"]) == (
        "damaged [stockbridge:k-1]",
        30.0,
    )
    assert [(i["item_type"], i.get("quantity"), i.get("requested_amount"))
            for i in made_refund["items"]] == [("PRODUCT", 1, None), ("SHIPPING", None, 4.5)]  # fmt: skip
    assert connector.read_order("100").refunds == ()  # the hub's own: recorded there already

    connector.cancel_order(CancelWrite(order_id="100", staff_note="out of stock"))
    connector.cancel_order(CancelWrite(order_id="100"))  # already cancelled: nothing sent
    order = store.store.orders[100]
    assert (order["status_id"], order["refunded_amount"], order["staff_notes"]) == (
        5, "104.5000", "out of stock")  # fmt: skip
    assert connector.read_order("100").cancelled_at is not None
    _valid(connector.client, shared_dir)


def test_hooks_are_subscribed_with_the_secret_header_and_callbacks_checked(
    store: BigCommerceApp, shared_dir: Path
) -> None:
    codec = BIGCOMMERCE.webhooks(_context(store))  # type: ignore[misc]
    assert isinstance(codec, BigCommerceWebhooks)
    results = codec.subscribe(
        [InboundKind.ORDER, InboundKind.REFUND], "https://hub.test/webhooks/4"
    )
    assert [(r.topic, r.ok) for r in results] == [
        ("store/order/created", True), ("store/order/updated", True),
        ("store/order/statusUpdated", True), ("store/order/refund/created", True),
    ]  # fmt: skip
    again = codec.subscribe([InboundKind.ORDER], "https://hub.test/webhooks/4")
    assert [r.remote_id for r in again] == [r.remote_id for r in results[:3]]  # kept, not doubled
    assert len(store.store.hooks) == 4
    secret = next(iter(store.store.hooks.values()))["headers"][HEADER]
    assert len(secret) == 64 and secret != store.token
    _valid(codec.client, shared_dir)

    with httpx.Client(transport=httpx.WSGITransport(app=store), base_url="http://bc.test") as http:
        http.put("/stores/sandbox1/v2/orders/100", json={"status_id": 2},
                 headers={"X-Auth-Token": store.token})  # fmt: skip
    sent: list[tuple[bytes, dict[str, str]]] = []
    store.deliveries.pump(lambda url, body, headers: sent.append((body, headers)) or 200)
    assert len(sent) == 2  # updated, statusUpdated
    body, headers = sent[1]
    assert codec.verify(headers, body)
    assert not codec.verify({**headers, HEADER: "x" * 64}, body)
    assert not codec.verify({"Content-Type": "application/json"}, body)
    event = codec.parse(headers, body)
    payload = json.loads(body)
    assert (event.event_id, event.topic, event.kind, event.resource_id, event.occurred_at) == (
        f"store/order/statusUpdated:{payload['hash']}", "store/order/statusUpdated",
        InboundKind.ORDER, "100", datetime.fromtimestamp(NOW, UTC),
    )  # fmt: skip
    with pytest.raises(Rejected, match="scope"):
        codec.parse(headers, b'{"data": {"id": 1}}')
    own = BIGCOMMERCE.webhooks(_context(store, webhook_secret="chosen"))  # type: ignore[misc]
    assert own.verify({HEADER.lower(): "chosen"}, body)


def test_an_incomplete_checkout_is_not_an_order_yet(
    connector: BigCommerceConnector, store: BigCommerceApp
) -> None:
    store.store.orders[100]["status_id"] = 0  # an abandoned checkout
    assert connector.read_order("100") is None
    assert list(connector.read_orders(OrderQuery())) == []
    callback = {"scope": "store/order/created", "data": {"type": "order", "id": 100}}
    with pytest.raises(Rejected, match="the store has no order 100 \\(deleted since, or not"):
        connector.order_from_event(callback)
