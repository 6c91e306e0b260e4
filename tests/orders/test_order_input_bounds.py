"""Order input that once broke the store or was silently accepted: every value bounded before
anything is written, each refusal naming the field, nothing stored, every read still working."""

from __future__ import annotations

from decimal import Decimal as D

import pytest

from stockbridge.catalog.models import Product, Variant
from stockbridge.cli.main import main
from stockbridge.inventory.models import Location
from stockbridge.orders import queries, services
from stockbridge.orders.models import Order
from stockbridge.orders.specs import Discount, LineSpec, OrderSpec, ShippingSpec
from stockbridge.orders.totals import Tax
from stockbridge.platform.errors import FieldError, ValidationErrors

from .conftest import make_variant, stock


def _refused(spec: OrderSpec) -> list[tuple[str, str]]:
    """The (field, reason) pairs an order is refused with; nothing may be stored."""
    with pytest.raises((FieldError, ValidationErrors)) as error:
        services.create_order(spec=spec, confirm=False)
    assert Order.objects.count() == 0
    exc = error.value
    errors = exc.errors if isinstance(exc, ValidationErrors) else [exc]
    return [(e.field, e.reason) for e in errors]


def _one_line(variant: Variant, **line: object) -> OrderSpec:
    return OrderSpec(currency="USD", lines=(LineSpec(variant_id=variant.pk, **line),))  # type: ignore[arg-type]


def test_a_quantity_of_a_trillion_is_refused_and_nothing_is_stored(tee: Variant) -> None:
    assert _refused(_one_line(tee, quantity=1_000_000_000_000)) == [
        ("lines[0].quantity", "must be at most 1 000 000")
    ]
    assert list(queries.orders()) == []


def test_a_quantity_times_price_over_the_largest_amount_is_refused_naming_the_line(
    db: None,
) -> None:
    cheap = make_variant("CHEAP", price="1.00")
    pricey = make_variant("PRICEY", price="99999.00")
    spec = OrderSpec(
        currency="USD",
        lines=(
            LineSpec(variant_id=cheap.pk, quantity=1),
            LineSpec(variant_id=pricey.pk, quantity=1_000_000),
        ),
    )
    assert _refused(spec) == [
        (
            "lines[1].quantity",
            "1000000 x 99999.0000 (the line subtotal) comes to 99999000000.00, more than the "
            "largest amount 9999999999.9999",
        )
    ]


def test_lines_that_each_fit_but_together_overflow_the_order_total_name_the_line_that_tips_it(
    db: None,
) -> None:
    pricey = make_variant("PRICEY", price="9000.00")
    spec = OrderSpec(
        currency="USD",
        lines=(
            LineSpec(variant_id=pricey.pk, quantity=1_000_000),
            LineSpec(variant_id=pricey.pk, quantity=200_000),
        ),
    )
    assert _refused(spec) == [
        (
            "lines[1].quantity",
            "the order subtotal with this line comes to 10800000000.00, more than the largest "
            "amount 9999999999.9999",
        )
    ]


def test_sku_and_variant_id_naming_two_different_variants_are_refused_naming_both(
    tee: Variant, cap: Variant
) -> None:
    assert _refused(_one_line(tee, quantity=1, sku="CAP-RED")) == [
        (
            "lines[0].sku",
            f"SKU 'CAP-RED' names another variant, but variant_id {tee.pk} is SKU 'TEE-BLK-M': "
            "give one of them, or both naming the same variant",
        )
    ]


def test_sku_and_variant_id_naming_the_same_variant_are_accepted(tee: Variant) -> None:
    order = services.create_order(spec=_one_line(tee, quantity=1, sku="TEE-BLK-M"))
    assert order.lines.get().variant_id == tee.pk


def test_an_unknown_currency_is_refused(tee: Variant) -> None:
    spec = OrderSpec(currency="XYZ", lines=(LineSpec(variant_id=tee.pk, quantity=1),))
    assert _refused(spec) == [("currency", "'XYZ' is not an ISO 4217 currency code")]


def test_a_tax_rate_of_five_meaning_500_percent_is_refused(tee: Variant) -> None:
    spec = _one_line(tee, quantity=1, taxes=(Tax("VAT", D("5")),))
    assert _refused(spec) == [
        ("lines[0].taxes[0].rate", "must be a fraction between 0 and 1 (0.2 is 20 %)")
    ]


def test_amounts_with_more_places_than_the_currency_are_refused_not_rounded(tee: Variant) -> None:
    spec = OrderSpec(
        currency="USD",
        lines=(
            LineSpec(
                variant_id=tee.pk,
                quantity=1,
                unit_price=D("10.005"),
                discounts=(Discount(D("0.001")),),
            ),
        ),
        shipping_lines=(ShippingSpec("Post", D("4.999")),),
        stated_total=D("15.0049"),
    )
    assert _refused(spec) == [
        ("lines[0].unit_price", "has more than 2 decimal places (USD uses 2)"),
        ("lines[0].discounts[0].amount", "has more than 2 decimal places (USD uses 2)"),
        ("shipping_lines[0].price", "has more than 2 decimal places (USD uses 2)"),
        ("total", "has more than 2 decimal places (USD uses 2)"),
    ]


def test_a_yen_order_refuses_fractions_of_a_yen(tee: Variant) -> None:
    spec = OrderSpec(
        currency="JPY", lines=(LineSpec(variant_id=tee.pk, quantity=1, unit_price=D("100.5")),)
    )
    assert _refused(spec) == [
        ("lines[0].unit_price", "has more than 0 decimal places (JPY uses 0)")
    ]


def test_negative_and_huge_amounts_are_refused(tee: Variant) -> None:
    spec = OrderSpec(
        currency="USD",
        lines=(LineSpec(variant_id=tee.pk, quantity=1, unit_price=D("-1")),),
        shipping_lines=(ShippingSpec("Post", D("1e20")),),
    )
    assert _refused(spec) == [
        ("lines[0].unit_price", "must not be negative"),
        ("shipping_lines[0].price", "must be at most 9999999999.9999"),
    ]


def test_archived_products_cannot_be_ordered(db: None) -> None:
    product = Product.objects.create(title="Old tee", handle="old-tee", status="archived")
    old = Variant.objects.create(product=product, sku="OLD-1", currency="USD", price=D("5"))
    spec = OrderSpec(currency="USD", lines=(LineSpec(sku="OLD-1", quantity=1),))
    assert _refused(spec) == [
        ("lines[0].sku", "SKU 'OLD-1' belongs to an archived product: it cannot be ordered")
    ]
    assert _refused(_one_line(old, quantity=1)) == [
        ("lines[0].variant_id", "SKU 'OLD-1' belongs to an archived product: it cannot be ordered")
    ]


def test_nul_characters_and_too_long_text_are_refused(tee: Variant) -> None:
    spec = OrderSpec(
        currency="USD",
        lines=(LineSpec(variant_id=tee.pk, quantity=1, title="x" * 513),),
        note="hello\x00",
        tags=("a" * 256,),
        shipping_address={"city": "Ber\x00lin"},
        custom_fields={"gift\x00": "yes", "wrap": "\x00"},
        external_name="n" * 300,
    )
    assert _refused(spec) == [
        ("lines[0].title", "is longer than 512 characters (513)"),
        ("external_name", "is longer than 255 characters (300)"),
        ("note", "must not contain the NUL character (\\u0000)"),
        ("tags[0]", "is longer than 255 characters (256)"),
        ("shipping_address.city", "must not contain the NUL character (\\u0000)"),
        ("custom_fields", "has a key that is not short text: 'gift\\x00'"),
        ("custom_fields.wrap", "must not contain the NUL character (\\u0000)"),
    ]


def test_ids_beyond_the_id_column_are_refused(tee: Variant) -> None:
    spec = OrderSpec(
        currency="USD",
        lines=(LineSpec(variant_id=2**64, quantity=1),),
        customer_id=2**63,
    )
    assert _refused(spec) == [
        ("lines[0].variant_id", "must be at most 9 223 372 036 854 775 807"),
        ("customer_id", "must be at most 9 223 372 036 854 775 807"),
    ]


def test_the_largest_order_allowed_is_stored_and_every_read_of_it_works(
    warehouse: Location, capsys: pytest.CaptureFixture[str]
) -> None:
    big = make_variant("BIG", price="9999.99")
    stock(big, warehouse, 1_000_000)
    order = services.create_order(
        spec=OrderSpec(
            currency="USD",
            lines=(LineSpec(variant_id=big.pk, quantity=1_000_000, title="ü" * 512),),
            note="ñ" * 65_535,
        ),
        confirm=True,
    )
    loaded = queries.order(order.pk)
    assert loaded is not None
    assert (loaded.total, loaded.lines.get().quantity) == (D("9999990000.00"), 1_000_000)
    assert [o.total for o in queries.orders()] == [D("9999990000.00")]
    capsys.readouterr()
    assert main(["orders", "list"]) == 0
    assert main(["orders", "show", str(order.pk)]) == 0
    out = capsys.readouterr().out
    assert f"{order.number}  confirmed  pending  9999990000.0000 USD  hub" in out
    assert "1000000 x BIG @ 9999.9900  shipped 0, open 1000000" in out


def test_filters_holding_a_nul_character_match_nothing_instead_of_failing(tee: Variant) -> None:
    from stockbridge.customers import queries as customer_queries

    services.create_order(spec=_one_line(tee, quantity=1), confirm=False)
    assert list(queries.orders(tag="vip\x00")) == []
    assert list(queries.orders(channel="\x00")) == []
    assert list(customer_queries.customers(search="a\x00", email="\x00@x.io")) == []


def test_a_nul_character_in_what_is_looked_up_is_refused_not_sent_to_the_database(
    tee: Variant,
) -> None:
    """PostgreSQL refuses NUL even in a WHERE clause: SKUs and channel origins are bounded
    before any lookup."""
    assert _refused(OrderSpec(currency="USD", lines=(LineSpec(sku="TEE\x00", quantity=1),))) == [
        ("lines[0].sku", "must not contain the NUL character (\\u0000)")
    ]
    channel = _one_line(tee, quantity=1)
    for call in (services.create_order, services.import_channel_order):
        with pytest.raises(FieldError) as error:
            call(spec=OrderSpec(**{**_fields(channel), "channel": "sh\x00p", "external_id": "1"}))
        assert error.value.field == "channel"
    assert Order.objects.count() == 0


def _fields(spec: OrderSpec) -> dict[str, object]:
    return {name: getattr(spec, name) for name in OrderSpec.__dataclass_fields__}
