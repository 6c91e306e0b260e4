"""Reconciliation's policy without a database: what the hub lists at a remote location, when a
channel's level has drifted from it, and the reason given in words."""

from __future__ import annotations

from decimal import Decimal

from stockbridge.inventory.channel_rules import QuantityRule
from stockbridge.sync.level_drift import (
    Check,
    ListingIndex,
    ListingKeys,
    Source,
    Want,
    basis,
    drift,
    level_ref,
    missing_levels,
)

WH = Source(location_id=1, code="WH", available=6)


def test_a_level_showing_what_the_hub_lists_has_not_drifted() -> None:
    check = Check(ref="TEE-S @ Main", remote=5, want=Want((WH,), QuantityRule(buffer=1)))
    assert drift(check, channel_label="Shopify") is None


def test_a_drifted_level_says_both_figures_and_where_the_hubs_comes_from() -> None:
    check = Check(
        ref="TEE-S @ Main", remote=7, want=Want((WH,), QuantityRule(buffer=1)), last_pushed=5
    )
    found = drift(check, channel_label="Shopify")
    assert found is not None
    assert found.ref == "TEE-S @ Main"
    assert (found.remote, found.wanted) == (7, 5)
    assert found.changes == {"quantity": [7, 5]}
    assert found.message == (
        "Shopify showed 7, the hub lists 5 (available 6 at WH, buffer 1); "
        "changed in Shopify since the hub pushed 5"
    )


def test_the_cause_follows_what_the_hub_last_pushed() -> None:
    want = Want((WH,), QuantityRule())
    never = drift(Check(ref="r", remote=2, want=want), channel_label="Shopify")
    stale = drift(Check(ref="r", remote=2, want=want, last_pushed=2), channel_label="Shopify")
    assert never is not None and stale is not None
    assert never.message == (
        "Shopify showed 2, the hub lists 6 (available 6 at WH); "
        "the hub had not pushed this level before"
    )
    assert stale.message == (
        "Shopify showed 2, the hub lists 6 (available 6 at WH); "
        "the hub's 6 had not been pushed yet (last pushed 2)"
    )


def test_several_locations_feed_one_remote_location_and_negative_counts_as_zero() -> None:
    want = Want(
        (
            Source(location_id=1, code="WH", available=4),
            Source(location_id=2, code="SHOP", available=-2),
            Source(location_id=3, code="OUT", available=3),
        ),
        QuantityRule(),
    )
    assert want.quantity == 7
    assert basis(want) == "available 4 at WH + -2 at SHOP (counted as 0) + 3 at OUT"


def test_the_basis_names_only_the_rules_that_shaped_the_figure() -> None:
    def rule_basis(available: int, rule: QuantityRule) -> tuple[int, str]:
        want = Want((Source(location_id=1, code="WH", available=available),), rule)
        return want.quantity, basis(want)

    assert rule_basis(20, QuantityRule(percentage=Decimal("50.00"), max_listed=8)) == (
        8,
        "available 20 at WH, 50% listed, capped at 8",
    )
    assert rule_basis(4, QuantityRule(percentage=Decimal("50.00"), max_listed=8)) == (
        2,
        "available 4 at WH, 50% listed",
    )
    assert rule_basis(3, QuantityRule(buffer=1, out_of_stock_below=3)) == (
        0,
        "available 3 at WH, buffer 1, listed as 0 below 3",
    )
    assert rule_basis(0, QuantityRule(out_of_stock_below=3)) == (0, "available 0 at WH")
    assert rule_basis(9, QuantityRule(max_listed=0)) == (0, "available 9 at WH, capped at 0")


def test_a_remote_level_finds_its_listing_by_item_else_by_variant() -> None:
    by_item = ListingKeys(1, 10, "A", "gid://V/1", "gid://I/1")
    by_variant = ListingKeys(2, 20, "B", "gid://V/2", "")
    index = ListingIndex([by_item, by_variant])
    assert len(index) == 2
    assert index.find("gid://I/1", None) == by_item
    assert index.find("gid://I/2", "gid://V/2") == by_variant
    assert index.find("gid://I/9", "gid://V/9") is None


def test_levels_missing_at_mapped_locations_are_only_those_of_listings_still_there() -> None:
    seen = {1: {"L1"}, 2: {"L1", "L2"}}
    assert missing_levels(seen, [1, 2, 3], ["L2", "L1"]) == [(1, "L2")]


def test_a_level_ref_is_sku_at_location() -> None:
    assert level_ref("TEE-S", "Main") == "TEE-S @ Main"
    assert level_ref("", "Main") == "(no SKU) @ Main"
