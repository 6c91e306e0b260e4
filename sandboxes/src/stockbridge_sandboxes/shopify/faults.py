"""Fault knobs for the API side: error rate, latency, throttling bursts, lost answers.

`error_rate`, `throttle_burst` and `http_429_burst` refuse a request before it runs. A lost
answer is the other failure a client meets: the request ran (its writes are made, its
webhooks sent) and the answer never arrived (`lost_answers`: operation name -> how many of the
next such requests answer 503 after running)."""

from __future__ import annotations

import random
from dataclasses import dataclass, field


@dataclass
class ApiFaults:
    error_rate: float = 0.0  # share of GraphQL requests answered 503 / INTERNAL_SERVER_ERROR
    latency_ms: int = 0
    throttle_burst: int = 0  # the next N GraphQL requests answer THROTTLED
    http_429_burst: int = 0  # the next N GraphQL requests answer HTTP 429
    lost_answers: dict[str, int] = field(default_factory=dict)  # operation -> runs answered 503
    random: random.Random = field(default_factory=lambda: random.Random(11))

    def update(self, values: dict[str, object]) -> None:
        for key in ("error_rate", "latency_ms", "throttle_burst", "http_429_burst"):
            if key in values:
                setattr(self, key, type(getattr(self, key))(values[key]))
        lost = values.get("lost_answers")
        if isinstance(lost, dict):
            self.lost_answers = {str(k): int(v) for k, v in lost.items() if int(v) > 0}

    def lose_answer(self, operation: str | None) -> bool:
        """Whether the answer of this (already run) request is lost; counts it down."""
        left = self.lost_answers.get(operation or "", 0)
        if left <= 0:
            return False
        self.lost_answers[operation or ""] = left - 1
        return True

    def as_dict(self) -> dict[str, object]:
        return {
            "error_rate": self.error_rate,
            "latency_ms": self.latency_ms,
            "throttle_burst": self.throttle_burst,
            "http_429_burst": self.http_429_burst,
            "lost_answers": dict(self.lost_answers),
        }
