"""Refunds by line and quantity, each restock policy moving exactly the expected units, and
refusals that change nothing."""

from __future__ import annotations

from decimal import Decimal as D

import pytest

from stockbridge.catalog.models import Variant
from stockbridge.inventory.models import Location, Movement
from stockbridge.orders import services
from stockbridge.orders.errors import AmountTooLarge, IllegalTransition, TooMany
from stockbridge.orders.models import Order, OrderEvent, OrderLine
from stockbridge.orders.specs import RefundLineSpec, RefundSpec

from .conftest import level, paid_order, place, stock


def _paid_order(tee: Variant, warehouse: Location, units: int = 3, ship: int = 2) -> Order:
    return paid_order(tee, warehouse, units=units, ship=ship)


def _line(order: Order) -> OrderLine:
    return order.lines.get()


def test_no_restock_refunds_money_and_leaves_stock_alone(tee: Variant, warehouse: Location) -> None:
    order = _paid_order(tee, warehouse)
    movements = Movement.objects.count()

    refund = services.refund_order(
        order_id=order.pk,
        spec=RefundSpec(lines=(RefundLineSpec(_line(order).pk, 1, restock="no_restock"),)),
    )

    assert refund.amount == D("10.00")
    assert Movement.objects.count() == movements
    assert level(tee, warehouse) == (8, 1)
    order.refresh_from_db()
    assert (order.amount_refunded, order.financial_status) == (D("10.00"), "partially_refunded")
    assert _line(order).shipped_refunded_quantity == 1


def test_cancel_puts_unfulfilled_units_back_to_available(tee: Variant, warehouse: Location) -> None:
    order = _paid_order(tee, warehouse, units=3, ship=2)

    services.refund_order(
        order_id=order.pk,
        spec=RefundSpec(lines=(RefundLineSpec(_line(order).pk, 1, restock="cancel"),)),
    )

    assert level(tee, warehouse) == (8, 0)
    released = Movement.objects.filter(reason="released").get()
    assert (released.committed_delta, released.on_hand_delta) == (-1, 0)
    order.refresh_from_db()
    assert order.status == "fulfilled"  # nothing is left to ship
    assert _line(order).removed_quantity == 1


def test_return_brings_shipped_units_back_to_a_chosen_location(
    tee: Variant, warehouse: Location, store: Location
) -> None:
    order = _paid_order(tee, warehouse)

    services.refund_order(
        order_id=order.pk,
        spec=RefundSpec(
            lines=(RefundLineSpec(_line(order).pk, 2, restock="return", location_id=store.pk),)
        ),
    )

    assert level(tee, warehouse) == (8, 1)
    assert level(tee, store) == (2, 0)
    returned = Movement.objects.filter(reason="returned").get()
    assert (returned.location_id, returned.on_hand_delta) == (store.pk, 2)
    assert returned.reference.startswith(f"order:{order.pk}:refund:")


def test_return_defaults_to_the_location_the_units_shipped_from(
    tee: Variant, warehouse: Location
) -> None:
    order = _paid_order(tee, warehouse)

    services.refund_order(
        order_id=order.pk,
        spec=RefundSpec(lines=(RefundLineSpec(_line(order).pk, 1, restock="return"),)),
    )

    assert level(tee, warehouse) == (9, 1)


def test_damaged_returns_are_recorded_and_written_off(tee: Variant, warehouse: Location) -> None:
    order = _paid_order(tee, warehouse)

    services.refund_order(
        order_id=order.pk,
        spec=RefundSpec(
            lines=(RefundLineSpec(_line(order).pk, 2, restock="return", damaged=True),)
        ),
    )

    assert level(tee, warehouse) == (8, 1)
    assert list(
        Movement.objects.filter(reason__in=["returned", "damaged"])
        .order_by("id")
        .values_list("reason", "on_hand_delta")
    ) == [("returned", 2), ("damaged", -2)]


def test_refunding_everything_with_shipping_makes_the_order_refunded(
    tee: Variant, warehouse: Location
) -> None:
    order = _paid_order(tee, warehouse, units=2, ship=2)

    refund = services.refund_order(
        order_id=order.pk,
        spec=RefundSpec(
            lines=(RefundLineSpec(_line(order).pk, 2, restock="return"),),
            shipping_amount=D("5.00"),
            note="parcel lost",
        ),
    )

    assert refund.amount == D("25.00")
    order.refresh_from_db()
    assert (order.amount_refunded, order.financial_status) == (D("25.00"), "refunded")
    event = OrderEvent.objects.get(kind="order.refunded")
    assert event.payload["amount"] == "25.00"
    assert event.payload["lines"][0]["restock"] == "return"


def test_refunding_more_than_was_paid_raises_and_changes_nothing(
    tee: Variant, warehouse: Location
) -> None:
    order = _paid_order(tee, warehouse)
    movements = Movement.objects.count()

    with pytest.raises(AmountTooLarge) as error:
        services.refund_order(
            order_id=order.pk,
            spec=RefundSpec(
                lines=(RefundLineSpec(_line(order).pk, 1, restock="return"),), amount=D("35.01")
            ),
        )

    assert (error.value.field, error.value.reason) == (
        "amount",
        "only 35.00 paid and not refunded, 35.01 requested",
    )
    assert Movement.objects.count() == movements
    order.refresh_from_db()
    assert (order.amount_refunded, order.refunds.count()) == (D("0"), 0)


def test_refunding_more_units_than_were_shipped_raises_and_changes_nothing(
    tee: Variant, warehouse: Location
) -> None:
    order = _paid_order(tee, warehouse, units=3, ship=2)

    with pytest.raises(TooMany) as error:
        services.refund_order(
            order_id=order.pk,
            spec=RefundSpec(lines=(RefundLineSpec(_line(order).pk, 3, restock="return"),)),
        )

    assert (error.value.field, error.value.reason) == (
        "lines[0].quantity",
        "only 2 shipped units not refunded, 3 requested",
    )
    assert level(tee, warehouse) == (8, 1)
    assert _line(order).shipped_refunded_quantity == 0


def test_cancelling_more_units_than_are_unfulfilled_is_refused(
    tee: Variant, warehouse: Location
) -> None:
    order = _paid_order(tee, warehouse, units=3, ship=2)

    with pytest.raises(TooMany) as error:
        services.refund_order(
            order_id=order.pk,
            spec=RefundSpec(lines=(RefundLineSpec(_line(order).pk, 2, restock="cancel"),)),
        )

    assert error.value.reason == "only 1 unfulfilled units, 2 requested"
    assert level(tee, warehouse) == (8, 1)


def test_a_draft_cannot_be_refunded(tee: Variant, warehouse: Location) -> None:
    order = place([(tee, 1)], confirm=False)
    with pytest.raises(IllegalTransition):
        services.refund_order(
            order_id=order.pk,
            spec=RefundSpec(lines=(RefundLineSpec(_line(order).pk, 1, restock="cancel"),)),
        )


def test_an_unpaid_order_gives_back_no_money_for_cancelled_units(
    tee: Variant, warehouse: Location
) -> None:
    stock(tee, warehouse, 5)
    order = place([(tee, 2)])

    refund = services.refund_order(
        order_id=order.pk,
        spec=RefundSpec(lines=(RefundLineSpec(_line(order).pk, 2, restock="cancel"),)),
    )

    assert refund.amount == D("0")
    assert level(tee, warehouse) == (5, 0)


def test_one_refund_can_cancel_return_and_keep_units_of_one_line_at_once(
    tee: Variant, warehouse: Location
) -> None:
    order = _paid_order(tee, warehouse, units=4, ship=3)
    line = _line(order)

    services.refund_order(
        order_id=order.pk,
        spec=RefundSpec(
            lines=(
                RefundLineSpec(line.pk, 1, restock="return"),
                RefundLineSpec(line.pk, 1, restock="cancel"),
                RefundLineSpec(line.pk, 1, restock="return", damaged=True),
                RefundLineSpec(line.pk, 1, restock="no_restock"),
            )
        ),
    )

    # 10 on hand, 3 shipped: 1 comes back, 1 damaged is written off; the unshipped unit is
    # released.
    assert level(tee, warehouse) == (8, 0)
    line.refresh_from_db()
    assert (line.removed_quantity, line.shipped_refunded_quantity) == (1, 3)
    assert line.refunded_amount == D("40.00")
    order.refresh_from_db()
    assert order.status == "fulfilled"
