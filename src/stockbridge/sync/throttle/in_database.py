"""A store's bucket in its `ThrottleState` row, changed under the row lock (the database every
worker already shares)."""

from __future__ import annotations

from datetime import datetime, timedelta

from django.db import transaction

from ..models import ThrottleState
from .budget import DRIFT, LONGEST_SLEEP, SHORTEST_SLEEP, Budget


class DatabaseBucket:
    def __init__(self, channel_id: int) -> None:
        self.channel_id = channel_id

    def _locked(self) -> ThrottleState | None:
        return ThrottleState.objects.select_for_update().filter(channel_id=self.channel_id).first()

    def _unknown(self, now: datetime, **fields: object) -> None:
        """The row of a store whose budget is not known yet (maximum 0)."""
        ThrottleState.objects.get_or_create(
            channel_id=self.channel_id,
            defaults={
                "available": 0.0,
                "maximum": 0.0,
                "restore_rate": 0.0,
                "observed_at": now,
                **fields,
            },
        )

    def reserve(self, cost: float, now: datetime, *, answered: float) -> tuple[float, float]:
        with transaction.atomic():
            row = self._locked()
            if row is None:  # never heard from: the call goes, and is counted in flight
                self._unknown(now, in_flight=cost, in_flight_at=now)
                return 0.0, cost
            budget = _budget(row)
            in_flight = max(budget.in_flight_now(now) - answered, 0.0)
            if budget.blocked_until is not None and budget.blocked_until > now:
                if answered:
                    ThrottleState.objects.filter(pk=row.pk).update(
                        in_flight=in_flight, in_flight_at=now
                    )
                return min((budget.blocked_until - now).total_seconds(), LONGEST_SLEEP), 0.0
            if budget.maximum <= 0:  # no budget reported yet: the call goes
                ThrottleState.objects.filter(pk=row.pk).update(
                    in_flight=in_flight + cost, in_flight_at=now
                )
                return 0.0, cost
            available = budget.estimate(now)
            wanted = min(cost, budget.maximum)  # a call dearer than the bucket waits for a full one
            if available + DRIFT >= wanted:
                ThrottleState.objects.filter(pk=row.pk).update(
                    available=max(available - wanted, 0.0),
                    observed_at=now,
                    in_flight=in_flight + wanted,
                    in_flight_at=now,
                )
                return 0.0, wanted
            if answered:
                ThrottleState.objects.filter(pk=row.pk).update(
                    in_flight=in_flight, in_flight_at=now
                )
            if budget.restore_rate <= 0:
                return LONGEST_SLEEP, 0.0
            pause = (wanted - available) / budget.restore_rate
            return max(min(pause, LONGEST_SLEEP), SHORTEST_SLEEP), 0.0

    def observe(
        self,
        *,
        available: float,
        maximum: float,
        restore_rate: float,
        now: datetime,
        answered: float,
    ) -> None:
        with transaction.atomic():
            row = self._locked()
            if row is None:
                ThrottleState.objects.get_or_create(
                    channel_id=self.channel_id,
                    defaults={
                        "available": available,
                        "maximum": maximum,
                        "restore_rate": restore_rate,
                        "observed_at": now,
                    },
                )
                return
            budget = _budget(row)
            in_flight = max(budget.in_flight_now(now) - answered, 0.0)
            available -= in_flight  # the calls still out may not be in the report yet
            if budget.maximum > 0:
                available = min(available, budget.estimate(now))
            ThrottleState.objects.filter(pk=row.pk).update(
                available=max(available, 0.0),
                maximum=maximum,
                restore_rate=restore_rate,
                observed_at=now,
                in_flight=in_flight,
                in_flight_at=now,
            )

    def block(self, seconds: float, now: datetime, *, answered: float) -> None:
        until = now + timedelta(seconds=seconds)
        with transaction.atomic():
            row = self._locked()
            if row is None:
                self._unknown(now, blocked_until=until)
                return
            budget = _budget(row)
            ThrottleState.objects.filter(pk=row.pk).update(
                blocked_until=max(until, budget.blocked_until or until),
                in_flight=max(budget.in_flight_now(now) - answered, 0.0),
                in_flight_at=now,
            )

    def read(self) -> Budget | None:
        row = ThrottleState.objects.filter(channel_id=self.channel_id).first()
        return _budget(row) if row is not None else None

    @staticmethod
    def forget_all() -> int:
        deleted, _ = ThrottleState.objects.all().delete()
        return deleted


def _budget(row: ThrottleState) -> Budget:
    return Budget(
        available=row.available,
        maximum=row.maximum,
        restore_rate=row.restore_rate,
        observed_at=row.observed_at,
        blocked_until=row.blocked_until,
        in_flight=row.in_flight,
        in_flight_at=row.in_flight_at,
    )
