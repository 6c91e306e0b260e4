"""The write service of "push accounts": a customer pushed as a channel's account is linked
(created, or its remote id, code and fingerprint updated) in one transaction; and the read
orders use to find the customer of an account code."""

from __future__ import annotations

from django.db import transaction

from stockbridge.platform import bounds, clock

from .models import AccountLink


def link_account(
    *, channel_id: int, customer_id: int, account_code: str, remote_id: str, fingerprint: str
) -> None:
    bounds.check_text("account_code", account_code, limit=64, required=True)
    bounds.check_text("remote_id", remote_id, required=True)
    with transaction.atomic():
        # a code that moved to another customer is that customer's now
        AccountLink.objects.filter(channel_id=channel_id, account_code=account_code).exclude(
            customer_id=customer_id
        ).delete()
        AccountLink.objects.update_or_create(
            channel_id=channel_id,
            customer_id=customer_id,
            defaults={
                "account_code": account_code,
                "remote_id": remote_id,
                "fingerprint": fingerprint,
                "pushed_at": clock.now(),
            },
        )


def pushed_customer(channel_id: int, account_code: str) -> int | None:
    """The hub customer pushed to the channel under `account_code`, if any."""
    if not account_code:
        return None
    return (
        AccountLink.objects.filter(channel_id=channel_id, account_code=account_code)
        .values_list("customer_id", flat=True)
        .first()
    )
