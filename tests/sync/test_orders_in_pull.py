"""Get Orders (the schedule's safety net), the legacy pull, unlinked lines, a documented
Shopify payload posted to the endpoint, and stock following an order to every other
listing. Orders are placed in sandbox stores; the connector reads them over GraphQL."""

from __future__ import annotations

import json
from collections.abc import Iterator
from decimal import Decimal
from typing import Any

import pytest
from django.test import Client

from stockbridge.channels import services as channel_services
from stockbridge.customers.models import Customer
from stockbridge.inventory.models import StockLevel
from stockbridge.orders.models import Order
from stockbridge.platform.errors import FieldError
from stockbridge.sync.jobs.legacy_orders import pull
from stockbridge.sync.models import ChannelOrder, InboundEvent
from stockbridge.sync.operations import run_operation
from stockbridge_sandboxes.shopify.webhooks import sign
from tests.support.shopify_order_payloads import pos_guest_order
from tests.support.shopify_stores import Stores, routed_stores

from .channels_shop import available, link
from .orders_in_shop import Shop, add_product, open_shop

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.live_nudges]
TAGS = "query($id: ID!) { order(id: $id) { tags } }"


@pytest.fixture
def stores(channel_fanout: None) -> Iterator[Stores]:
    yield from routed_stores()


@pytest.fixture
def shop(stores: Stores) -> Shop:
    return open_shop(stores.add("pull-a"), subscribe=False)


def level(shop: Shop, sku: str) -> tuple[int, int]:
    row = StockLevel.objects.get(variant=shop.tees[sku], location=shop.wh)
    return row.on_hand, row.committed


def items(run_id: int) -> list[tuple[str, str, str]]:
    from stockbridge.sync.models import RunItem

    return list(
        RunItem.objects.filter(run_id=run_id)
        .order_by("id")
        .values_list("ref", "outcome", "message")
    )


def test_get_orders_imports_what_the_webhooks_missed_once_and_tags_it(shop: Shop) -> None:
    channel_services.set_operation(
        channel=shop.channel, operation="get_orders", settings={"tag_after_import": "in-hub"}
    )
    placed = shop.order({"TEE-S": 2})
    shop.order({"TEE-M": 1})

    first = run_operation(channel_id=shop.channel.pk, operation="get_orders")
    second = run_operation(channel_id=shop.channel.pk, operation="get_orders")

    assert (first.status, first.counts, second.counts) == (
        "ok",
        {"created": 2},
        {"unchanged": 2},
    )
    assert Order.objects.count() == 2
    assert (level(shop, "TEE-S"), level(shop, "TEE-M")) == ((10, 2), (10, 1))
    assert shop.store.gql(TAGS, {"id": placed["id"]})["order"]["tags"] == ["in-hub"]
    tagged = [(r.tag, r.tagged_at is not None, r.tag_error) for r in ChannelOrder.objects.all()]
    assert tagged == [("in-hub", True, ""), ("in-hub", True, "")]


def test_a_preview_writes_nothing(shop: Shop) -> None:
    shop.order({"TEE-S": 2})
    run = run_operation(channel_id=shop.channel.pk, operation="get_orders", dry_run=True)
    assert [(ref, outcome) for ref, outcome, _ in items(run.pk)] == [("#1001", "created")]
    assert (Order.objects.count(), ChannelOrder.objects.count()) == (0, 0)


def test_orders_left_out_by_the_filters_wait_and_import_once_the_filter_allows(
    shop: Shop,
) -> None:
    channel_services.set_operation(
        channel=shop.channel, operation="get_orders", settings={"import_without_location": False}
    )
    shop.order({"TEE-S": 1})
    run = run_operation(channel_id=shop.channel.pk, operation="get_orders")
    assert items(run.pk) == [("#1001", "skipped", "the order has no location id")]
    assert (Order.objects.count(), ChannelOrder.objects.get().state) == (0, "waiting")

    channel_services.set_operation(
        channel=shop.channel, operation="get_orders", settings={"import_without_location": True}
    )
    run = run_operation(channel_id=shop.channel.pk, operation="get_orders")
    assert [outcome for _, outcome, _ in items(run.pk)] == ["created"]
    assert level(shop, "TEE-S") == (10, 1)


def test_a_line_whose_product_is_not_in_the_hub_is_imported_unlinked_and_flagged(
    shop: Shop,
) -> None:
    other = add_product(shop.store, "Mug", ["MUG"], shop.warehouse, 5)
    shop.remote.update(other)
    shop.order({"TEE-S": 1, "MUG": 2})
    run = run_operation(channel_id=shop.channel.pk, operation="get_orders")
    assert run.counts == {"created": 1}
    order = Order.objects.get()
    assert [(x.sku, x.variant_id is None, x.unlinked_reason) for x in order.lines.all()] == [
        ("TEE-S", False, ""),
        ("MUG", True, "no hub variant is linked to this channel variant"),
    ]
    assert (order.status, order.total, level(shop, "TEE-S")) == (
        "confirmed",
        Decimal("30.00"),
        (10, 1),
    )
    flagged = order.history.get(kind="lines_unlinked")
    assert flagged.message == (
        "1 line(s) imported without a product (no stock held): MUG: no hub variant is linked "
        "to this channel variant"
    )


def test_the_legacy_pull_imports_confirmed_invoiced_paid_and_skips_cancelled(
    shop: Shop,
) -> None:
    kept = shop.order({"TEE-S": 2}, email="ada@example.com")
    gone = shop.order({"TEE-M": 1})
    shop.store.control(f"orders/{shop.number(gone)}/cancel", {"restock": True, "reason": "OTHER"})

    run = pull(channel_id=shop.channel.pk, days=30)

    assert (run.operation, run.status, run.counts) == ("legacy_orders", "ok", {"created": 1})
    order = Order.objects.get()
    assert order.external_id == kept["id"]
    assert (order.status, order.financial_status, order.total, order.amount_paid) == (
        "confirmed",
        "paid",
        Decimal("20.00"),
        Decimal("20.00"),
    )
    invoice = order.invoices.get()
    assert (invoice.status, invoice.total) == ("paid", Decimal("20.00"))
    assert Customer.objects.get().email == "ada@example.com"
    again = pull(channel_id=shop.channel.pk, days=30)
    assert (again.counts, Order.objects.count()) == ({"unchanged": 1}, 1)


def test_the_legacy_pull_says_when_more_than_60_days_need_read_all_orders(shop: Shop) -> None:
    with pytest.raises(FieldError) as caught:
        pull(channel_id=shop.channel.pk, days=90)
    assert (caught.value.field, caught.value.code) == ("days", "scope")
    assert caught.value.reason.startswith(
        "the channel serves only the last 60 days of orders to this app (it lacks the "
        "read_all_orders scope)"
    )
    shop.channel.scopes = ["read_orders", "read_all_orders"]
    shop.channel.save()
    assert pull(channel_id=shop.channel.pk, days=90).status == "ok"


def test_the_legacy_pull_is_reachable_by_the_api(shop: Shop, api: Any) -> None:
    shop.order({"TEE-S": 1})
    answer = api.post(f"/api/v1/channels/{shop.channel.pk}/legacy-orders", {"days": 61})
    assert (answer.status_code, answer.json()["errors"][0]["field"]) == (400, "days")
    answer = api.post(f"/api/v1/channels/{shop.channel.pk}/legacy-orders", {"days": 7})
    assert (answer.status_code, answer.json()["counts"]) == (201, {"created": 1})


def test_a_documented_shopify_payload_is_imported_whole(shop: Shop) -> None:
    tee = shop.remote["TEE-S"]
    body = json.dumps(
        pos_guest_order(
            variant_id=int(tee.variant_id.rsplit("/", 1)[1]),
            product_id=int(tee.product_id.rsplit("/", 1)[1]),
        )
    ).encode()
    headers = {
        "X-Shopify-Topic": "orders/create",
        "X-Shopify-Event-Id": "doc-1",
        "X-Shopify-Hmac-Sha256": sign(body, shop.store.app.credentials.client_secret),
    }
    answer = Client().post(
        f"/webhooks/{shop.channel.pk}", data=body, content_type="application/json", headers=headers
    )
    assert answer.status_code == 200
    order = Order.objects.get()
    assert (order.total, order.totals_flag, order.requested_location_id) == (
        Decimal("54.06"),
        "",
        shop.wh.pk,
    )
    assert (order.subtotal, order.discount_total, order.shipping_total, order.tax_total) == (
        Decimal("45.00"),
        Decimal("4.00"),
        Decimal("10.00"),
        Decimal("3.06"),
    )
    assert [(x.title, x.variant_id is not None, x.total) for x in order.lines.all()] == [
        ("Tee - TEE-S", True, Decimal("38.16")),
        ("Gift wrap", False, Decimal("5.30")),
    ]
    assert order.shipping_lines.get().total == Decimal("10.60")
    assert (order.customer.email, order.customer.channel) == ("guest@example.com", "")
    assert order.customer.addresses.get().city == "Arlington"
    assert sorted(order.tags.values_list("name", flat=True)) == ["pos", "vip"]
    assert level(shop, "TEE-S") == (10, 2)
    assert InboundEvent.objects.get().result == (
        f"order #9999: created (imported as {order.number} (confirmed))"
    )


def test_an_order_placed_in_one_store_reaches_every_other_listing(stores: Stores) -> None:
    a = open_shop(stores.add("follow-a"))
    b_store = stores.add("follow-b")
    from tests.support.shops import seed_shop

    from .channels_shop import add_location, map_location, real_time
    from .orders_in_shop import connect

    real_time(b_store)
    seed_shop(b_store, currency="USD")
    b_warehouse = add_location(b_store, 1, "B Warehouse")
    b_remote = add_product(b_store, "Tee", ["TEE-S"], b_warehouse, 10)["TEE-S"]
    b = connect(b_store, "Shop B")
    map_location(b, a.wh, b_warehouse, "B Warehouse")
    link(b, a.tees["TEE-S"], b_remote, confirmed={b_warehouse: 10})

    a.order({"TEE-S": 3})

    assert level(a, "TEE-S") == (10, 3)
    assert available(b_store, b_remote, b_warehouse) == 7
    assert available(a.store, a.remote["TEE-S"], a.warehouse) == 7
