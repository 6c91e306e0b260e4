"""Orders from draft to closed: confirm reserves, fulfil ships (partially, per location, with
tracking), cancel releases what is still held, illegal transitions change nothing."""

from __future__ import annotations

from decimal import Decimal as D

import pytest

from stockbridge.catalog.models import Variant
from stockbridge.customers.models import Customer
from stockbridge.inventory.errors import InsufficientStock
from stockbridge.inventory.models import Location, Movement
from stockbridge.orders import services
from stockbridge.orders.errors import IllegalTransition, TooMany
from stockbridge.orders.models import LineAllocation, Order, OrderEvent, OrderLine
from stockbridge.orders.specs import FulfilLine, Tracking
from stockbridge.platform.errors import FieldError

from .conftest import level, order_spec, place, stock


def _lines(order: Order) -> list[OrderLine]:
    return list(order.lines.order_by("position"))


def test_a_new_order_is_a_draft_with_checked_totals_and_reserves_nothing(
    tee: Variant, cap: Variant, warehouse: Location
) -> None:
    stock(tee, warehouse, 10)

    order = place([(tee, 2), (cap, 1)], confirm=False, tags=("vip", "wholesale"))

    assert order.number == f"SB-{order.pk:06d}"
    assert order.status == "draft"
    assert order.financial_status == "pending"
    assert (order.subtotal, order.total) == (D("35.00"), D("35.00"))
    assert sorted(order.tags.values_list("name", flat=True)) == ["vip", "wholesale"]
    assert [(x.sku, x.title, x.quantity) for x in _lines(order)] == [
        ("TEE-BLK-M", f"{tee.product.title} - Black / M", 2),
        ("CAP-RED", f"{cap.product.title} - Black / M", 1),
    ]
    assert level(tee, warehouse) == (10, 0)


def test_confirming_reserves_every_line_through_the_inventory(
    tee: Variant, cap: Variant, warehouse: Location, store: Location
) -> None:
    stock(tee, warehouse, 10)
    stock(cap, store, 4)

    order = place([(tee, 3), (cap, 4)])

    assert order.status == "confirmed"
    assert level(tee, warehouse) == (10, 3)
    assert level(cap, store) == (4, 4)
    assert list(
        LineAllocation.objects.order_by("id").values_list("location__code", "quantity")
    ) == [("WH", 3), ("STORE", 4)]
    assert Movement.objects.filter(reason="reserved").count() == 2


def test_a_line_no_single_location_can_fill_is_split_over_locations(
    tee: Variant, warehouse: Location, store: Location
) -> None:
    stock(tee, warehouse, 2)
    stock(tee, store, 3)

    place([(tee, 4)])

    assert level(tee, warehouse) == (2, 2)
    assert level(tee, store) == (3, 2)


def test_confirming_without_enough_stock_names_the_line_and_reserves_nothing(
    tee: Variant, cap: Variant, warehouse: Location
) -> None:
    stock(tee, warehouse, 5)
    stock(cap, warehouse, 1)
    order = place([(tee, 2), (cap, 3)], confirm=False)

    with pytest.raises(InsufficientStock) as error:
        services.confirm_order(order_id=order.pk)

    assert error.value.field == "lines[1].quantity"
    order.refresh_from_db()
    assert order.status == "draft"
    assert level(tee, warehouse) == (5, 0)
    assert LineAllocation.objects.count() == 0


def test_a_requested_location_is_the_only_one_reserved_from(
    tee: Variant, warehouse: Location, store: Location
) -> None:
    stock(tee, warehouse, 5)
    stock(tee, store, 5)

    place([(tee, 2)], requested_location_id=store.pk)

    assert (level(tee, warehouse), level(tee, store)) == ((5, 0), (5, 2))


def test_partial_fulfilment_from_two_locations_with_two_tracking_numbers(
    tee: Variant, cap: Variant, warehouse: Location, store: Location
) -> None:
    stock(tee, warehouse, 10)
    stock(tee, store, 10)
    stock(cap, warehouse, 10)
    order = place([(tee, 4), (cap, 2)])
    tee_line, _ = _lines(order)

    first = services.fulfil_order(
        order_id=order.pk,
        location_id=warehouse.pk,
        lines=[FulfilLine(tee_line.pk, 2)],
        tracking=Tracking(carrier="UPS", number="1Z999", url="https://ups.example/1Z999"),
    )
    second = services.fulfil_order(
        order_id=order.pk,
        location_id=store.pk,
        lines=[FulfilLine(tee_line.pk, 1)],
        tracking=Tracking(carrier="DHL", number="JD0002", notify_customer=True),
    )

    order.refresh_from_db()
    assert order.status == "partially_fulfilled"
    assert [(f.location.code, f.carrier, f.tracking_number) for f in order.fulfilments.all()] == [
        ("WH", "UPS", "1Z999"),
        ("STORE", "DHL", "JD0002"),
    ]
    assert second.notify_customer is True and first.notify_customer is False
    # WH shipped 2 and gave up the unit that left from STORE; STORE shipped 1.
    assert level(tee, warehouse) == (8, 1)
    assert level(tee, store) == (9, 0)
    assert level(cap, warehouse) == (10, 2)
    tee_line.refresh_from_db()
    assert (tee_line.fulfilled_quantity, tee_line.open_quantity) == (3, 1)
    assert list(OrderEvent.objects.values_list("kind", "payload__tracking_number")) == [
        ("order.fulfilled", "1Z999"),
        ("order.fulfilled", "JD0002"),
    ]


def test_cancelling_after_a_partial_fulfilment_releases_only_the_rest(
    tee: Variant, cap: Variant, warehouse: Location, store: Location
) -> None:
    stock(tee, warehouse, 10)
    stock(tee, store, 10)
    stock(cap, warehouse, 10)
    order = place([(tee, 4), (cap, 2)])
    tee_line, _ = _lines(order)
    services.fulfil_order(
        order_id=order.pk, location_id=warehouse.pk, lines=[FulfilLine(tee_line.pk, 2)]
    )
    services.fulfil_order(
        order_id=order.pk, location_id=store.pk, lines=[FulfilLine(tee_line.pk, 1)]
    )

    services.cancel_order(order_id=order.pk, reason="customer asked")

    order.refresh_from_db()
    assert order.status == "cancelled"
    assert order.cancel_reason == "customer asked"
    assert level(tee, warehouse) == (8, 0)
    assert level(tee, store) == (9, 0)
    assert level(cap, warehouse) == (10, 0)
    released = Movement.objects.filter(reason="released", note="").order_by("id")
    assert [(m.variant.sku, m.committed_delta) for m in released][-2:] == [
        ("TEE-BLK-M", -1),
        ("CAP-RED", -2),
    ]
    event = OrderEvent.objects.get(kind="order.cancelled")
    assert event.payload["released"] == {"TEE-BLK-M": 1, "CAP-RED": 2}


def test_fulfilling_a_cancelled_order_raises_and_changes_nothing(
    tee: Variant, warehouse: Location
) -> None:
    stock(tee, warehouse, 5)
    order = place([(tee, 2)])
    services.cancel_order(order_id=order.pk)
    movements = Movement.objects.count()

    with pytest.raises(IllegalTransition) as error:
        services.fulfil_order(order_id=order.pk, location_id=warehouse.pk)

    assert error.value.field == "status"
    assert error.value.reason == f"{order.number} is cancelled: cannot fulfil it"
    assert Movement.objects.count() == movements
    assert level(tee, warehouse) == (5, 0)
    assert order.fulfilments.count() == 0


def test_shipping_more_than_is_left_raises_and_changes_nothing(
    tee: Variant, warehouse: Location
) -> None:
    stock(tee, warehouse, 5)
    order = place([(tee, 2)])
    (line,) = _lines(order)

    with pytest.raises(TooMany) as error:
        services.fulfil_order(
            order_id=order.pk, location_id=warehouse.pk, lines=[FulfilLine(line.pk, 3)]
        )

    assert (error.value.field, error.value.reason) == (
        "lines[0].quantity",
        "only 2 units left to ship, 3 requested",
    )
    assert level(tee, warehouse) == (5, 2)


def test_shipping_from_a_location_without_stock_raises_and_changes_nothing(
    tee: Variant, warehouse: Location, store: Location
) -> None:
    stock(tee, warehouse, 5)
    order = place([(tee, 2)])
    movements = Movement.objects.count()

    with pytest.raises(InsufficientStock) as error:
        services.fulfil_order(order_id=order.pk, location_id=store.pk)

    assert error.value.field == "lines[0].quantity"
    assert Movement.objects.count() == movements
    assert level(tee, warehouse) == (5, 2)
    assert level(tee, store) == (0, 0)


def test_shipping_everything_fulfils_and_then_the_order_closes(
    tee: Variant, warehouse: Location
) -> None:
    stock(tee, warehouse, 5)
    order = place([(tee, 2)])

    services.fulfil_order(order_id=order.pk, location_id=warehouse.pk)
    order.refresh_from_db()
    assert order.status == "fulfilled"
    assert level(tee, warehouse) == (3, 0)

    services.close_order(order_id=order.pk)
    order.refresh_from_db()
    assert order.status == "closed"
    with pytest.raises(IllegalTransition):
        services.cancel_order(order_id=order.pk)


def test_a_draft_can_wait_for_a_customer_that_does_not_exist_yet(
    tee: Variant, warehouse: Location
) -> None:
    stock(tee, warehouse, 5)
    order = services.create_order(
        spec=order_spec([(tee, 1)], awaiting_customer=True, email="New@Buyer.example")
    )
    with pytest.raises(FieldError) as error:
        services.confirm_order(order_id=order.pk)
    assert error.value.field == "customer_id"

    customer = Customer.objects.create(first_name="Nu", email="new@buyer.example")
    services.complete_draft(order_id=order.pk, customer_id=customer.pk)

    order.refresh_from_db()
    assert (order.status, order.customer_id, order.awaiting_customer) == (
        "confirmed",
        customer.pk,
        False,
    )
    assert order.email == "new@buyer.example"
    assert level(tee, warehouse) == (5, 1)
    with pytest.raises(IllegalTransition) as again:
        services.complete_draft(order_id=order.pk, customer_id=customer.pk)
    assert (again.value.field, again.value.reason) == (
        "status",
        f"{order.number} is confirmed: cannot complete it (only a draft can be completed)",
    )


def test_an_unknown_sku_is_refused_naming_the_line(tee: Variant) -> None:
    from stockbridge.orders.specs import LineSpec, OrderSpec

    with pytest.raises(FieldError) as error:
        services.create_order(
            spec=OrderSpec(
                currency="USD",
                lines=(LineSpec(variant_id=tee.pk, quantity=1), LineSpec(sku="NOPE", quantity=1)),
            )
        )
    assert (error.value.field, error.value.code) == ("lines[1].sku", "not_found")
    assert Order.objects.count() == 0
