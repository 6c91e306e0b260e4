"""The port's bulk publishing side: a kind that can publish many products in one operation on
the channel's side (Shopify: a staged JSONL upload and `bulkOperationRunMutation`), used by
"Publish listings" for a season of more than the setting's `bulk_threshold` products."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol, runtime_checkable

from .port_publish import ProductDraft, PublishResult


@runtime_checkable
class BulkPublisher(Protocol):
    """A kind that publishes many products at once."""

    def publish_all(self, drafts: Sequence[ProductDraft]) -> dict[str, PublishResult]:
        """Create or update every draft (as `Publisher.publish` does one), in one operation on
        the channel's side; answers a result per draft's `ref`. A draft left out of the answer
        was not reported on (the engine publishes it alone); call failures of the whole
        operation raise `channels.errors` (then nothing of it is counted as done)."""
