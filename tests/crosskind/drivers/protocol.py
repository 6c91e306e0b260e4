"""What the cross-kind suite asks of a channel kind: one driver per kind behind this Protocol.

A driver opens a sandbox store of its kind (in-process, its HTTP routed by the channel
registry the way the kind's own tests do), seeds it with the suite's catalog, connects a
channel to it with the hub location mapped, and then reads and edits the store as its
merchant or shopper would. Nothing of Stockbridge is faked: the engine and the kind's
connector talk HTTP to the sandbox.

`supports` lists the optional operations the kind's connector has today. A test needing one
is parametrised only over the kinds declaring it (`@pytest.mark.kinds_supporting(...)`), so
a kind joins those tests by declaring the operation and implementing its methods, never by
un-skipping anything."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import ClassVar, Protocol

from stockbridge.channels.models import Channel

PUBLISH = "publish"  # Publish listings and resync (the kind's connector is a Publisher)
# shopper orders reach the hub by webhook and commit stock; the hub's shipments and refunds
# show in the store; forged deliveries are refused
ORDERS = "orders"
# the merchant ships and refunds with restock in the store, and the hub follows (a kind whose
# platform's refunds carry no restock, BigCommerce's, cannot: its refunds restock in the hub)
REFUNDS = "refunds"
OPTIONAL = (PUBLISH, ORDERS, REFUNDS)


@dataclass(frozen=True, slots=True)
class Seeded:
    """One variant of the suite's catalog as the store holds it after seeding."""

    title: str  # its product's
    price: Decimal  # the price it sells at
    quantity: int  # available at the mapped location


# The suite's catalog, whatever the kind: a tee with sizes and a simple mug (a kind's seed may
# differ in what it shows, e.g. a sale price, and says so in its driver's `catalog`).
CATALOG = {
    "TEE-S": Seeded("Tee", Decimal("20.00"), 5),
    "TEE-M": Seeded("Tee", Decimal("20.00"), 3),
    "MUG": Seeded("Mug", Decimal("9.00"), 7),
}


class Driver(Protocol):
    kind: ClassVar[str]
    supports: ClassVar[frozenset[str]]
    channel: Channel  # connected, its one remote location mapped to the hub location WH
    catalog: Mapping[str, Seeded]  # what the store holds after seeding, by SKU (CATALOG's SKUs)

    def level(self, sku: str) -> int:
        """The available the store shows for `sku` at the mapped location."""

    def set_level(self, sku: str, quantity: int) -> None:
        """The merchant sets the level in the store's own admin (drift)."""

    def price(self, sku: str) -> Decimal:
        """The price the store sells `sku` at."""

    def set_price(self, sku: str, price: Decimal) -> None:
        """The merchant changes the price in the store's own admin."""

    def faults(self, on: bool) -> None:
        """About one API call in five fails (5xx), plus a rate-limit refusal; off: none."""

    def faults_met(self) -> bool:
        """Whether the store refused calls since the faults were turned on."""

    # PUBLISH
    def status(self, sku: str) -> str:
        """`active` or `draft`: the status of the store's product holding `sku` ("" none)."""

    # ORDERS
    def order(self, lines: Mapping[str, int]) -> str:
        """A shopper checks out `lines` ({sku: quantity}) and the store's webhooks reach the
        hub; answers the store's order id."""

    def deliver(self) -> None:
        """The store's pending webhooks reach the hub (e.g. its echoes of the hub's writes)."""

    def tracking(self, order: str) -> list[str]:
        """The tracking numbers the store shows on the order's shipments, oldest first."""

    def refunded(self, order: str) -> dict[str, int]:
        """The units the store shows refunded on the order, by SKU."""

    def forge(self, resource_id: str) -> list[int]:
        """What the hub answers to a delivery about order `resource_id` in the kind's own
        webhook format, signed with a wrong secret, then to one without its proof."""

    # REFUNDS
    def fulfil(self, order: str) -> None:
        """The merchant ships the whole order."""

    def refund(self, order: str) -> None:
        """The merchant refunds every unit of the shipped order, restocking them."""


class NotYet:
    """The optional methods of a kind that does not support them yet (its driver's `supports`
    leaves them out, so no test calls them)."""

    kind: ClassVar[str]

    def status(self, sku: str) -> str:
        raise NotImplementedError(f"{self.kind}: publishing is not supported yet")

    def order(self, lines: Mapping[str, int]) -> str:
        raise NotImplementedError(f"{self.kind}: orders are not supported yet")

    def deliver(self) -> None:
        raise NotImplementedError(f"{self.kind}: orders are not supported yet")

    def tracking(self, order: str) -> list[str]:
        raise NotImplementedError(f"{self.kind}: orders are not supported yet")

    def refunded(self, order: str) -> dict[str, int]:
        raise NotImplementedError(f"{self.kind}: orders are not supported yet")

    def forge(self, resource_id: str) -> list[int]:
        raise NotImplementedError(f"{self.kind}: orders are not supported yet")

    def fulfil(self, order: str) -> None:
        raise NotImplementedError(f"{self.kind}: orders are not supported yet")

    def refund(self, order: str) -> None:
        raise NotImplementedError(f"{self.kind}: refunds are not supported yet")
