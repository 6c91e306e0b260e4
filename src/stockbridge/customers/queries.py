"""Customer reads."""

from __future__ import annotations

from datetime import datetime

from django.db.models import Q, QuerySet

from .models import Customer


def customers(
    *,
    kind: str | None = None,
    tag: str | None = None,
    email: str | None = None,
    account_code: str | None = None,
    updated_since: datetime | None = None,
    search: str | None = None,
) -> QuerySet[Customer]:
    """Customers with their tags and addresses loaded, filtered by whatever is given. A text
    filter holding a NUL character matches nothing (no stored text holds one)."""
    qs = Customer.objects.prefetch_related("tags", "addresses")
    if any("\x00" in (value or "") for value in (kind, tag, email, account_code, search)):
        return qs.none()
    if kind:
        qs = qs.filter(kind=kind)
    if tag:
        qs = qs.filter(tags__name=tag)
    if email:
        qs = qs.filter(email=email.strip().lower())
    if account_code:
        qs = qs.filter(account_code=account_code)
    if updated_since:
        qs = qs.filter(updated_at__gte=updated_since)
    if search:
        qs = qs.filter(
            Q(first_name__icontains=search)
            | Q(last_name__icontains=search)
            | Q(company__icontains=search)
            | Q(email__icontains=search)
            | Q(account_code__icontains=search)
        )
    return qs.distinct()
