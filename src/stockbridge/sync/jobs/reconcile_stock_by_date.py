"""Reconcile stock by date (nightly): "push stock by date" of every linked listing at every
mapped warehouse, whatever was sent before, so the channel's rows are the hub's again (a row
changed or deleted there, a day that turned a future row into today's, a lost answer)."""

from __future__ import annotations

from stockbridge.channels.port import Operation

from ..models import Run
from ..operations import OperationRequest
from .push_stock_by_date import push


def run(request: OperationRequest) -> Run:
    return push(request, operation=Operation.RECONCILE_STOCK_BY_DATE.value, full=True)
