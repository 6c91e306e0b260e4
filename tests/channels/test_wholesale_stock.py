"""Push stock by date to a wholesale portal (the seed: "inventory is pushed hourly per
warehouse: the immediate quantity is `available`, and WIP comes from open purchase orders by
their expected date; locations are mapped to portal warehouses; prebook rules stay in the
portal"). A purchase order expected on a date appears as future stock on that date and moves
to immediate when received; the nightly reconcile sends everything again."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta

import pytest

from stockbridge.catalog.models import Variant
from stockbridge.channels.models import Channel
from stockbridge.channels.services import set_operation
from stockbridge.inventory.models import Location
from stockbridge.inventory.services.adjusting import adjust
from stockbridge.platform import clock
from stockbridge.purchasing import services as purchasing
from stockbridge.purchasing.models import Supplier
from stockbridge.purchasing.services import LineSpec
from stockbridge.sync.models import RunItem
from tests.channels.wholesale import items, jacket, operate
from tests.support.portals import Portal, Portals, routed_portals

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def portals() -> Iterator[Portals]:
    yield from routed_portals()


def stocked(portal: Portal) -> tuple[Channel, str, dict[str, str]]:
    """A channel whose jacket is pushed, location MAIN mapped to the portal's warehouse
    "Main", 5 Olive S on hand. Answers the channel, the warehouse id and the size ids."""
    channel = portal.channel()
    jacket()
    operate(channel, "push_products")
    warehouse = portal.control("POST", "warehouses", {"name": "Main", "code": "MAIN"})["_id"]
    main = Location.objects.create(name="Main", code="MAIN", priority=1)
    set_operation(
        channel=channel,
        operation="push_stock_by_date",
        settings={"warehouses": {"MAIN": warehouse}},
    )
    olive_s = Variant.objects.get(sku="FJ-OLI-S")
    adjust(variant_id=olive_s.pk, location_id=main.pk, delta=5)
    sizes = {
        s["size"] + "/" + p["color"]: s["_id"]
        for p in portal.app.portal.products.values()
        for s in p["sizes"]
    }
    return channel, warehouse, sizes


def rows(portal: Portal, size_id: str) -> list[tuple[str, int, str]]:
    return sorted(
        (r["display_name"], r["quantity"], str(r["period_start"]))
        for r in portal.app.portal.replenishments.values()
        if r["sku_id"] == size_id
    )


def available(portal: Portal, warehouse: str, size_id: str, on: object) -> int:
    route = f"available/{warehouse}/{size_id}/{on}"
    return int(portal.control("GET", route)["available"])


def test_a_purchase_order_is_future_stock_on_its_date_and_immediate_once_received(
    portals: Portals,
) -> None:
    portal = portals.add()
    channel, warehouse, sizes = stocked(portal)
    today = clock.now().date()
    due = today + timedelta(days=30)
    olive_s = Variant.objects.get(sku="FJ-OLI-S")
    supplier = Supplier.objects.create(name="Mill", code="MILL")
    po = purchasing.create_purchase_order(
        supplier_id=supplier.pk,
        location_id=Location.objects.get(code="MAIN").pk,
        lines=[LineSpec(variant_id=olive_s.pk, quantity=3, expected_on=due)],
        place=True,
    )
    run = operate(channel, "push_stock_by_date")
    assert run.status == "ok"
    assert sorted(items(run)) == sorted(
        (f"{sku}@{warehouse}", "updated", "")
        for sku in ("FJ-NAV-M", "FJ-NAV-S", "FJ-OLI-M", "FJ-OLI-S")
    )
    olive = sizes["S/Olive"]
    assert [(name, qty) for name, qty, _ in rows(portal, olive)] == [
        ("future", 3),
        ("immediate", 5),
    ]
    assert available(portal, warehouse, olive, today) == 5
    assert available(portal, warehouse, olive, due - timedelta(days=1)) == 5
    assert available(portal, warehouse, olive, due) == 8
    assert available(portal, warehouse, sizes["M/Olive"], today) == 0
    puts = [e for e in portal.sent("PUT") if "replenishments" in e["path"]]
    (put,) = puts
    assert {
        (r["sku_id"], r["display_name"], r["period_start"], r["quantity"], r["prebook"])
        for r in put["body"]["replenishments"]
        if r["sku_id"] == olive
    } == {
        (olive, "immediate", today.strftime("%m/%d/%Y"), 5, False),
        (olive, "future", due.strftime("%m/%d/%Y"), 3, False),
    }

    again = operate(channel, "push_stock_by_date")
    assert {outcome for _, outcome, _ in items(again)} == {"unchanged"}

    purchasing.receive_purchase_order(purchase_order_id=po.pk)
    moved = operate(channel, "push_stock_by_date")
    assert [ref for ref, outcome, _ in items(moved) if outcome == "updated"] == [
        f"FJ-OLI-S@{warehouse}"
    ]
    assert [(name, qty) for name, qty, _ in rows(portal, olive)] == [("immediate", 8)]
    assert available(portal, warehouse, olive, today) == 8
    assert available(portal, warehouse, olive, due) == 8


def test_the_nightly_reconcile_sends_every_row_again(portals: Portals) -> None:
    portal = portals.add()
    channel, warehouse, sizes = stocked(portal)
    operate(channel, "push_stock_by_date")
    portal.app.portal.replenishments.clear()  # changed in the portal
    assert {o for _, o, _ in items(operate(channel, "push_stock_by_date"))} == {"unchanged"}
    run = operate(channel, "reconcile_stock_by_date")
    assert (run.status, {o for _, o, _ in items(run)}) == ("ok", {"updated"})
    assert available(portal, warehouse, sizes["S/Olive"], clock.now().date()) == 5


def test_the_preview_sends_nothing_and_says_the_rows(portals: Portals) -> None:
    portal = portals.add()
    channel, warehouse, _ = stocked(portal)
    before = len(portal.writes())
    run = operate(channel, "push_stock_by_date", dry_run=True)
    assert len(portal.writes()) == before
    today = clock.now().date().isoformat()
    changes = RunItem.objects.get(run=run, ref=f"FJ-OLI-S@{warehouse}").changes
    assert changes == {"rows": [[today, 5]]}


def test_without_a_mapped_warehouse_the_run_fails_saying_what_to_set(portals: Portals) -> None:
    channel = portals.add().channel()
    run = operate(channel, "push_stock_by_date")
    assert (run.status, run.message) == (
        "failed",
        "no warehouse is mapped: set push_stock_by_date's warehouses "
        "(hub location code: the portal's warehouse id)",
    )
