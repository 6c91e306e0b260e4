"""The base of every request body: unknown fields are refused, not silently dropped.

A typo such as `shipping_adress` must answer an error naming the field, never store an order
without an address. Every `...In` / `...Patch` schema derives from `StrictIn`.
"""

from __future__ import annotations

from ninja import Schema
from pydantic import ConfigDict


class StrictIn(Schema):
    """A request body that refuses fields it does not declare."""

    model_config = ConfigDict(extra="forbid")
