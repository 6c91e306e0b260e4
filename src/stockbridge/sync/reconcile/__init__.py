"""Reconciliation of one channel: read every level the channel holds (one bulk read, streamed),
compare each level of a linked listing at a mapped remote location with what the hub wants
listed there (`level_drift`), and push only the corrections.

- Corrections go straight to the connector's `set_levels`, in batches of the channel's
  `stock_batch_size`, each carrying the figure just read as `last_seen` (compare-and-set: a
  level that moved since the read is not overwritten; the run says so).
- `ListingLevel` keeps the chain `explain` reads: a correction sets pushed / pushed_at /
  pushed_by_run and confirmed; a level read in the channel updates confirmed where the hub
  held another figure (never over a newer confirmation written while the read ran).
- A linked listing whose item the channel no longer has at all becomes `removed`, with why.
- Remote items the hub does not list are ignored (counted); so are levels at remote
  locations no location of ours feeds.
- Each drifted level is one run item: ref "SKU @ remote location", changes
  {"quantity": [remote, wanted]}, the message saying why. A dry run writes its log only.
"""

from __future__ import annotations

from collections import Counter

from stockbridge.channels.errors import ChannelError
from stockbridge.channels.models import Channel, ChannelStatus

from .. import runs
from ..models import Run, RunTrigger
from ..operations import Progress
from .compare import compare_chunk, take
from .gone import gone
from .push import push
from .report import add_counts, report_lines, summary
from .state import CHUNK, OPERATION, State, start

__all__ = ["reconcile", "report_lines"]


def reconcile(
    *,
    channel_id: int,
    dry_run: bool = False,
    trigger: str = RunTrigger.USER,
    retry_of: int | None = None,
    progress: Progress | None = None,
) -> Run:
    """Reconcile one channel's levels (see the module); answers the closed run."""
    channel = Channel.objects.get(pk=channel_id)
    run = runs.open_run(
        channel_id=channel.pk,
        operation=OPERATION,
        trigger=trigger,
        dry_run=dry_run,
        retry_of=retry_of,
    )
    if channel.status != ChannelStatus.CONNECTED:
        why = f" ({channel.status_reason})" if channel.status_reason else ""
        return runs.close_run(
            run, message=f"the channel is {channel.get_status_display()}{why}", failed=True
        )
    state: State | None = None
    try:
        state = start(channel, run, retry_of=retry_of)
        if state is None:
            return runs.close_run(
                run,
                message="no location of ours is mapped to the channel: nothing to compare",
                failed=True,
            )
        for level in state.connector.read_levels():
            take(state, level)
            if len(state.chunk) >= CHUNK:
                compare_chunk(state)
                if progress is not None:
                    progress(state.done, None)
        compare_chunk(state)
        push(state, final=True)
        if state.read == 0 and len(state.index):
            add_counts(run, state.counts)
            return runs.close_run(
                run,
                message=f"{state.label} answered no inventory level at all: listings are left "
                "as they are",
                failed=True,
            )
        gone(state)
    except ChannelError as exc:
        add_counts(run, state.counts if state is not None else Counter())
        return runs.close_run(run, message=f"reconciliation stopped: {exc.message}", failed=True)
    except Exception as exc:
        # never leave the run "running": close it as failed, then let the error be seen
        add_counts(run, state.counts if state is not None else Counter())
        runs.close_run(
            run, message=f"reconciliation stopped by an error ({type(exc).__name__})", failed=True
        )
        raise
    add_counts(run, state.counts)
    if progress is not None:
        progress(state.done, state.done)
    return runs.close_run(run, message=summary(state))
