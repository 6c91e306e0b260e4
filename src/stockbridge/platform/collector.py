"""Pausing Python's cyclic garbage collector over bulk work done in batches.

An import allocates millions of short-lived objects (parsed lines, specs, plans, query
parameters). The collector runs a young-generation pass every few thousand allocations and
a full pass over the whole heap now and then: on an import of 100,000 variants that is a
quarter of the CPU time, spent finding little. `batches` keeps it off while the work runs
and collects the young generations once per batch instead (the batch's garbage is freed
there, so memory stays flat); what was switched off is switched on again at the end, even
on an error."""

from __future__ import annotations

import gc
from collections.abc import Callable, Iterator
from contextlib import contextmanager

YOUNG = 1  # the generations collected per batch: 0 and 1 (the old one is left to Python)


@contextmanager
def batches() -> Iterator[Callable[[], None]]:
    """Within the block the collector is off; call the answered function after each batch to
    collect its garbage. Nested use keeps the outer block's state."""
    enabled = gc.isenabled()
    gc.disable()

    def collect() -> None:
        gc.collect(YOUNG)

    try:
        yield collect
    finally:
        if enabled:
            gc.enable()
