"""The web layer's share of housekeeping: API tokens revoked more than 90 days ago go.

Registered with sync's `prune_old_data` job when the app is ready (`apps.py`), so sync, which
web imports, never imports web."""

from __future__ import annotations

from datetime import datetime, timedelta

from .models import ApiToken

REVOKED_TOKEN_RETENTION = timedelta(days=90)


def prune_revoked_tokens(now: datetime) -> int:
    """Delete tokens revoked more than `REVOKED_TOKEN_RETENTION` before `now`; how many went."""
    deleted, _ = ApiToken.objects.filter(revoked_at__lt=now - REVOKED_TOKEN_RETENTION).delete()
    return deleted
