"""Accounts pushed as portal companies: `PUT /api/company/new/force` upserts by `code` (so a
push sent again after a lost answer updates the same company), with every address; buyers and
reps are never sent (the portal's own)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from stockbridge.channels.errors import NotFound, Rejected
from stockbridge.channels.port_accounts import AccountAddress, AccountDraft, AccountResult

from .client import PortalClient
from .errors import excerpt


def address_of(address: AccountAddress) -> dict[str, Any]:
    billing = address.kind == "billing"
    return {
        "display_name": address.name,
        "line_1": address.address1,
        "line_2": address.address2,
        "city": address.city,
        "state": address.region,
        "zip": address.postal_code,
        "country": address.country_code,
        "default_billing": billing and address.is_default,
        "default_shipping": not billing and address.is_default,
    }


def body_of(draft: AccountDraft) -> dict[str, Any]:
    body: dict[str, Any] = {
        "name": draft.name,
        "code": draft.code,
        "addresses": [address_of(a) for a in draft.addresses],
    }
    if draft.currency:
        body["currency_code"] = draft.currency
    return body


def push_accounts(client: PortalClient, drafts: Sequence[AccountDraft]) -> list[AccountResult]:
    results = []
    for draft in drafts:
        body = body_of(draft)
        try:
            answer = client.call("PUT", "/api/company/new/force", body=body)
        except (Rejected, NotFound) as exc:
            results.append(
                AccountResult(
                    ref=draft.ref,
                    error_kind=exc.kind,
                    message=exc.message,
                    request_excerpt=excerpt(body),
                )
            )
            continue
        remote_id = answer.get("_id") if isinstance(answer, dict) else None
        if not isinstance(remote_id, str) or not remote_id:
            results.append(
                AccountResult(
                    ref=draft.ref,
                    error_kind=Rejected.__name__,
                    message="the portal answered a company without its _id",
                )
            )
            continue
        results.append(AccountResult(ref=draft.ref, remote_id=remote_id))
    return results
