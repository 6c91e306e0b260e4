"""The store's clock: real time plus an offset tests advance. WooCommerce answers dates twice,
in the site's timezone and in GMT, both as `YYYY-MM-DDTHH:MM:SS` without a zone."""

from __future__ import annotations

import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta

STAMP = "%Y-%m-%dT%H:%M:%S"


class Clock:
    def __init__(
        self, source: Callable[[], float] | None = None, site_offset_hours: float = 0.0
    ) -> None:
        self._source = source or time.time
        self.offset = 0.0
        self.site_offset = timedelta(hours=site_offset_hours)

    def now(self) -> float:
        return self._source() + self.offset

    def advance(self, seconds: float) -> None:
        self.offset += seconds

    def stamps(self) -> tuple[str, str]:
        """(site-local, GMT) of now."""
        gmt = datetime.fromtimestamp(int(self.now()), UTC)
        return (gmt + self.site_offset).strftime(STAMP), gmt.strftime(STAMP)
