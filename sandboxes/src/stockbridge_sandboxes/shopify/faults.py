"""Fault knobs for the API side: error rate, latency, throttling bursts."""

from __future__ import annotations

import random
from dataclasses import dataclass, field


@dataclass
class ApiFaults:
    error_rate: float = 0.0  # share of GraphQL requests answered 503 / INTERNAL_SERVER_ERROR
    latency_ms: int = 0
    throttle_burst: int = 0  # the next N GraphQL requests answer THROTTLED
    http_429_burst: int = 0  # the next N GraphQL requests answer HTTP 429
    random: random.Random = field(default_factory=lambda: random.Random(11))

    def update(self, values: dict[str, object]) -> None:
        for key in ("error_rate", "latency_ms", "throttle_burst", "http_429_burst"):
            if key in values:
                setattr(self, key, type(getattr(self, key))(values[key]))

    def as_dict(self) -> dict[str, object]:
        return {
            "error_rate": self.error_rate,
            "latency_ms": self.latency_ms,
            "throttle_burst": self.throttle_burst,
            "http_429_burst": self.http_429_burst,
        }
