"""`stockbridge orders ...` in-process: show prints the timeline newest first, errors print
`field: reason` and exit non-zero."""

from __future__ import annotations

import pytest

from stockbridge.catalog.models import Variant
from stockbridge.cli.main import main
from stockbridge.inventory.models import Location

from .conftest import level, place, stock


def test_fulfil_then_show_prints_the_timeline_newest_first(
    tee: Variant, warehouse: Location, capsys: pytest.CaptureFixture[str]
) -> None:
    stock(tee, warehouse, 5)
    order = place([(tee, 2)])
    line = order.lines.get()

    assert (
        main(
            [
                "orders",
                "fulfil",
                str(order.pk),
                "--location",
                "WH",
                "--line",
                f"{line.pk}:1",
                "--tracking",
                "1Z5",
            ]
        )
        == 0
    )
    assert level(tee, warehouse) == (4, 1)
    capsys.readouterr()

    assert main(["orders", "show", str(order.pk)]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[0] == f"{order.number}  partially_fulfilled  pending  20.0000 USD  hub"
    kinds = [row.split()[2] for row in out[out.index("timeline (newest first):") + 1 :]]
    assert kinds == ["fulfilled", "stock.sold", "confirmed", "stock.reserved", "created"]


def test_an_illegal_transition_prints_the_field_and_exits_1(
    tee: Variant, warehouse: Location, capsys: pytest.CaptureFixture[str]
) -> None:
    stock(tee, warehouse, 5)
    order = place([(tee, 1)])
    assert main(["orders", "cancel", str(order.pk), "--reason", "dup"]) == 0

    assert main(["orders", "fulfil", str(order.pk), "--location", "WH"]) == 1
    assert capsys.readouterr().err == f"status: {order.number} is cancelled: cannot fulfil it\n"


def test_cancel_refunds_a_paid_order_unless_told_not_to(
    tee: Variant, warehouse: Location, capsys: pytest.CaptureFixture[str]
) -> None:
    from stockbridge.orders import services

    stock(tee, warehouse, 5)
    order = place([(tee, 2)])
    invoice = services.create_invoice(order_id=order.pk)
    services.record_payment(invoice_id=invoice.pk)
    capsys.readouterr()

    assert main(["orders", "cancel", str(order.pk), "--no-refund"]) == 1
    assert capsys.readouterr().err == (
        f"refund: {order.number} has 20.00 USD paid for what is cancelled: cancel it with a "
        "refund, or refund it first\n"
    )
    assert main(["orders", "cancel", str(order.pk), "--reason", "out of stock"]) == 0
    assert capsys.readouterr().out == (f"{order.number}  cancelled  refunded  20.0000 USD  hub\n")
    assert level(tee, warehouse) == (5, 0)
