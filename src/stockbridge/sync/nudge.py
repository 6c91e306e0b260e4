"""The one way to enqueue a job from a write: after the transaction commits.

A queue message is only a nudge (the database holds the work), so it must never reach a worker
before the rows it points at are visible, and a rolled-back write must nudge nothing. Outside
a transaction the job is enqueued at once. A queue that cannot take the message is logged, not
raised: the write has committed, and the every-minute sweep nudges again.
"""

from __future__ import annotations

from functools import partial
from typing import Any

from django.db import transaction


def after_commit(task: Any, *args: Any) -> None:
    """Enqueue the Huey `task(*args)` once the current transaction commits (with the
    `immediate` queue of the tests it then runs at once, still after the commit)."""
    transaction.on_commit(partial(task, *args), robust=True)
