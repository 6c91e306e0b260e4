"""Shopify's resource-based limit on new variants (API-NOTES §2.3; shopify.dev "API limits",
"Resource-based rate limits"; changelog "API call limits will be applied to variant creation",
2019-03-14): once a store holds 50,000 variants, at most 1,000 new variants a day can be made
through the API; a request that would make more is answered `429 Too Many Requests` until the
limit frees. It does not apply to Shopify Plus.

The sandbox applies it to `productSet` (the documented roots `productCreate` / `productUpdate`
and variant creation make their variants the same way), counts the variants made while the
store is at the threshold in a rolling 24 hours of its clock, and answers a refused request
with HTTP 429 and the message Shopify sends ("Daily variant creation limit reached. ..."; the
REST answer's words, the GraphQL body's shape is not recorded: `{"errors": message}` as the
other non-200 answers). Tests lower the numbers with the control API (`variant_limit`)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

THRESHOLD = 50_000
PER_DAY = 1_000
DAY = 86_400.0
EXEMPT_PLANS = ("plus",)
MESSAGE = (
    "Daily variant creation limit reached. Please try again later. See "
    "https://help.shopify.com/api/getting-started/api-call-limit for more information about "
    "rate limits and how to avoid them."
)


class VariantLimitReached(Exception):
    """Raised by a resolver before it writes anything; the endpoint answers HTTP 429."""

    def __init__(self) -> None:
        super().__init__(MESSAGE)


@dataclass
class VariantLimit:
    threshold: int = THRESHOLD
    per_day: int = PER_DAY
    made: list[tuple[float, int]] = field(default_factory=list)  # (clock time, variants)

    def update(self, values: dict[str, Any]) -> None:
        for key in ("threshold", "per_day"):
            if key in values:
                setattr(self, key, int(values[key]))
        if values.get("reset"):
            self.made.clear()

    def made_today(self, now: float) -> int:
        self.made = [(at, n) for at, n in self.made if now - at < DAY]
        return sum(n for _, n in self.made)

    def admit(self, *, held: int, new: int, now: float, plan: str) -> None:
        """Let `new` variants be made in a store holding `held`, or raise."""
        if new <= 0 or plan in EXEMPT_PLANS or held + new <= self.threshold:
            return
        if self.made_today(now) + new > self.per_day:
            raise VariantLimitReached()
        self.made.append((now, new))

    def as_dict(self, now: float) -> dict[str, Any]:
        return {
            "threshold": self.threshold,
            "per_day": self.per_day,
            "made_today": self.made_today(now),
        }
