"""What a plan holds: one `ProductPlan` per remote product, one `VariantPlan` per variant."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from stockbridge.catalog.specs import ProductSpec
from stockbridge.channels.port import Outcome, RemoteProduct, RemoteVariant

from .hub import HubVariant


@dataclass(slots=True)
class VariantPlan:
    remote: RemoteVariant
    ref: str
    outcome: Outcome = Outcome.UNCHANGED
    message: str = ""
    changes: dict[str, Any] = field(default_factory=dict)
    hub_sku: str = ""  # the hub variant's SKU once written (empty when failed/skipped)
    link: dict[str, str] | None = None  # the listing to create or update
    listing_status: str = ""

    def reset(self) -> None:
        """Back to what matching left (before the spec was built)."""
        self.outcome, self.message, self.changes = Outcome.UNCHANGED, "", {}
        self.hub_sku, self.link, self.listing_status = "", None, ""


@dataclass(slots=True)
class Basis:
    """What matching found, kept so the spec can be built again (`building.recheck`)."""

    stored: ProductSpec | None
    matched: dict[int, HubVariant]  # index in plan.variants -> hub variant
    live: list[int]  # indexes of the variants still imported


@dataclass(slots=True)
class ProductPlan:
    remote: RemoteProduct
    ref: str
    outcome: Outcome = Outcome.UNCHANGED
    message: str = ""
    changes: dict[str, Any] = field(default_factory=dict)
    spec: ProductSpec | None = None  # to write (None: nothing to write)
    handle: str = ""
    variants: list[VariantPlan] = field(default_factory=list)
    checked: bool = True  # the spec passed the catalog rules here (False: left to the writer)
    basis: Basis | None = None

    def fail(self, message: str, *, outcome: Outcome = Outcome.FAILED) -> None:
        """The whole product fails (or is skipped): every variant item says why."""
        self.outcome = outcome
        self.message = message
        self.changes = {}
        self.spec = None
        for item in self.variants:
            if item.outcome is not Outcome.FAILED:
                item.outcome = outcome
                item.message = message
            item.changes = {}
            item.link = None
            item.hub_sku = ""
