"""The port's side of "created there -> created here": a webhook codec that reads a product
created in the channel as the `RemoteProduct` an import makes a hub product from."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Protocol, runtime_checkable

from .port import RemoteProduct


@runtime_checkable
class CreatedProductReader(Protocol):
    def created_product(self, topic: str, body: Mapping[str, object]) -> RemoteProduct | None:
        """The product a creation event carries (None when `topic` is not a creation);
        `Rejected` when it lacks the product's id."""
