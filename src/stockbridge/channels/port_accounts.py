"""The port's accounts: the hub as master of a channel's wholesale customers (a portal's
companies), and the orders such a channel hands over for them.

- `AccountTarget.push_accounts`: create or update each account by its `code` (the hub's
  account code: how an order finds its customer coming back), with every billing and
  shipping address. Contacts (a portal's buyers, its sales reps) are the channel's own and
  never part of a draft.
- `HandedOrderSource`: a channel whose orders, once approved there, are handed over to the
  hub and belong to it after: `orders_to_take` reads them (each with the account code it was
  placed for), `mark_taken` tells the channel the hub has it (so it is not handed again).
  Later edits on the channel are not read back."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Protocol, runtime_checkable

from .port_orders import RemoteOrder


@dataclass(frozen=True, slots=True)
class AccountAddress:
    kind: str  # billing, shipping
    is_default: bool
    name: str
    address1: str
    address2: str
    city: str
    region: str
    postal_code: str
    country_code: str


@dataclass(frozen=True, slots=True)
class AccountDraft:
    ref: str
    code: str
    name: str
    addresses: tuple[AccountAddress, ...]
    currency: str = ""


@dataclass(frozen=True, slots=True)
class AccountResult:
    """One account's outcome: the channel's id of it, or why it was refused."""

    ref: str
    remote_id: str = ""
    error_kind: str | None = None
    message: str = ""
    request_excerpt: str = ""


class AccountTarget(Protocol):
    def push_accounts(self, drafts: Sequence[AccountDraft]) -> list[AccountResult]:
        """Create or update each account (by code); one result per draft. A refused account
        never sinks the others; AuthFailed (and call failures after retries) raise."""


@dataclass(frozen=True, slots=True)
class HandedOrder:
    """An order the channel hands over, and the account code it was placed for ("" when it
    names none)."""

    order: RemoteOrder
    account_code: str


@runtime_checkable
class HandedOrderSource(Protocol):
    def orders_to_take(self) -> Iterator[HandedOrder]:
        """Every order the channel hands over now (approved there, not yet taken)."""

    def mark_taken(self, remote_id: str) -> None:
        """Tell the channel the hub has this order; marking it twice changes nothing."""
