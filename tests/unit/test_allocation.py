"""The allocation policy (`inventory.allocation`), pure: plain values in, plain values out, no
database."""

from __future__ import annotations

import pytest

from stockbridge.inventory.allocation import (
    Allocation,
    Candidate,
    LineShort,
    Need,
    Site,
    Strategy,
    allocate,
    allocate_lines,
)
from stockbridge.inventory.errors import InsufficientStock

WH, STORE, TPL = 1, 2, 3


def test_one_location_that_has_it_all_fills_the_line_in_priority_order() -> None:
    candidates = [
        Candidate(STORE, available=9, priority=2),
        Candidate(WH, available=5, priority=1),
    ]
    assert allocate(5, candidates) == [Allocation(WH, 5)]
    assert allocate(6, candidates) == [Allocation(STORE, 6)]


def test_most_stock_picks_the_location_with_the_most_available() -> None:
    candidates = [Candidate(WH, available=5, priority=1), Candidate(STORE, available=9, priority=2)]
    assert allocate(5, candidates, strategy=Strategy.MOST_STOCK) == [Allocation(STORE, 5)]


def test_ties_go_to_the_lower_location_id() -> None:
    candidates = [Candidate(STORE, available=5), Candidate(WH, available=5)]
    assert allocate(3, candidates) == [Allocation(WH, 3)]
    assert allocate(3, candidates, strategy=Strategy.MOST_STOCK) == [Allocation(WH, 3)]


def test_without_split_a_line_nobody_can_fill_goes_whole_to_the_backorder_location() -> None:
    candidates = [
        Candidate(WH, available=54, priority=1),
        Candidate(STORE, available=6, priority=2),
        Candidate(TPL, available=0, priority=3, allows_backorder=True),
    ]
    assert allocate(58, candidates) == [Allocation(TPL, 58)]


def test_with_split_stock_on_hand_is_used_before_backorder() -> None:
    candidates = [
        Candidate(WH, available=54, priority=1),
        Candidate(STORE, available=6, priority=2),
        Candidate(TPL, available=0, priority=3, allows_backorder=True),
    ]
    assert allocate(58, candidates, split=True) == [Allocation(WH, 54), Allocation(STORE, 4)]
    assert allocate(70, candidates, split=True) == [
        Allocation(WH, 54),
        Allocation(STORE, 6),
        Allocation(TPL, 10),
    ]


def test_a_backorder_location_with_some_stock_takes_its_stock_and_the_rest() -> None:
    candidates = [
        Candidate(WH, available=3, priority=1),
        Candidate(TPL, available=2, priority=3, allows_backorder=True),
    ]
    assert allocate(9, candidates, split=True) == [Allocation(WH, 3), Allocation(TPL, 6)]


def test_nothing_fits_names_what_is_available() -> None:
    candidates = [Candidate(WH, available=3), Candidate(STORE, available=2)]
    with pytest.raises(InsufficientStock) as whole:
        allocate(6, candidates, sku="LS-M")
    assert (whole.value.field, whole.value.requested, whole.value.available) == ("quantity", 6, 3)
    with pytest.raises(InsufficientStock) as split:
        allocate(6, candidates, split=True, sku="LS-M")
    assert (split.value.requested, split.value.available) == (6, 5)
    assert split.value.reason == "only 5 available of SKU LS-M, 6 needed"
    with pytest.raises(InsufficientStock) as there:
        allocate(6, [Candidate(WH, available=3)], sku="LS-M", where="WH")
    assert there.value.reason == "only 3 available of SKU LS-M at WH, 6 needed"


def test_negative_availability_counts_as_none() -> None:
    candidates = [Candidate(WH, available=-4), Candidate(STORE, available=2)]
    with pytest.raises(InsufficientStock) as error:
        allocate(3, candidates, split=True)
    assert error.value.available == 2


def test_each_line_of_a_batch_sees_what_the_earlier_lines_left() -> None:
    sites = [Site(WH, priority=1), Site(STORE, priority=2)]
    stock = {(WH, 10): 3, (STORE, 10): 2}
    plans = allocate_lines([Need(2, {10: 1}), Need(3, {10: 1})], sites, stock, split=True)
    assert plans == [[Allocation(WH, 2)], [Allocation(WH, 1), Allocation(STORE, 2)]]


def test_a_bundle_fills_as_many_units_as_its_scarcest_part_allows() -> None:
    sites = [Site(WH, priority=1), Site(STORE, priority=2)]
    # A bundle of 2 x part 10 and 1 x part 11: the warehouse makes 2, the store 5.
    stock = {(WH, 10): 5, (WH, 11): 9, (STORE, 10): 10, (STORE, 11): 5}
    assert allocate_lines([Need(3, {10: 2, 11: 1})], sites, stock) == [[Allocation(STORE, 3)]]
    assert allocate_lines([Need(7, {10: 2, 11: 1})], sites, stock, split=True) == [
        [Allocation(WH, 2), Allocation(STORE, 5)]
    ]


def test_a_line_naming_a_location_goes_only_there_even_if_it_is_inactive() -> None:
    sites = [Site(WH, priority=1), Site(STORE, priority=2, active=False)]
    stock = {(WH, 10): 9, (STORE, 10): 4}
    assert allocate_lines([Need(4, {10: 1}, location_id=STORE)], sites, stock) == [
        [Allocation(STORE, 4)]
    ]
    # Without a named location, an inactive one is never used.
    with pytest.raises(LineShort):
        allocate_lines([Need(4, {10: 1}), Need(9, {10: 1})], sites, stock)


def test_the_first_line_nothing_can_fill_is_named_by_its_index() -> None:
    sites = [Site(WH, priority=1, code="WH")]
    stock = {(WH, 10): 3, (WH, 11): 1}
    needs = [Need(2, {10: 1}, sku="LS-S"), Need(3, {11: 1}, sku="LS-M"), Need(9, {10: 1})]
    with pytest.raises(LineShort) as error:
        allocate_lines(needs, sites, stock)
    assert (error.value.index, error.value.requested, error.value.available) == (1, 3, 1)
    assert error.value.reason == "only 1 available of SKU LS-M, 3 needed"


def test_a_line_short_at_the_location_it_names_is_named_with_that_location() -> None:
    sites = [Site(WH, priority=1, code="WH"), Site(STORE, priority=2, code="STORE")]
    stock = {(WH, 10): 9, (STORE, 10): 1}
    with pytest.raises(LineShort) as error:
        allocate_lines([Need(2, {10: 1}, location_id=STORE, sku="LS-M")], sites, stock)
    assert (error.value.sku, error.value.where) == ("LS-M", "STORE")
    assert error.value.reason == "only 1 available of SKU LS-M at STORE, 2 needed"
