"""The order hot path writes and reads its rows in fixed SQL (`orders/rows.py`): what it
stores reads back through the ORM exactly as the ORM would have stored it, on both
databases."""

from __future__ import annotations

from datetime import UTC, datetime
from decimal import Decimal as D

import pytest

from stockbridge.catalog.models import Variant
from stockbridge.inventory.models import Location
from stockbridge.orders import rows, services
from stockbridge.orders.models import Order, OrderHistory, OrderLine, OrderTag, ShippingLine
from stockbridge.orders.specs import Discount, LineSpec, OrderSpec, ShippingSpec
from stockbridge.orders.totals import Tax

from .conftest import stock

PLACED = datetime(2026, 3, 1, 9, 30, 15, 123456, tzinfo=UTC)


def test_an_order_written_by_fixed_sql_reads_back_exactly(
    tee: Variant, warehouse: Location
) -> None:
    stock(tee, warehouse, 5)
    spec = OrderSpec(
        currency="USD",
        lines=(
            LineSpec(
                variant_id=tee.pk,
                quantity=2,
                discounts=(Discount(D("1.50"), "promo"),),
                taxes=(Tax("VAT", D("0.2")),),
            ),
        ),
        shipping_lines=(ShippingSpec("Std", D("4.95")),),
        email="Ann@Example.com",
        shipping_address={"name": "Ann", "city": "Zürich", "country_code": "CH"},
        tags=("vip", " gift "),
        note="leave at the door",
        custom_fields={"gift": True, "ref": [1, "a"]},
        placed_at=PLACED,
    )

    order = services.create_order(spec=spec, confirm=True, actor="tests")

    stored = Order.objects.get(pk=order.pk)
    assert (stored.number, stored.status, stored.email, stored.placed_at) == (
        f"SB-{order.pk:06d}",
        "confirmed",
        "ann@example.com",
        PLACED,
    )
    assert stored.shipping_address == {"name": "Ann", "city": "Zürich", "country_code": "CH"}
    assert stored.custom_fields == {"gift": True, "ref": [1, "a"]}
    assert (stored.subtotal, stored.discount_total, stored.tax_total, stored.total) == (
        D("20.00"),
        D("1.50"),
        D("3.70"),
        D("27.15"),
    )
    assert stored.confirmed_at == order.confirmed_at
    line = OrderLine.objects.get(order=order)
    assert (line.unit_price, line.discounts, line.taxes, line.total) == (
        D("10.00"),
        [{"title": "promo", "amount": "1.50"}],
        [{"title": "VAT", "rate": "0.2", "amount": "3.70"}],
        D("22.20"),
    )
    assert list(ShippingLine.objects.filter(order=order).values_list("title", "total")) == [
        ("Std", D("4.95"))
    ]
    assert sorted(OrderTag.objects.filter(order=order).values_list("name", flat=True)) == [
        "gift",
        "vip",
    ]
    assert list(
        OrderHistory.objects.filter(order=order).order_by("id").values_list("kind", "actor")
    ) == [("created", "tests"), ("confirmed", "tests")]


def test_the_order_is_read_with_its_lines_by_position_or_alone(
    tee: Variant, cap: Variant, warehouse: Location
) -> None:
    stock(tee, warehouse, 5)
    stock(cap, warehouse, 5)
    spec = OrderSpec(
        currency="USD",
        lines=(LineSpec(variant_id=cap.pk, quantity=1), LineSpec(variant_id=tee.pk, quantity=3)),
    )
    order = services.create_order(spec=spec, actor="tests")
    empty = Order.objects.create(
        number="SB-EMPTY", currency="USD", placed_at=PLACED, created_at=PLACED, updated_at=PLACED
    )

    found, lines = rows.lock_order_with_lines(
        order.pk, ("id", "number", "status"), ("id", "order_id", "position", "sku", "quantity")
    )
    alone = rows.lock_order_with_lines(empty.pk, ("id", "number"), ("id", "order_id"))
    missing = rows.lock_order_with_lines(empty.pk + 1, ("id",), ("id",))

    assert found is not None
    assert (found.pk, found.number, found.status) == (order.pk, order.number, "draft")
    assert [(x.position, x.sku, x.quantity, x.order is found) for x in lines] == [
        (1, "CAP-RED", 1, True),
        (2, "TEE-BLK-M", 3, True),
    ]
    assert lines[1].title == f"{tee.product.title} - Black / M"  # not read: loaded on access
    assert alone[0] is not None
    assert (alone[0].number, alone[1]) == ("SB-EMPTY", [])
    assert missing == (None, [])


def _fields_of(instance: object) -> dict[str, object]:
    """Every attribute the constructor set (the model state apart), related caches included."""
    values = {k: v for k, v in vars(instance).items() if k != "_state"}
    values["cached"] = dict(instance._state.fields_cache)  # type: ignore[attr-defined]
    return values


def test_new_builds_what_the_keyword_constructor_builds(tee: Variant) -> None:
    order = rows.new(Order, number="SB-1", currency="USD", customer=None, placed_at=PLACED)
    same = Order(number="SB-1", currency="USD", customer=None, placed_at=PLACED)
    line = rows.new(OrderLine, order=order, position=1, variant_id=tee.pk, sku="TEE-BLK-M")
    same_line = OrderLine(order=same, position=1, variant_id=tee.pk, sku="TEE-BLK-M")
    history = rows.new(OrderHistory, order_id=7, kind="created", data={"a": [1]})

    assert _fields_of(order) == _fields_of(same)
    assert (order.status, order.total, order.custom_fields, order.pk) == ("draft", D("0"), {}, None)
    assert {**_fields_of(line), "cached": None} == {**_fields_of(same_line), "cached": None}
    assert line.order is order and line.order_id is None
    assert (line.quantity, line.fulfilled_quantity, line.discounts) == (None, 0, [])
    assert _fields_of(history) == _fields_of(
        OrderHistory(order_id=7, kind="created", data={"a": [1]})
    )
    with pytest.raises(TypeError, match="unexpected keyword arguments: \\['colour'\\]"):
        rows.new(OrderLine, colour="red")
