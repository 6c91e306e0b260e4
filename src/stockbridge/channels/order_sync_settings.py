"""The settings of "sync orders" (what the hub sends back to the channel an order came from,
and how long the channel's customers' personal data is kept), typed and validated.

- `notify_customer`: "fulfilment" (each fulfilment's own flag), "always" or "never": whether
  the channel e-mails the shopper about a shipment or a tracking change.
- `carriers`: the hub's carrier name (matched case-insensitively) -> the tracking company the
  channel knows (`{"royalmail": "Royal Mail"}`); a carrier not named is sent as written.
- `close_completed`: close (archive) the channel's order once the hub has shipped it all.
- `send_refunds`, `send_cancellations`: refunds and cancellations made in the hub go too.
- `restock_on_cancel`: a cancellation sent from here restocks the channel's unfulfilled units.
- `pii_retention`: "indefinitely", or "purge": names, addresses, e-mail and phone of the
  channel's orders (and of customers known only from this channel) are replaced
  `pii_purge_days` days after the order shipped in full (or was cancelled).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from stockbridge.platform.bounds import check_text
from stockbridge.platform.errors import FieldError

NOTIFY = ("fulfilment", "always", "never")
KEEP = "indefinitely"
PURGE = "purge"
RETENTION = (KEEP, PURGE)
MAX_PURGE_DAYS = 3650
MAX_CARRIERS = 100
FLAGS = ("close_completed", "send_refunds", "send_cancellations", "restock_on_cancel")


@dataclass(frozen=True, slots=True)
class SyncOrdersSettings:
    notify_customer: str = "fulfilment"
    carriers: Mapping[str, str] = field(default_factory=dict)
    close_completed: bool = False
    send_refunds: bool = True
    send_cancellations: bool = True
    restock_on_cancel: bool = True
    pii_retention: str = KEEP
    pii_purge_days: int = 30

    @classmethod
    def from_dict(cls, data: Mapping[str, Any] | None) -> SyncOrdersSettings:
        """Settings from stored or submitted JSON; missing keys take their defaults. Raises
        FieldError naming the first bad field."""
        if data is None:
            return cls()
        if not isinstance(data, Mapping):
            raise FieldError("settings", "must be an object")
        known = {*FLAGS, "notify_customer", "carriers", "pii_retention", "pii_purge_days"}
        for key in data:
            if key not in known:
                raise FieldError(str(key), f"unknown setting (known: {', '.join(sorted(known))})")
        flags: dict[str, bool] = {}
        for flag in FLAGS:
            value = data.get(flag, getattr(cls(), flag))
            if not isinstance(value, bool):
                raise FieldError(flag, "must be true or false")
            flags[flag] = value
        notify = data.get("notify_customer", "fulfilment")
        if notify not in NOTIFY:
            raise FieldError("notify_customer", f"must be one of {', '.join(NOTIFY)}")
        retention = data.get("pii_retention", KEEP)
        if retention not in RETENTION:
            raise FieldError("pii_retention", f"must be one of {', '.join(RETENTION)}")
        days = data.get("pii_purge_days", 30)
        if isinstance(days, bool) or not isinstance(days, int) or not 0 <= days <= MAX_PURGE_DAYS:
            raise FieldError("pii_purge_days", f"must be a whole number from 0 to {MAX_PURGE_DAYS}")
        return cls(
            notify_customer=notify,
            carriers=_carriers(data.get("carriers", {})),
            pii_retention=retention,
            pii_purge_days=days,
            **flags,
        )

    def as_dict(self) -> dict[str, Any]:
        return {
            "notify_customer": self.notify_customer,
            "carriers": dict(self.carriers),
            **{flag: getattr(self, flag) for flag in FLAGS},
            "pii_retention": self.pii_retention,
            "pii_purge_days": self.pii_purge_days,
        }

    def company(self, carrier: str) -> str:
        """The tracking company to send for the hub's `carrier`."""
        return self.carriers.get(carrier.strip().lower(), carrier.strip())

    def notify(self, fulfilment_flag: bool) -> bool:
        if self.notify_customer == "always":
            return True
        if self.notify_customer == "never":
            return False
        return fulfilment_flag


def _carriers(value: Any) -> dict[str, str]:
    if not isinstance(value, Mapping):
        raise FieldError("carriers", "must be an object of hub carrier: tracking company")
    if len(value) > MAX_CARRIERS:
        raise FieldError("carriers", f"at most {MAX_CARRIERS} carriers")
    out: dict[str, str] = {}
    for name, company in value.items():
        if not isinstance(name, str) or not name.strip():
            raise FieldError("carriers", "each carrier name must be non-empty text")
        if not isinstance(company, str) or not company.strip():
            raise FieldError(f"carriers.{name}", "must be the tracking company's name")
        check_text(f"carriers.{name}", name, limit=120)
        check_text(f"carriers.{name}", company, limit=120)
        out[name.strip().lower()] = company.strip()
    return out
