"""Replay preconditions for product scenarios: the recorded shop's currency, missing captures."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from stockbridge_sandboxes.shopify.parity.preconditions import hydrate
from stockbridge_sandboxes.shopify.parity.replay import Replay
from stockbridge_sandboxes.shopify.parity.runner import run_scenario

PRICES = (
    "mutation Make($product: ProductCreateInput!) { productCreate(product: $product) "
    "{ product { priceRangeV2 { minVariantPrice { amount currencyCode } } } } }"
)


def test_the_recorded_shops_currency_is_the_sandboxs_and_prices_use_it(tmp_path: Path) -> None:
    capture = {
        "shop": {"response": {"data": {"shop": {"currencyCode": "CAD"}}}},
        "create": {"response": {"data": {"productCreate": {"product": None}}}},
    }
    spec = {"comparison": {"targets": [{"capturePath": "$.shop.response.data"}]}}
    replay = Replay(tmp_path, spec, capture, "2026-04")
    hydrate(replay, {"Make"})

    shop = replay.app.execute("{ shop { currencyCode } }")["data"]["shop"]
    made = replay.app.execute(PRICES, {"product": {"title": "Hat"}})["data"]["productCreate"]

    assert shop == {"currencyCode": "CAD"}
    assert made["product"]["priceRangeV2"] == {
        "minVariantPrice": {"amount": "0.0", "currencyCode": "CAD"}
    }


def test_a_recorded_shop_with_its_id_keeps_its_name_and_takes_the_currency(
    tmp_path: Path,
) -> None:
    recorded = {"id": "gid://shopify/Shop/42", "name": "north-store", "currencyCode": "EUR"}
    capture = {"setup": {"data": {"shop": recorded}}}
    replay = Replay(tmp_path, {"comparison": {"targets": []}}, capture, "2026-04")
    hydrate(replay, set())

    assert replay.app.execute("{ shop { id name currencyCode } }")["data"]["shop"] == recorded


def test_a_spec_whose_capture_file_is_missing_fails_with_that_reason(tmp_path: Path) -> None:
    spec_path = tmp_path / "config/parity-specs/products/lost.json"
    spec_path.parent.mkdir(parents=True)
    spec_path.write_text(
        json.dumps(
            {
                "scenarioId": "lost",
                "operationNames": ["productCreate"],
                "liveCaptureFiles": ["fixtures/products/lost.json"],
                "proxyRequest": {"documentPath": "config/parity-requests/products/lost.graphql"},
                "comparison": {"targets": []},
            }
        )
    )

    result = run_scenario(tmp_path, spec_path, {"productCreate"})

    assert (result.in_scope, result.passed, result.reasons) == (
        True,
        False,
        ["capture file missing from the corpus: fixtures/products/lost.json"],
    )


def test_a_compared_product_set_without_identifier_created_its_product() -> None:
    from stockbridge_sandboxes.shopify.parity.created import created_ids

    payload = {"data": {"productSet": {"product": {"id": "gid://shopify/Product/8"}}}}
    creating = {"mutation": {"variables": {"input": {"title": "New"}}, "response": payload}}
    updating = {
        "mutation": {
            "variables": {"identifier": {"id": "gid://shopify/Product/8"}, "input": {}},
            "response": payload,
        }
    }

    assert created_ids(creating, [["mutation", "response"]]) == ["gid://shopify/Product/8"]
    assert created_ids(updating, [["mutation", "response"]]) == []


def test_an_isolated_target_sees_the_recorded_store_without_earlier_writes(
    tmp_path: Path,
) -> None:
    from stockbridge_sandboxes.shopify.parity.runner import _isolated

    product = {"id": "gid://shopify/Product/9", "title": "Recorded", "tags": ["Red"]}
    capture = {"upstreamCalls": [], "setup": {"data": {"product": product}}}
    spec = {"comparison": {"targets": []}}
    replay = Replay(tmp_path, spec, capture, "2026-04")
    hydrate(replay, set())
    tag = 'mutation($id: ID!) { tagsAdd(id: $id, tags: ["blue"]) { userErrors { message } } }'
    replay.app.execute(tag, {"id": "gid://shopify/Product/9"})

    fresh = _isolated(replay)

    read = '{ product(id: "gid://shopify/Product/9") { tags } }'
    assert replay.app.execute(read)["data"]["product"]["tags"] == ["blue", "Red"]
    assert fresh.app.execute(read)["data"]["product"]["tags"] == ["Red"]
    assert fresh.app.token == replay.app.token


def test_targets_after_an_isolated_one_go_on_there_only_when_they_preserve_its_state(
    tmp_path: Path,
) -> None:
    product = "gid://shopify/Product/9"
    add = "mutation($id: ID!, $tags: [String!]!) { tagsAdd(id: $id, tags: $tags) { node { id } } }"
    read = "query($id: ID!) { product(id: $id) { tags } }"
    for name, text in (("add", add), ("read", read)):
        (tmp_path / f"{name}.graphql").write_text(text)

    def request(document: str, **variables: Any) -> dict[str, Any]:
        return {"documentPath": f"{document}.graphql", "variables": {"id": product, **variables}}

    capture = {
        "setup": {"data": {"product": {"id": product, "tags": ["Red"]}}},
        "reads": {
            "isolated": {"data": {"product": {"tags": ["green", "Red"]}}},
            "main": {"data": {"product": {"tags": ["blue", "Red"]}}},
        },
    }
    (tmp_path / "capture.json").write_text(json.dumps(capture))
    spec = {
        "scenarioId": "isolation",
        "operationNames": ["tagsAdd", "product"],
        "liveCaptureFiles": ["capture.json"],
        "proxyRequest": request("add", tags=["blue"]),
        "comparison": {
            "targets": [
                {
                    "name": "isolated-add",
                    "isolatedProxy": True,
                    "proxyRequest": request("add", tags=["green"]),
                },
                {
                    "name": "isolated-read",
                    "preserveProxyState": True,
                    "capturePath": "$.reads.isolated.data",
                    "proxyPath": "$.data",
                    "proxyRequest": request("read"),
                },
                {
                    "name": "main-read",
                    "capturePath": "$.reads.main.data",
                    "proxyPath": "$.data",
                    "proxyRequest": request("read"),
                },
            ]
        },
    }
    spec_path = tmp_path / "config/parity-specs/products/isolation.json"
    spec_path.parent.mkdir(parents=True)
    spec_path.write_text(json.dumps(spec))

    result = run_scenario(tmp_path, spec_path, {"tagsAdd", "product"})

    assert (result.passed, result.reasons) == (True, [])
