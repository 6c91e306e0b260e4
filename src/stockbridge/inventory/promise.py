"""Available to promise by date: what can be promised to a buyer for delivery on each date.

On a date `d`, a variant at a location can promise what is available now (`on_hand -
committed`) plus every unit expected to arrive by `d`, never less than zero:

    promisable(d) = max(0, available + sum(incoming expected on or before d))

Incoming units whose expected date has passed count from today (they are late, not lost);
undated incoming units are promised on no date (reported apart). The answer is a step list: the
promisable quantity from today, then one step per date on which more arrives, each with what
arrives and what can be promised from then on. A wholesale portal's replenishment rows are the
differences between the steps ("immediate", then "future" rows by date).

Pure policy over plain values (no database)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date


@dataclass(frozen=True, slots=True)
class PromiseStep:
    """From `on` (inclusive), `promisable` units can be promised; `arriving` of them arrive on
    that date (0 on the first step, which is today's available)."""

    on: date
    arriving: int
    promisable: int


@dataclass(frozen=True, slots=True)
class Promise:
    available: int  # on hand - committed, today (negative when backordered)
    steps: tuple[PromiseStep, ...]
    undated: int  # incoming units with no expected date: promised on no date

    def on(self, day: date) -> int:
        """What can be promised for delivery on `day` (0 before today)."""
        promisable = 0
        for step in self.steps:
            if step.on > day:
                break
            promisable = step.promisable
        return promisable

    def additions(self) -> list[tuple[date, int]]:
        """(date, units) each step adds to what can be promised: today's first, then each
        later date's increase (dates that add nothing, because they only repay a backorder,
        are left out)."""
        first = self.steps[0]
        rows = [(first.on, first.promisable)]
        for before, step in zip(self.steps, self.steps[1:], strict=False):
            if step.promisable > before.promisable:
                rows.append((step.on, step.promisable - before.promisable))
        return rows


def promise(*, available: int, incoming: Iterable[tuple[date | None, int]], today: date) -> Promise:
    """The promise of one variant at one location from its available quantity today and its
    incoming `(expected date or None, units)`. Raises ValueError on a negative incoming
    quantity (incoming is what is still expected: never below zero)."""
    by_date: dict[date, int] = defaultdict(int)
    undated = 0
    for expected_on, units in incoming:
        if units < 0:
            raise ValueError(f"incoming units are never negative (got {units})")
        if expected_on is None:
            undated += units
        else:
            by_date[max(expected_on, today)] += units
    arriving_today = by_date.pop(today, 0)
    running = available + arriving_today
    steps = [PromiseStep(on=today, arriving=arriving_today, promisable=max(0, running))]
    for day in sorted(by_date):
        running += by_date[day]
        steps.append(PromiseStep(on=day, arriving=by_date[day], promisable=max(0, running)))
    return Promise(available=available, steps=tuple(steps), undated=undated)
