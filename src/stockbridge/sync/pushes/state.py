"""What one drain of a channel carries from batch to batch, and what it answers."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

from stockbridge.channels.models import Channel
from stockbridge.channels.port import Connector, Operation

from .. import runs
from ..models import Run


@dataclass
class DrainResult:
    pushed: int = 0
    unchanged: int = 0
    failed: int = 0
    removed: int = 0
    waiting: int = 0
    run_id: int | None = None
    stopped: str = ""

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass
class DrainState:
    channel: Channel
    connector: Connector
    batch_size: int
    run: Run | None
    trigger: str
    record_unchanged: bool
    result: DrainResult = field(default_factory=DrainResult)

    def open_run(self) -> Run:
        """The drain's Run, opened with its first item."""
        if self.run is None:
            self.run = runs.open_run(
                channel_id=self.channel.pk,
                operation=Operation.SYNC_LISTINGS.value,
                trigger=self.trigger,
            )
        return self.run
