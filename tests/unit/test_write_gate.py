"""The SQLite write gate (`platform/sqlite_backend/gate.py`): threads get the gate in the
order they asked for it, a thread that may not wait is refused at once, and one whose wait
runs out leaves the queue."""

from __future__ import annotations

import threading

import pytest

from stockbridge.platform.sqlite_backend.gate import FairGate, GateTimeout

LONG = 30.0


def test_a_free_gate_is_taken_at_once_and_a_taken_one_refuses_a_thread_that_may_not_wait() -> None:
    gate = FairGate()
    gate.acquire(0)
    with pytest.raises(GateTimeout):
        gate.acquire(0)
    gate.release()
    gate.acquire(0)
    gate.release()
    assert gate.waiting == 0


def test_waiting_threads_get_the_gate_in_the_order_they_asked_for_it() -> None:
    gate = FairGate()
    got: list[str] = []
    gate.acquire(0)

    def take(name: str) -> None:
        gate.acquire(LONG)
        got.append(name)
        gate.release()

    threads = []
    for n, name in enumerate(("first", "second", "third", "fourth"), start=1):
        thread = threading.Thread(target=take, args=(name,))
        thread.start()
        threads.append(thread)
        while gate.waiting < n:  # queued before the next one asks
            thread.join(0.001)
    gate.release()
    for thread in threads:
        thread.join(LONG)
    assert got == ["first", "second", "third", "fourth"]
    assert gate.waiting == 0


def test_a_thread_whose_wait_runs_out_leaves_the_queue_and_the_gate_goes_to_the_next() -> None:
    gate = FairGate()
    gate.acquire(0)
    with pytest.raises(GateTimeout):
        gate.acquire(0.01)
    assert gate.waiting == 0
    got: list[str] = []

    def take() -> None:
        gate.acquire(LONG)
        got.append("next")
        gate.release()

    thread = threading.Thread(target=take)
    thread.start()
    while gate.waiting < 1:
        thread.join(0.001)
    gate.release()
    thread.join(LONG)
    assert got == ["next"]
    gate.acquire(0)
    gate.release()


def test_an_urgent_thread_goes_ahead_of_those_queued_but_not_of_the_one_holding_the_gate() -> None:
    gate = FairGate()
    got: list[str] = []
    gate.acquire(0)

    def take(name: str, urgent: bool) -> None:
        gate.acquire(LONG, urgent=urgent)
        got.append(name)
        gate.release()

    threads = []
    asked = (("import 1", False), ("import 2", False), ("ack 1", True), ("ack 2", True))
    for n, (name, urgent) in enumerate(asked, start=1):
        thread = threading.Thread(target=take, args=(name, urgent))
        thread.start()
        threads.append(thread)
        while gate.waiting < n:
            thread.join(0.001)
    got.append("holder")
    gate.release()
    for thread in threads:
        thread.join(LONG)
    assert got == ["holder", "ack 1", "ack 2", "import 1", "import 2"]
