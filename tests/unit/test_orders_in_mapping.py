"""Orders from channels, the pure parts: Shopify's REST order payload read into the port's
values (discounts, shipping, taxes, presentment currency, a custom item, a point-of-sale
location, a guest), the order mapped onto the orders domain's spec, which orders are
imported now (`admit`), and the Get Orders settings."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime
from decimal import Decimal
from pathlib import Path

import pytest

from stockbridge.channels.errors import Rejected
from stockbridge.channels.order_settings import GetOrdersSettings
from stockbridge.channels.port_orders import RemoteTax
from stockbridge.connectors.shopify.orders import rest
from stockbridge.orders.specs import Discount, LineSpec, ShippingSpec
from stockbridge.orders.totals import Tax
from stockbridge.platform.errors import FieldError
from stockbridge.sync.orders_in.admit import Verdict, admit
from stockbridge.sync.orders_in.mapping import order_spec
from tests.support.shopify_order_payloads import pos_guest_order

D = Decimal


def payload() -> dict[str, object]:
    return pos_guest_order(variant_id=1000007, product_id=1000001)


def test_the_documented_rest_order_shape_validates_against_shopifys_rest_openapi(
    shared_dir: Path,
) -> None:
    from sandboxes.tests.rest_shapes import problems

    assert problems(shared_dir, "orders", "Order", payload()) == []


def test_a_rest_order_is_read_in_full() -> None:
    order = rest.order(payload())
    assert (order.remote_id, order.name, order.currency, order.presentment_currency) == (
        "gid://shopify/Order/820982911946154508",
        "#9999",
        "USD",
        "EUR",
    )
    assert (order.created_at, order.updated_at) == (
        datetime(2026, 12, 1, 15, 0, tzinfo=UTC),
        datetime(2026, 12, 1, 15, 0, 1, tzinfo=UTC),
    )
    assert (order.customer, order.email, order.location_remote_id, order.tags) == (
        None,
        "guest@example.com",
        "gid://shopify/Location/1",
        ("vip", "pos"),
    )
    tee, wrap = order.lines
    assert (tee.variant_remote_id, tee.unit_price, tee.discount, tee.taxes, tee.title) == (
        "gid://shopify/ProductVariant/1000007",
        D("20.00"),
        D("4.00"),
        (RemoteTax("VA State Tax", D("2.16"), D("0.06")),),
        "Tee - TEE-S",
    )
    assert (wrap.variant_remote_id, wrap.product_exists, wrap.sku, wrap.unit_price) == (
        None,
        False,
        "",
        D("5.00"),
    )
    (ship,) = order.shipping_lines
    assert (ship.title, ship.code, ship.price, ship.discount) == (
        "Standard",
        "STANDARD",
        D("10.00"),
        D("0.00"),
    )
    assert (
        order.subtotal,
        order.discount_total,
        order.shipping_total,
        order.tax_total,
        order.total,
    ) == (D("41.00"), D("4.00"), D("10.00"), D("3.06"), D("54.06"))
    assert order.shipping_address is not None
    assert (order.shipping_address.region, order.shipping_address.country_code) == ("VA", "US")


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"id": None, "admin_graphql_api_id": None}, "id"),
        ({"currency": "dollars"}, "currency"),
        ({"created_at": "yesterday", "processed_at": None}, "created_at"),
        ({"total_price": "12,50"}, "total_price"),
        ({"line_items": "none"}, "line_items"),
    ],
)
def test_a_payload_the_connector_cannot_read_is_refused_naming_the_field(
    change: dict[str, object], field: str
) -> None:
    with pytest.raises(Rejected) as caught:
        rest.order({**payload(), **change})
    assert caught.value.field == field


def test_the_order_maps_to_a_spec_with_the_channels_totals() -> None:
    mapped = order_spec(
        rest.order(payload()),
        origin="shopify:3",
        settings=GetOrdersSettings(),
        variant_of={"gid://shopify/ProductVariant/1000007": 41},
        variant_by_sku={},
        customer_id=None,
        location_id=7,
    )
    spec = mapped.spec
    assert spec.lines == (
        LineSpec(
            quantity=2,
            variant_id=41,
            unit_price=D("20.00"),
            title="Tee - TEE-S",
            discounts=(Discount(D("4.00"), "discounts"),),
            taxes=(Tax("VA State Tax", D("0.06"), D("2.16")),),
        ),
        LineSpec(
            quantity=1,
            sku="",
            unit_price=D("5.00"),
            title="Gift wrap",
            taxes=(Tax("VA State Tax", D("0.06"), D("0.30")),),
            unlinked_reason="a custom item with no product on the channel",
        ),
    )
    assert spec.shipping_lines == (
        ShippingSpec(
            "Standard",
            D("10.00"),
            "STANDARD",
            D("0.00"),
            (Tax("VA State Tax", D("0.06"), D("0.60")),),
        ),
    )
    assert (spec.channel, spec.external_id, spec.external_name, spec.stated_total) == (
        "shopify:3",
        "gid://shopify/Order/820982911946154508",
        "#9999",
        D("54.06"),
    )
    assert (spec.totals_policy, spec.invoicing, spec.requested_location_id, spec.email) == (
        "channel",
        "channel",
        7,
        "guest@example.com",
    )
    assert mapped.line_ids == (
        "gid://shopify/LineItem/466157049",
        "gid://shopify/LineItem/518995019",
    )
    assert mapped.unlinked == 1


def test_fields_switched_off_in_the_mapping_template_are_not_copied() -> None:
    mapped = order_spec(
        rest.order(payload()),
        origin="shopify:3",
        settings=GetOrdersSettings(fields=("email",)),
        variant_of={},
        variant_by_sku={"TEE-S": 5},
        customer_id=None,
        location_id=None,
    )
    spec = mapped.spec
    assert (spec.shipping_lines, spec.shipping_address, spec.note, spec.tags, spec.email) == (
        (),
        {},
        "",
        (),
        "guest@example.com",
    )
    assert spec.lines[0].variant_id == 5  # linked by SKU when no listing links it


def test_which_orders_are_imported_now() -> None:
    order = rest.order(payload())
    s = GetOrdersSettings()
    assert admit(order, s) == Verdict("import")
    assert admit(replace(order, fulfillment_status="on_hold"), s) == Verdict(
        "wait", "the order is on hold"
    )
    assert admit(replace(order, fulfillment_status="scheduled"), s) == Verdict(
        "wait", "the order is scheduled"
    )
    assert admit(
        replace(order, fulfillment_status="on_hold"), replace(s, wait_on_hold=False)
    ) == Verdict("import")
    assert admit(order, replace(s, financial_statuses=("pending",))) == Verdict(
        "wait", "financial status paid is not imported"
    )
    assert admit(order, replace(s, fulfillment_statuses=("fulfilled",))) == Verdict(
        "wait", "fulfilment status unfulfilled is not imported"
    )
    assert admit(order, replace(s, location_ids=("gid://shopify/Location/2",))) == Verdict(
        "wait", "location gid://shopify/Location/1 is not imported"
    )
    no_location = replace(order, location_remote_id=None)
    assert admit(no_location, replace(s, import_without_location=False)) == Verdict(
        "wait", "the order has no location id"
    )
    assert admit(no_location, replace(s, location_ids=("gid://shopify/Location/2",))) == Verdict(
        "import"
    )
    cancelled = replace(order, cancelled_at=order.created_at)
    assert admit(cancelled, s) == Verdict("skip", "cancelled on the channel before it was imported")
    assert admit(cancelled, s, legacy=True).action == "skip"


def test_get_orders_settings_are_typed_and_refused_naming_the_key() -> None:
    read = GetOrdersSettings.from_dict(
        {
            "financial_statuses": ["paid", "paid", "partially_paid"],
            "location_ids": ["gid://shopify/Location/1"],
            "import_without_location": False,
            "updated_within_days": 3,
            "tag_after_import": " imported ",
        }
    )
    assert (read.financial_statuses, read.updated_within_days, read.tag_after_import) == (
        ("paid", "partially_paid"),
        3,
        "imported",
    )
    for bad, field in (
        ({"financial_statuses": ["settled"]}, "financial_statuses[0]"),
        ({"updated_within_days": 61}, "updated_within_days"),
        ({"updated_within_days": True}, "updated_within_days"),
        ({"tag_after_import": "a,b"}, "tag_after_import"),
        ({"location_ids": "1"}, "location_ids"),
        ({"colour": "red"}, "colour"),
        ({"fields": ["prices"]}, "fields[0]"),
    ):
        with pytest.raises(FieldError) as caught:
            GetOrdersSettings.from_dict(bad)
        assert caught.value.field == field
