"""Shopify's daily limit of new variants of large stores: past the threshold of variants a
store holds, at most `per_day` new variants in 24 hours; more is answered HTTP 429 and writes
nothing; updates are not limited; Plus is exempt."""

from __future__ import annotations

import httpx

from sandboxes.tests.conftest import gql
from stockbridge_sandboxes.shopify import SandboxApp
from stockbridge_sandboxes.shopify.clock import FrozenClock
from stockbridge_sandboxes.shopify.variant_limit import MESSAGE

SET = """mutation($input: ProductSetInput!, $identifier: ProductSetIdentifiers) {
  productSet(input: $input, identifier: $identifier) {
    product { id variants(first: 10) { nodes { id } } } userErrors { field message code } } }"""


def _product(handle: str, sizes: tuple[str, ...], price: str = "10.00") -> dict[str, object]:
    return {
        "input": {
            "handle": handle,
            "title": handle,
            "productOptions": [{"name": "Size", "values": [{"name": s} for s in sizes]}],
            "variants": [
                {"optionValues": [{"optionName": "Size", "name": s}], "price": price} for s in sizes
            ],
        },
        "identifier": {"handle": handle},
    }


def test_past_the_threshold_new_variants_are_limited_per_day(
    sandbox: SandboxApp, http: httpx.Client, clock: FrozenClock
) -> None:
    limit = http.post("/__sandbox/variant_limit", json={"threshold": 2, "per_day": 3}).json()
    assert limit == {"threshold": 2, "per_day": 3, "made_today": 0}
    below = gql(http, SET, _product("a", ("S", "M")))  # the store holds 2: not limited yet
    counted = gql(http, SET, _product("b", ("S", "M")))  # 2 of today's 3

    refused = gql(http, SET, _product("c", ("S", "M")))
    update = gql(http, SET, _product("b", ("S", "M"), price="12.00"))  # no new variant

    assert below.status_code == counted.status_code == update.status_code == 200
    assert (refused.status_code, refused.json()) == (429, {"errors": MESSAGE})
    assert sorted(p["handle"] for p in sandbox.store.all("Product")) == ["a", "b"]
    assert update.json()["data"]["productSet"]["userErrors"] == []
    assert http.get("/__sandbox/variant_limit").json()["made_today"] == 2
    clock.advance(86_400)

    later = gql(http, SET, _product("c", ("S", "M")))

    assert later.status_code == 200
    assert sorted(p["handle"] for p in sandbox.store.all("Product")) == ["a", "b", "c"]


def test_plus_stores_are_not_limited(sandbox: SandboxApp, http: httpx.Client) -> None:
    http.post("/__sandbox/plan", json={"plan": "plus"})
    http.post("/__sandbox/variant_limit", json={"threshold": 0, "per_day": 1})

    answer = gql(http, SET, _product("a", ("S", "M", "L")))

    assert answer.status_code == 200
    assert len(sandbox.store.all("ProductVariant")) == 3
