"""Available to promise by date: available now plus what arrives by each date, never below
zero; late arrivals count from today, undated ones on no date."""

from __future__ import annotations

from datetime import date

import pytest

from stockbridge.inventory.promise import PromiseStep, promise

TODAY = date(2026, 12, 7)


def test_nothing_incoming_promises_what_is_available_from_today() -> None:
    p = promise(available=7, incoming=[], today=TODAY)
    assert p.steps == (PromiseStep(on=TODAY, arriving=0, promisable=7),)
    assert (p.on(TODAY), p.on(date(2027, 6, 1)), p.on(date(2026, 12, 6))) == (7, 7, 0)
    assert p.additions() == [(TODAY, 7)]


def test_each_expected_date_adds_what_arrives() -> None:
    p = promise(
        available=4,
        incoming=[(date(2027, 1, 15), 20), (date(2026, 12, 20), 6), (date(2027, 1, 15), 5)],
        today=TODAY,
    )
    assert p.steps == (
        PromiseStep(on=TODAY, arriving=0, promisable=4),
        PromiseStep(on=date(2026, 12, 20), arriving=6, promisable=10),
        PromiseStep(on=date(2027, 1, 15), arriving=25, promisable=35),
    )
    assert p.on(date(2026, 12, 19)) == 4
    assert p.on(date(2026, 12, 20)) == 10
    assert p.on(date(2027, 3, 1)) == 35
    assert p.additions() == [(TODAY, 4), (date(2026, 12, 20), 6), (date(2027, 1, 15), 25)]


def test_a_backorder_is_repaid_by_arrivals_before_anything_is_promised() -> None:
    p = promise(
        available=-5, incoming=[(date(2026, 12, 10), 3), (date(2026, 12, 14), 8)], today=TODAY
    )
    assert [s.promisable for s in p.steps] == [0, 0, 6]
    assert p.additions() == [(TODAY, 0), (date(2026, 12, 14), 6)]


def test_late_arrivals_count_from_today_and_undated_ones_on_no_date() -> None:
    p = promise(
        available=2,
        incoming=[(date(2026, 11, 30), 3), (TODAY, 1), (None, 40), (date(2026, 12, 9), 2)],
        today=TODAY,
    )
    assert p.steps == (
        PromiseStep(on=TODAY, arriving=4, promisable=6),
        PromiseStep(on=date(2026, 12, 9), arriving=2, promisable=8),
    )
    assert p.undated == 40
    assert p.on(date(2030, 1, 1)) == 8


def test_negative_incoming_is_refused() -> None:
    with pytest.raises(ValueError, match=r"incoming units are never negative \(got -1\)"):
        promise(available=0, incoming=[(TODAY, -1)], today=TODAY)
