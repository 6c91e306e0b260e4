"""A fair write gate: SQLite lets one writer in at a time, and a writer that finds the
database held waits in SQLite's busy handler, which sleeps and retries with growing naps. A
short write (a webhook's one INSERT) then loses, again and again, to a worker that commits
and begins its next long import transaction at once, and waits for seconds.

The gate is a first-come, first-served lock per process, taken before `BEGIN IMMEDIATE` and
given up when the transaction ends: the threads of one process (the web's and the worker's,
in `serve`) take the database in the order they asked for it, and a waiting thread sleeps
on a condition woken the moment the holder is done, not on a timer. Other processes still
meet at SQLite's own lock (busy timeout).

A short write that someone waits on (a webhook's acknowledgement) may ask to go `urgent`: it
is served before the writes already queued (in its own first-come order), after the one
holding the gate, so it waits for one transaction at most, not for a queue of imports."""

from __future__ import annotations

import threading
import time
from collections import deque


class GateTimeout(Exception):
    """The gate was not free within the wait allowed."""


class FairGate:
    """A lock granted in the order it was asked for (FIFO hand-over, no barging)."""

    def __init__(self) -> None:
        self._mutex = threading.Lock()
        self._held = False
        self._waiting: deque[threading.Event] = deque()
        self._urgent: deque[threading.Event] = deque()

    def acquire(self, timeout: float, *, urgent: bool = False) -> None:
        """Take the gate, waiting up to `timeout` seconds behind those who asked first (an
        `urgent` one: behind the urgent ones only); `GateTimeout` when it is still taken then
        (timeout 0: only when free now)."""
        with self._mutex:
            if not self._held and not self._waiting and not self._urgent:
                self._held = True
                return
            if timeout <= 0:
                raise GateTimeout
            turn = threading.Event()
            queue = self._urgent if urgent else self._waiting
            queue.append(turn)
        deadline = time.monotonic() + timeout
        while not turn.wait(max(deadline - time.monotonic(), 0.0)):
            with self._mutex:
                if turn.is_set():  # handed over just as the wait ran out
                    return
                if time.monotonic() >= deadline:
                    queue.remove(turn)
                    raise GateTimeout
        # `release` handed the gate over: `_held` stayed True for us.

    @property
    def waiting(self) -> int:
        """How many threads wait for the gate."""
        with self._mutex:
            return len(self._waiting) + len(self._urgent)

    def release(self) -> None:
        """Give the gate up: to the longest urgent waiter, else the longest waiter, when there
        is one."""
        with self._mutex:
            if self._urgent:
                self._urgent.popleft().set()
            elif self._waiting:
                self._waiting.popleft().set()
            else:
                self._held = False


WRITES = FairGate()
"""The gate of this process's write transactions (every connection of the process)."""
