"""Which of a Shopify order's fulfillment order lines a hub fulfilment takes (the mapped
location first), and which fulfilments an earlier attempt already made: plain values."""

from __future__ import annotations

from collections import Counter

import pytest

from stockbridge.channels.errors import Rejected
from stockbridge.channels.port_fulfilment import (
    FulfilmentWrite,
    LineRef,
    RemoteFulfilment,
    TrackingInfo,
    tracking_of,
)
from stockbridge.connectors.shopify.order_fulfil import _allocate, _already_made
from stockbridge.connectors.shopify.order_state import FoLine, OrderLine, key_of

TEE = "variant:gid://shopify/ProductVariant/1"


def _lines() -> list[FoLine]:
    return [
        FoLine("FO1", "L1", "FOL1", TEE, 2),
        FoLine("FO2", "L2", "FOL2", TEE, 3),
        FoLine("FO2", "L2", "FOL3", "sku:CAP", 1),
    ]


def test_units_come_from_the_mapped_location_first_then_the_others() -> None:
    assert _allocate(Counter({TEE: 4}), _lines(), "L2") == {
        "L2": {"FO2": [{"id": "FOL2", "quantity": 3}]},
        "L1": {"FO1": [{"id": "FOL1", "quantity": 1}]},
    }
    assert _allocate(Counter({TEE: 1, "sku:CAP": 1}), _lines(), None) == {
        "L1": {"FO1": [{"id": "FOL1", "quantity": 1}]},
        "L2": {"FO2": [{"id": "FOL3", "quantity": 1}]},
    }


def test_units_no_open_fulfillment_order_holds_are_refused() -> None:
    with pytest.raises(Rejected) as refused:
        _allocate(Counter({TEE: 6}), _lines(), "L1")

    assert refused.value.message == (
        "lines: 1 of 6 units of gid://shopify/ProductVariant/1 are not open to fulfil on the "
        "order in Shopify (already fulfilled, cancelled or not on the order)"
    )


def _write(known: tuple[str, ...] | None) -> FulfilmentWrite:
    return FulfilmentWrite(
        ref="fulfilment:1",
        order_id="gid://shopify/Order/1",
        lines=(LineRef("gid://shopify/ProductVariant/1", "TEE", 3),),
        tracking=TrackingInfo("UPS", ("1Z1",)),
        notify_customer=False,
        known=known,
    )


def _made(remote_id: str, numbers: tuple[str, ...], quantity: int, **kw: bool) -> RemoteFulfilment:
    return RemoteFulfilment(
        remote_id,
        "L1",
        numbers,
        (LineRef("gid://shopify/ProductVariant/1", "TEE", quantity),),
        **kw,
    )


def test_a_newer_fulfilment_with_the_same_tracking_and_units_is_one_made_before() -> None:
    made = [
        _made("F1", ("1Z1",), 3),  # there before the first attempt
        _made("F2", ("OTHER",), 3),  # someone else's
        _made("F3", ("1Z1",), 3, cancelled=True),
        _made("F4", ("1Z1",), 2),  # ours, from one location
        _made("F5", ("1Z1",), 2),  # would exceed what we ship
    ]

    assert _already_made(_write(("F1",)), made, []) == (["F4"], Counter({TEE: 2}))
    assert _already_made(_write(None), made, []) == ([], Counter())


def test_tracking_keeps_urls_only_beside_every_number() -> None:
    assert tracking_of("UPS", ["1Z1", "", "1Z2"], ["u1", "x", "u2"]) == TrackingInfo(
        "UPS", ("1Z1", "1Z2"), ("u1", "u2")
    )
    assert tracking_of("UPS", ["1Z1", "1Z2"], ["u1"]) == TrackingInfo("UPS", ("1Z1", "1Z2"), ())


def test_a_hub_line_without_a_listing_is_named_by_the_order_line_with_its_sku() -> None:
    lines = [OrderLine("L1", TEE, 3, "TEE"), OrderLine("L2", "sku:GIFT", 1, "GIFT")]

    assert key_of(LineRef(None, "TEE", 1), lines) == TEE
    assert key_of(LineRef(None, "GIFT", 1), lines) == "sku:GIFT"  # a custom item: no variant
    assert key_of(LineRef(None, "GONE", 1), lines) == "sku:GONE"
    assert key_of(LineRef("gid://shopify/ProductVariant/9", "TEE", 1), lines) == (
        "variant:gid://shopify/ProductVariant/9"
    )
