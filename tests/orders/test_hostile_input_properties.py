"""Properties: the order and customer services driven with extreme and hostile values (huge
and negative numbers, NaN, too many decimal places, NUL, very long and mixed-script text,
ids beyond the id column) either refuse with a typed error naming the field, or store
something every read gives back: every column of every row, the order detail and list
queries, `orders list` / `orders show`, the admin changelists."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest
from django.contrib.auth import get_user_model
from django.db import transaction
from django.test import Client
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from stockbridge.cli.main import main
from stockbridge.customers import queries as customer_queries
from stockbridge.customers import rules
from stockbridge.customers import services as customers
from stockbridge.customers.models import Address, Customer
from stockbridge.customers.specs import AddressSpec, CustomerSpec
from stockbridge.orders import models, queries, services
from stockbridge.orders.specs import Discount, LineSpec, OrderSpec, RefundSpec, ShippingSpec
from stockbridge.orders.totals import Tax
from stockbridge.platform.errors import FieldError, ValidationErrors

from .conftest import make_location, make_variant, stock

HUGE = [0, 1, -1, 999_999, 1_000_000, 1_000_001, 2**31, 2**53 + 1, 2**63, 2**64, -(2**63)]
quantities = st.sampled_from(HUGE) | st.integers(-(10**13), 10**13) | st.integers(1, 5)
DECIMALS = [
    "0",
    "0.00",
    "-0.01",
    "10.005",
    "9999999999.9999",
    "10000000000",
    "1e20",
    "1E-30",
    "NaN",
    "sNaN",
    "Infinity",
    "-Infinity",
    "5",
    "0.2",
    "99999.99",
]
amounts = st.sampled_from([Decimal(x) for x in DECIMALS]) | st.decimals(
    min_value=-100, max_value=10**6, places=3
)
LONG = [255, 256, 512, 513, 65_535, 65_536]
pieces = st.sampled_from(["a", "ü", "Ω", "漢", "🙂", "\x00", "\u202e", "ﷺ", " ", "\n", "'"])
texts = (
    st.text(max_size=12)
    | st.builds(lambda c, n: c * n, pieces, st.sampled_from(LONG))
    | st.sampled_from(["", "   ", "\x00", "Zürich 東京 Москва", "a\x00b"])
)
currencies = st.sampled_from(["USD", "JPY", "KWD", "EUR", "XYZ", "usd", "", "US\x00", "A" * 300])
ids = st.sampled_from([None, 0, -1, 2**63, 2**64, 999_999])

sane_text = st.text(
    st.characters(blacklist_categories=["Cs"], blacklist_characters="\x00"), max_size=20
) | st.sampled_from(["Zürich 東京 Москва 🙂", "\u202eabc", "ü" * 255])
sane_money = st.decimals(min_value=0, max_value=500, places=2)
sane_quantity = st.integers(1, 5) | st.just(1_000_000)
sane_rate = st.sampled_from([Decimal("0"), Decimal("0.2"), Decimal("1"), Decimal("0.075")])

FIELDS = [
    "quantity",
    "variant_id",
    "sku",
    "unit_price",
    "title",
    "discount",
    "tax",
    "shipping",
    "currency",
    "email",
    "note",
    "tags",
    "address",
    "custom_fields",
    "external_name",
    "stated_total",
]


@st.composite
def order_specs(draw: Any, variant_ids: list[int], skus: list[str]) -> OrderSpec:
    """An order with at most one field hostile (or none): the rest is what a shop sends."""
    bad = draw(st.sampled_from([None, *FIELDS]))

    def pick(field: str, sane: Any, hostile: Any) -> Any:
        return draw(hostile if bad == field else sane)

    lines = []
    for _ in range(draw(st.integers(1, 3))):
        n = draw(st.integers(0, len(variant_ids) - 1))
        lines.append(
            LineSpec(
                quantity=pick("quantity", sane_quantity, quantities),
                variant_id=pick("variant_id", st.sampled_from([variant_ids[n], None]), ids),
                sku=pick("sku", st.just(skus[n]), st.sampled_from(["", skus[-1 - n]]) | texts),
                unit_price=pick("unit_price", st.none() | sane_money, amounts),
                title=pick("title", sane_text, texts),
                discounts=tuple(
                    pick(
                        "discount",
                        st.lists(st.builds(Discount, amount=st.just(Decimal("1.00"))), max_size=1),
                        st.lists(st.builds(Discount, amount=amounts, title=texts), max_size=2),
                    )
                ),
                taxes=tuple(
                    pick(
                        "tax",
                        st.lists(st.builds(Tax, title=sane_text, rate=sane_rate), max_size=2),
                        st.lists(st.builds(Tax, title=texts, rate=amounts), max_size=2),
                    )
                ),
            )
        )
    shipping = pick(
        "shipping",
        st.lists(st.builds(ShippingSpec, title=st.just("Post"), price=sane_money), max_size=1),
        st.lists(
            st.builds(ShippingSpec, title=texts, price=amounts, code=texts, discount=amounts),
            max_size=2,
        ),
    )
    return OrderSpec(
        currency=pick("currency", st.sampled_from(["USD", "JPY", "KWD", "EUR"]), currencies),
        lines=tuple(lines),
        shipping_lines=tuple(shipping),
        email=pick("email", st.just("ada@example.com"), texts),
        note=pick("note", sane_text, texts),
        tags=tuple(pick("tags", st.lists(st.just("vip"), max_size=1), st.lists(texts, max_size=2))),
        shipping_address=pick(
            "address",
            st.just({"city": "Zürich", "name": "Ada"}),
            st.dictionaries(st.sampled_from(["city", "name", "x"]), texts),
        ),
        custom_fields=pick(
            "custom_fields",
            st.just({"gift": True}),
            st.dictionaries(texts, texts | st.integers() | st.floats() | st.none(), max_size=2),
        ),
        external_name=pick("external_name", sane_text, texts),
        stated_total=pick("stated_total", st.none(), amounts),
    )


def _every_row_reads_back() -> None:
    """Every column of every order row converts back to Python (Decimal, JSON, text)."""
    for model in (
        models.Order,
        models.OrderLine,
        models.ShippingLine,
        models.OrderTag,
        models.OrderHistory,
        models.Invoice,
        models.Payment,
        models.Refund,
    ):
        list(model.objects.values())


def _admin() -> Client:
    user = get_user_model().objects.create(username="boss", is_staff=True, is_superuser=True)
    client = Client()
    client.force_login(user)
    return client


def _reads_work(capsys: Any) -> None:
    _every_row_reads_back()
    for order in queries.orders():
        loaded = queries.order(order.pk)
        assert loaded is not None
        lines = sum((line.total for line in loaded.lines.all()), Decimal(0))
        shipping = sum((x.total for x in loaded.shipping_lines.all()), Decimal(0))
        assert lines + shipping == loaded.computed_total
        queries.timeline(order.pk)
        assert main(["orders", "show", str(order.pk)]) == 0
    assert main(["orders", "list"]) == 0
    capsys.readouterr()
    assert _admin().get("/admin/orders/order/").status_code == 200


@pytest.mark.django_db
@settings(
    max_examples=70,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
@given(data=st.data())
def test_an_order_is_refused_or_every_read_of_it_works(
    data: st.DataObject, capsys: pytest.CaptureFixture[str]
) -> None:
    with transaction.atomic():
        variants = [make_variant("P-1", price="19.99"), make_variant("P-2", price="99999.99")]
        warehouse = make_location("WH", priority=1)
        for v in variants:
            stock(v, warehouse, 1_000_000)
        spec = data.draw(order_specs([v.pk for v in variants], [v.sku for v in variants]))
        confirm = data.draw(st.booleans())
        try:
            with transaction.atomic():
                order = services.create_order(spec=spec, confirm=confirm)
        except (FieldError, ValidationErrors):
            event("order refused")
            assert models.Order.objects.count() == 0
        else:
            event("order stored")
            assert models.Order.objects.get().pk == order.pk
            if confirm:
                invoice = services.create_invoice(order_id=order.pk)
                try:
                    with transaction.atomic():
                        services.record_payment(
                            invoice_id=invoice.pk, amount=data.draw(st.none() | amounts)
                        )
                except (FieldError, ValidationErrors):
                    event("payment refused")
                try:
                    with transaction.atomic():
                        services.refund_order(
                            order_id=order.pk,
                            spec=RefundSpec(amount=data.draw(amounts)),
                        )
                except (FieldError, ValidationErrors):
                    pass
        _reads_work(capsys)
        transaction.set_rollback(True)


@st.composite
def customer_specs(draw: Any) -> CustomerSpec:
    """A customer with at most one field hostile (or none)."""
    bad = draw(
        st.sampled_from(
            [
                None,
                "kind",
                "account_code",
                "name",
                "email",
                "phone",
                "note",
                "tags",
                "address",
                "external_id",
            ]
        )
    )

    def pick(field: str, sane: Any, hostile: Any) -> Any:
        return draw(hostile if bad == field else sane)

    address = st.builds(
        AddressSpec,
        kind=st.sampled_from(["shipping", "billing"]),
        address1=st.just("1 Main St"),
        city=st.sampled_from(["Leeds", "東京"]),
        country_code=st.sampled_from(["GB", "jp"]),
    )
    hostile_address = st.builds(
        AddressSpec,
        kind=st.sampled_from(["shipping", "billing", "x"]),
        address1=texts,
        city=texts,
        country_code=st.sampled_from(["GB", "G\x00", "GBR"]),
        name=texts,
        postal_code=texts,
        phone=texts,
    )
    channel = draw(st.sampled_from(["", "shop"]))
    return CustomerSpec(
        kind=pick("kind", st.just("retail"), st.sampled_from(["wholesale", "\x00", ""])),
        account_code=pick("account_code", st.none() | st.just("ACME-1"), st.none() | texts),
        first_name=pick("name", sane_text.filter(str.strip) | st.just("Ada"), texts),
        last_name=pick("name", sane_text, texts),
        company=pick("name", sane_text, texts),
        email=pick(
            "email",
            st.sampled_from(["a@b.co", "ADA@Example.COM"]),
            st.sampled_from(["a\x00@b.co", "x" * 300 + "@b.co"]) | texts,
        ),
        phone=pick("phone", st.just("+44 1"), texts),
        note=pick("note", sane_text, texts),
        tags=tuple(pick("tags", st.lists(st.just("vip"), max_size=1), st.lists(texts, max_size=2))),
        addresses=tuple(
            pick("address", st.lists(address, max_size=2), st.lists(hostile_address, max_size=2))
        ),
        channel=channel,
        external_id=pick("external_id", st.just("1" if channel else ""), texts),
    )


@pytest.mark.django_db
@settings(
    max_examples=70,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
@given(spec=customer_specs())
def test_a_customer_is_refused_or_every_read_of_it_works(spec: CustomerSpec) -> None:
    with transaction.atomic():
        try:
            with transaction.atomic():
                customer = customers.create_customer(spec=spec)
        except (FieldError, ValidationErrors):
            event("customer refused")
            assert Customer.objects.count() == 0
        else:
            event("customer stored")
            assert Customer.objects.get().pk == customer.pk
        list(Customer.objects.values())
        list(Address.objects.values())
        stored = rules.normalise_customer(spec)
        for found in customer_queries.customers(search=spec.first_name[:20] or None):
            assert (found.first_name, found.email) == (stored.first_name, stored.email)
            assert [t.name for t in found.tags.all()] == sorted(stored.tags)
            assert len(found.addresses.all()) == len(stored.addresses)
        assert _admin().get("/admin/customers/customer/").status_code == 200
        transaction.set_rollback(True)
