"""The port's side of "deleted here -> deleted there": a kind that deletes a product it holds
(the hub's product was deleted and the channel's setting `delete_in_channel` is on)."""

from __future__ import annotations

from typing import Protocol, runtime_checkable


@runtime_checkable
class ProductRemover(Protocol):
    def delete_product(self, remote_id: str) -> None:
        """Delete the channel's product `remote_id` with its variants. Raises `NotFound` when
        the channel does not hold it (already deleted: nothing left to do), other
        `channels.errors` when the call failed."""
