"""The refunds this hub made in Shopify, told apart from the store's own: the note of every
refund the hub sends ends with its key in a mark (`[stockbridge:<key>]`). The hub recorded
those when it made them, so reading them back (the `refunds/create` webhook echoing our
write, or an order read with its refunds) records nothing a second time."""

from __future__ import annotations

MARK = "[stockbridge:"


def marked(note: str, key: str) -> str:
    """`note` ending with the hub's mark for the refund of `key`."""
    mark = f"{MARK}{key}]"
    return f"{note} {mark}" if note else mark


def made_by_hub(note: str) -> bool:
    return MARK in note
