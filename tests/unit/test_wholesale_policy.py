"""The wholesale portal's pure parts, without a database: OAuth 1.0 signatures in both styles
(checked by the portal sandbox's own verifier), styles from a product (colours, sizes, prices in
one currency), stock rows by date, and an order's custom fields as tags."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from stockbridge.connectors.wholesale.orders import custom_tags
from stockbridge.connectors.wholesale.signing import Keys, authorization
from stockbridge.connectors.wholesale.wire import dumps
from stockbridge.inventory.promise import promise
from stockbridge.sync.dated_stock.rows import rows_of
from stockbridge.sync.style_push.styles import HubProduct, HubVariant, styles_of
from stockbridge_sandboxes.wholesale import oauth1

URL = "http://portal.test/api/orders/approved/detail"
KEYS = Keys("ck", "cs&1", "tok", "ts")


def check(header: str, *, secret: str = KEYS.consumer_secret) -> oauth1.Signed:
    return oauth1.verify(
        method="GET",
        url=URL,
        query=[],
        header=header,
        consumer_secret_of={"ck": secret},
        token_secret_of={"tok": "ts"},
        now=1_700_000_000,
        seen_nonces=set(),
    )


@pytest.mark.parametrize(("style", "seen"), [("portal", "A"), ("rfc5849", "B")])
def test_both_signature_styles_pass_the_portal_check(style: str, seen: str) -> None:
    header = authorization(
        style=style, method="GET", url=URL, query=(), keys=KEYS, nonce="n1", timestamp=1_700_000_000
    )
    assert check(header).style == seen


def test_the_portal_style_is_lower_case_hex_in_an_unquoted_header() -> None:
    header = authorization(
        style="portal", method="GET", url=URL, query=(), keys=KEYS, nonce="n1", timestamp=17
    )
    assert header.startswith("oAuth oauth_consumer_key=ck,oauth_token=tok,oauth_timestamp=17,")
    signature = header.split("oauth_signature=")[1].split(",")[0]
    assert len(signature) == 40 and signature == signature.lower()


def test_a_wrong_secret_is_refused() -> None:
    header = authorization(
        style="portal",
        method="GET",
        url=URL,
        query=(),
        keys=KEYS,
        nonce="n1",
        timestamp=1_700_000_000,
    )
    with pytest.raises(oauth1.OAuthRefused, match="invalid oauth_signature"):
        check(header, secret="other")


def test_money_is_written_as_the_exact_number() -> None:
    assert dumps({"wholesale": Decimal("92.50"), "n": [Decimal("0.1")]}) == (
        b'{"wholesale": 92.50, "n": [0.1]}'
    )


def variant(n: int, colour: str, size: str, currency: str = "USD") -> HubVariant:
    return HubVariant(
        id=n,
        sku=f"T-{colour}-{size}",
        barcode="",
        values=(size, colour),
        currency=currency,
        price=Decimal("30.00"),
        wholesale_price=Decimal("12.00"),
    )


def test_a_product_is_one_style_per_colour_and_another_currency_only_warns() -> None:
    product = HubProduct(
        id=1,
        handle="tee",
        title="Tee",
        description="",
        tags=("wholesale", "Season:SS27", "category:Tops", "fit:slim"),
        attribute_names=("Size", "Colour"),
        variants=(
            variant(1, "Red", "S"),
            variant(2, "Red", "M", currency="EUR"),
            variant(3, "Sky Blue", "S"),
        ),
        linked={3: ("remote-blue", "abc")},
    )
    styles, warnings = styles_of(product, currency="USD", attribute_tags=("season", "category"))
    assert [(s.draft.external_id, s.draft.color, s.draft.remote_id) for s in styles] == [
        ("tee-red", "Red", None),
        ("tee-sky-blue", "Sky Blue", "remote-blue"),
    ]
    red = styles[0].draft
    assert [(s.size, s.wholesale, s.retail) for s in red.sizes] == [
        ("S", Decimal("12.00"), Decimal("30.00")),
        ("M", None, None),
    ]
    assert (red.wholesale, red.retail) == (Decimal("12.00"), Decimal("30.00"))
    assert dict(red.attributes) == {"season": "SS27", "category": "Tops"}
    assert [(w.ref, w.message) for w in warnings] == [
        (
            "price:T-Red-M",
            "T-Red-M is priced in EUR: its price is not sent (the channel takes USD only)",
        )
    ]
    assert styles[1].pushed_fingerprint == "abc"


def test_rows_sum_locations_by_date_and_always_say_today() -> None:
    today = date(2026, 12, 7)
    a = promise(available=4, incoming=[(date(2026, 12, 20), 3)], today=today)
    b = promise(available=-2, incoming=[(date(2026, 12, 20), 5), (None, 9)], today=today)
    assert [(r.on, r.quantity, r.immediate) for r in rows_of([a, b], today=today)] == [
        (today, 4, True),
        (date(2026, 12, 20), 6, False),
    ]
    assert [(r.on, r.quantity) for r in rows_of([], today=today)] == [(today, 0)]


def test_custom_fields_become_tags_and_the_portal_own_keys_do_not() -> None:
    doc = {"_id": "x", "notes": "n", "status": "approved", "season_drop": "D2", "priority": 2}
    assert custom_tags({**doc, "flag": True, "nested": {"a": 1}}) == (
        "priority:2",
        "season_drop:D2",
    )
