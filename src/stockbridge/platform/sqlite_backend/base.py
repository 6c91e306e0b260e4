"""Django's SQLite engine, each transaction it begins (`BEGIN IMMEDIATE`, the settings'
`transaction_mode`) taken through the process's fair write gate (`gate.WRITES`) first and
the gate given up when the transaction ends (commit, rollback, or the connection closed).
A thread that cannot have the gate within the busy timeout gets SQLite's own answer,
`OperationalError: database is locked`. Everything else is Django's."""

from __future__ import annotations

from typing import Any

from django.db import OperationalError
from django.db.backends.sqlite3 import base as sqlite3

from .gate import WRITES, GateTimeout


class DatabaseWrapper(sqlite3.DatabaseWrapper):
    lock_wait: float | None = None
    """Seconds to wait for the gate; None: the busy timeout (`platform.db.without_lock_wait`
    sets 0 for a write that must never wait)."""
    urgent: bool = False
    """Go to the gate ahead of the writes queued there (`platform.db.ahead_of_queued_writes`)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._gated = False

    def _gate_wait(self) -> float:
        if self.lock_wait is not None:
            return self.lock_wait
        return float(self.settings_dict.get("OPTIONS", {}).get("timeout", 5))

    def _start_transaction_under_autocommit(self) -> None:
        if not self._gated:
            try:
                WRITES.acquire(self._gate_wait(), urgent=self.urgent)
            except GateTimeout:
                raise OperationalError("database is locked") from None
            self._gated = True
        try:
            super()._start_transaction_under_autocommit()  # type: ignore[misc]  # not in the stubs
        except BaseException:
            self._ungate()
            raise

    def _set_autocommit(self, autocommit: bool) -> None:
        try:
            super()._set_autocommit(autocommit)  # type: ignore[misc]  # not in the stubs
        finally:
            if autocommit:
                self._ungate()

    def _close(self) -> None:
        try:
            super()._close()  # type: ignore[misc]  # not in the stubs
        finally:
            self._ungate()

    def _ungate(self) -> None:
        if self._gated:
            self._gated = False
            WRITES.release()
