"""Reading the hub's side of "push accounts": wholesale customers carrying the settings' tag,
each with its addresses and what was last pushed of it."""

from __future__ import annotations

from stockbridge.channels.models import AccountLink
from stockbridge.channels.port_accounts import AccountAddress
from stockbridge.customers.models import Customer, CustomerKind

from .accounts import HubAccount


def tagged_accounts(channel_id: int, tag: str) -> list[HubAccount]:
    customers = (
        Customer.objects.filter(kind=CustomerKind.WHOLESALE, tags__name__iexact=tag)
        .prefetch_related("addresses")
        .order_by("id")
        .distinct()
    )
    pushed = dict(
        AccountLink.objects.filter(channel_id=channel_id).values_list("customer_id", "fingerprint")
    )
    return [
        HubAccount(
            id=c.pk,
            account_code=c.account_code or "",
            company=c.company,
            first_name=c.first_name,
            last_name=c.last_name,
            addresses=tuple(
                AccountAddress(
                    kind=a.kind,
                    is_default=a.is_default,
                    name=a.name or a.company,
                    address1=a.address1,
                    address2=a.address2,
                    city=a.city,
                    region=a.region,
                    postal_code=a.postal_code,
                    country_code=a.country_code,
                )
                for a in c.addresses.all()
            ),
            pushed_fingerprint=pushed.get(c.pk, ""),
        )
        for c in customers
    ]
