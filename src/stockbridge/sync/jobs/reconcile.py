"""The "reconcile" operation: compare every level the channel holds with what the hub lists
and push only the corrections (`sync/reconcile.py`). Daily by default (its schedule is set
with the channel's operation settings) and on demand; a dry run reports the drift only."""

from __future__ import annotations

from ..models import Run
from ..operations import OperationRequest
from ..reconcile import reconcile


def run(request: OperationRequest) -> Run:
    return reconcile(
        channel_id=request.channel_id,
        dry_run=request.dry_run,
        trigger=request.trigger,
        retry_of=request.retry_of,
        progress=request.progress,
    )
