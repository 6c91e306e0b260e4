from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.support.shopify_stores import Stores, routed_stores


@pytest.fixture
def stores() -> Iterator[Stores]:
    yield from routed_stores()
