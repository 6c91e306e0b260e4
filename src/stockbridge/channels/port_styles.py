"""The port's style push: the hub as master of a wholesale channel's products. A style is one
product in one colour (the channel's unit of ordering) with its sizes, each one hub variant;
prices are one currency's wholesale and retail. A connector translates a `StyleDraft` to its
API; the engine decides which products go, maps them, and remembers the links.

New and existing are told apart by the engine: `remote_id` None = create (a create the channel
already holds by `external_id`, sent again after a lost answer, updates that one instead)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Protocol


@dataclass(frozen=True, slots=True)
class StyleSize:
    sku: str  # the hub variant's SKU (the engine's key for the size)
    size: str  # the size as buyers see it
    barcode: str = ""
    wholesale: Decimal | None = None
    retail: Decimal | None = None


@dataclass(frozen=True, slots=True)
class StyleDraft:
    """What the channel should hold of one style after the push. `attributes` are the
    channel's own fields the brand sets by tags (season, category, department...)."""

    ref: str
    external_id: str  # the brand's key of the style (product handle + colour)
    name: str
    style_number: str
    color: str
    currency: str
    wholesale: Decimal | None
    retail: Decimal | None
    sizes: tuple[StyleSize, ...]
    description: str = ""
    attributes: Mapping[str, str] = field(default_factory=dict)
    remote_id: str | None = None


@dataclass(frozen=True, slots=True)
class StyleResult:
    """One style's outcome: created or updated, the channel's id of the style and of each size
    (by SKU), or why it was refused (`error_kind` names a `channels.errors` class)."""

    ref: str
    created: bool = False
    remote_id: str = ""
    size_ids: Mapping[str, str] = field(default_factory=dict)
    error_kind: str | None = None
    message: str = ""
    request_excerpt: str = ""
    response_excerpt: str = ""


class StyleTarget(Protocol):
    def push_styles(self, drafts: Sequence[StyleDraft]) -> list[StyleResult]:
        """Create or update each style; one result per draft. A refused style never sinks the
        others; AuthFailed (and other call failures after retries) raise."""
