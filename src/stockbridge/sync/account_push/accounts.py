"""Tagged wholesale customers -> `AccountDraft`s (pure). The account is named by the customer's
company (else the person's name, else the code); every billing and shipping address goes,
defaults marked; contacts never do. The account code (the hub requires one of every wholesale
customer) is how an order coming back finds its customer."""

from __future__ import annotations

import hashlib
import json
from dataclasses import asdict, dataclass

from stockbridge.channels.port_accounts import AccountAddress, AccountDraft


@dataclass(frozen=True, slots=True)
class HubAccount:
    id: int
    account_code: str
    company: str
    first_name: str
    last_name: str
    addresses: tuple[AccountAddress, ...]
    pushed_fingerprint: str = ""


def draft_of(account: HubAccount, *, currency: str) -> AccountDraft:
    person = f"{account.first_name} {account.last_name}".strip()
    return AccountDraft(
        ref=f"account:{account.account_code}",
        code=account.account_code,
        name=account.company or person or account.account_code,
        addresses=account.addresses,
        currency=currency,
    )


def fingerprint(draft: AccountDraft) -> str:
    content = {
        "code": draft.code,
        "name": draft.name,
        "currency": draft.currency,
        "addresses": [asdict(a) for a in draft.addresses],
    }
    return hashlib.sha256(json.dumps(content, sort_keys=True).encode()).hexdigest()[:32]
