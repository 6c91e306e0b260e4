"""A channel kind that cannot publish, for the tests of what the hub says then: WooCommerce's
connector with `publish_listings` left out of its operations (every real kind publishes now).
Tests name it with `listing_only()`, which adds it to `CHANNEL_CONNECTORS` as
`listing-only`."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import replace

from django.conf import settings
from django.test import override_settings

from stockbridge.channels.port import Operation
from stockbridge.connectors.woocommerce.kind import CAPABILITIES, WOOCOMMERCE

NAME = "listing-only"

KIND = replace(
    WOOCOMMERCE,
    name=NAME,
    label="Listing Only",
    capabilities=replace(
        CAPABILITIES,
        scopes_by_operation={
            op: scopes
            for op, scopes in CAPABILITIES.scopes_by_operation.items()
            if op != Operation.PUBLISH_LISTINGS
        },
    ),
)


@contextmanager
def listing_only() -> Iterator[str]:
    """The kind registered for the block; answers its name."""
    kinds = {**settings.CHANNEL_CONNECTORS, NAME: "tests.support.listing_only_kind.KIND"}
    with override_settings(CHANNEL_CONNECTORS=kinds):
        yield NAME
