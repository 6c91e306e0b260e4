"""Race harness: one worker function run in several processes released at the same instant,
each with its own database connection, against this pytest run's test database.

Processes are started by the `forkserver` method, never by forking the pytest process: forking
a process that has threads (pytest's, or a sandbox server an earlier test left running) can
deadlock the child, and Python warns about it. The fork server is a fresh single-threaded
interpreter; it imports `tests.support.race_server`, which sets Django up once from the pytest
process's environment (`STOCKBRIDGE_TEST_RUN`, `STOCKBRIDGE_DATA_DIR`: the same data directory
and run id, see `tests/settings.py`), and forks each child from there. Each child then points
its connections at the database names the parent uses right now (the test database file on
SQLite, `test_<name>_<run>` on PostgreSQL) before it connects; should the server have started
without Django (another test started it first), the child sets Django up itself.

A worker is a top-level function of an importable module, called with plain values (numbers,
strings, lists: they reach the child before Django is set up, so no model instances). The
child imports it by module and name once Django is set up, so it may live in a test module
that imports models. What it returns comes back to the parent; if it raises, `race` raises
`RaceFailed` with the child's traceback.
"""

from __future__ import annotations

import importlib
import multiprocessing
import os
import queue
import time
import traceback
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

# What a child needs to find this run's settings, keys and databases.
ENVIRONMENT = ("DJANGO_SETTINGS_MODULE", "STOCKBRIDGE_TEST_RUN", "STOCKBRIDGE_DATA_DIR")
# Imported by the fork server before it forks any child.
SERVER = "tests.support.race_server"
# How often the parent looks for a child that died without reporting, in seconds.
POLL = 0.5


class RaceFailed(AssertionError):
    """A racing process raised, died, or did not finish in time."""


@dataclass(frozen=True)
class ParentDatabases:
    """The parent's environment and the database name each connection alias uses now."""

    environment: dict[str, str]
    names: dict[str, str]

    @classmethod
    def current(cls) -> ParentDatabases:
        from django.conf import settings
        from django.db import connections

        environment = {key: os.environ[key] for key in ENVIRONMENT if key in os.environ}
        environment.setdefault("DJANGO_SETTINGS_MODULE", settings.SETTINGS_MODULE)
        names = {alias: str(connections[alias].settings_dict["NAME"]) for alias in connections}
        return cls(environment=environment, names=names)

    def set_up_django(self) -> None:
        """In a child: Django configured like the parent, on the parent's databases."""
        import django
        from django.apps import apps
        from django.conf import settings
        from django.db import connections

        if apps.ready:  # set up by the fork server: it must have seen the same environment
            differing = {
                key: value
                for key, value in self.environment.items()
                if os.environ.get(key) != value
            }
            if differing:
                raise RuntimeError(f"the fork server started with other settings: {differing}")
        else:
            os.environ.update(self.environment)
        for alias, name in self.names.items():
            settings.DATABASES[alias]["NAME"] = name
        if not apps.ready:
            django.setup()
        for alias, name in self.names.items():
            connections[alias].settings_dict["NAME"] = name


def race(
    worker: Callable[..., Any], args: Sequence[tuple[Any, ...]], *, timeout: float = 120
) -> list[Any]:
    """Run `worker(*a)` for every `a` in `args`, each in its own process; all start
    together once every process is ready. Returns what each returned, in the order of `args`.

    Raises `RaceFailed` when a worker raised or its process died, or when they have not all
    finished within `timeout` seconds, start-up included (no process outlives the call).
    `ValueError` when `worker` is not a top-level function (see the module docstring)."""
    where = _importable_name(worker)
    parent = ParentDatabases.current()
    ctx = multiprocessing.get_context("forkserver")
    ctx.set_forkserver_preload(["pytest", SERVER])  # only counts before the server's first start
    start = ctx.Barrier(len(args))
    results = ctx.Queue()
    procs = [
        ctx.Process(
            target=_child,
            args=(index, where, tuple(a), parent, start, results, timeout),
            name=f"race-{worker.__name__}-{index}",
        )
        for index, a in enumerate(args)
    ]
    try:
        for p in procs:
            p.start()
        outcomes = _collect(procs, results, timeout)
        for p in procs:
            p.join(timeout=30)
    finally:
        _stop(procs)
        results.close()
    failures = [
        f"process {index} ({args[index]!r}):\n{value}"
        for index, (ok, value) in sorted(outcomes.items())
        if not ok
    ]
    failures += [f"process {i} exited with {p.exitcode}" for i, p in enumerate(procs) if p.exitcode]
    if failures:
        raise RaceFailed(f"{worker.__name__}: " + "\n".join(failures))
    return [outcomes[index][1] for index in range(len(procs))]


def _importable_name(worker: Callable[..., Any]) -> tuple[str, str]:
    """(module, name) by which a child finds `worker` again; a nested function has none."""
    module, name = worker.__module__, worker.__qualname__
    if "<" in name or getattr(importlib.import_module(module), name, None) is not worker:
        raise ValueError(f"{module}.{name} is not a top-level function a child can import")
    return module, name


def _child(
    index: int,
    where: tuple[str, str],
    args: tuple[Any, ...],
    parent: ParentDatabases,
    start: Any,
    results: Any,
    timeout: float,
) -> None:
    ready = False
    try:
        parent.set_up_django()
        worker = getattr(importlib.import_module(where[0]), where[1])
        ready = True
        start.wait(timeout)
        value = worker(*args)
    except BaseException:
        if not ready:
            start.abort()  # release the others at once instead of letting them time out
        results.put((index, False, traceback.format_exc()))
    else:
        results.put((index, True, value))
    finally:
        if ready:
            from django.db import connections

            connections.close_all()


def _collect(procs: list[Any], results: Any, timeout: float) -> dict[int, tuple[bool, Any]]:
    """Every child's (ok, value), waiting at most `timeout` seconds in all."""
    deadline = time.monotonic() + timeout
    outcomes: dict[int, tuple[bool, Any]] = {}
    while len(outcomes) < len(procs):
        # A child that had exited before an empty wait will never report: its result, if any,
        # was in the pipe before it exited.
        exited = {i for i, p in enumerate(procs) if p.exitcode is not None}
        try:
            index, ok, value = results.get(timeout=POLL)
        except queue.Empty:
            silent = sorted(exited - outcomes.keys())
            if silent:
                for i in silent:
                    outcomes[i] = (False, f"exited with {procs[i].exitcode} without reporting")
                continue
            if time.monotonic() > deadline:
                missing = sorted(set(range(len(procs))) - outcomes.keys())
                raise RaceFailed(
                    f"processes {missing} of {len(procs)} did not finish within {timeout} s"
                ) from None
            continue
        outcomes[index] = (ok, value)
    return outcomes


def _stop(procs: list[Any]) -> None:
    started = [p for p in procs if p.pid is not None]
    for p in started:
        if p.is_alive():
            p.terminate()
    for p in started:
        p.join(timeout=10)
        if p.is_alive():
            p.kill()
            p.join()
