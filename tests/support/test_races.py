"""The race harness itself: results in order, failures reported with the child's traceback,
no process left behind, and no fork of the (threaded) pytest process."""

from __future__ import annotations

import multiprocessing
import os
import threading
import time
import warnings

import pytest

from stockbridge.inventory.models import Location
from tests.support.races import RaceFailed, race


def _square(n: int) -> int:
    return n * n


def _location_codes() -> list[str]:
    return sorted(Location.objects.values_list("code", flat=True))


def _refuse(n: int) -> int:
    if n == 2:
        raise ValueError(f"worker {n} refuses")
    return n


def _die(n: int) -> int:
    os._exit(3)


def _dawdle(seconds: float) -> float:
    time.sleep(seconds)
    return seconds


def test_results_come_back_in_the_order_of_the_arguments() -> None:
    assert race(_square, [(n,) for n in range(5)]) == [0, 1, 4, 9, 16]


@pytest.mark.django_db(transaction=True)
def test_children_read_the_database_of_this_test_run() -> None:
    Location.objects.create(name="Location WH", code="WH", priority=1)

    assert race(_location_codes, [(), ()]) == [["WH"], ["WH"]]


def test_a_live_thread_in_pytest_causes_no_fork_warning() -> None:
    stop = threading.Event()
    thread = threading.Thread(target=stop.wait, daemon=True)
    thread.start()
    try:
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            assert race(_square, [(3,)]) == [9]
    finally:
        stop.set()
        thread.join()
    assert [str(w.message) for w in caught] == []


def test_a_worker_that_raises_fails_the_race_with_its_traceback() -> None:
    with pytest.raises(RaceFailed) as caught:
        race(_refuse, [(1,), (2,), (3,)])
    message = str(caught.value)
    assert message.startswith("_refuse: process 1 ((2,)):\nTraceback")
    assert message.endswith("ValueError: worker 2 refuses\n")


def test_a_child_that_dies_without_reporting_fails_the_race() -> None:
    with pytest.raises(RaceFailed) as caught:
        race(_die, [(1,)])
    assert str(caught.value) == (
        "_die: process 0 ((1,)):\nexited with 3 without reporting\nprocess 0 exited with 3"
    )


def test_a_race_that_runs_too_long_is_stopped() -> None:
    began = time.monotonic()
    with pytest.raises(RaceFailed) as caught:
        race(_dawdle, [(0.0,), (60.0,)], timeout=3)
    assert str(caught.value) == "processes [1] of 2 did not finish within 3 s"
    assert time.monotonic() - began < 30
    assert multiprocessing.active_children() == []


def test_a_nested_function_is_refused_before_any_process_starts() -> None:
    def nested() -> None:
        pass

    with pytest.raises(ValueError) as caught:
        race(nested, [()])
    assert str(caught.value) == (
        "tests.support.test_races.test_a_nested_function_is_refused_before_any_process_starts"
        ".<locals>.nested is not a top-level function a child can import"
    )
