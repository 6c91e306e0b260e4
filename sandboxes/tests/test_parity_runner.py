"""The parity runner on a tiny corpus laid out like shared/shopify/conformance/."""

from __future__ import annotations

import argparse
import json
from pathlib import Path

import pytest

from stockbridge.cli import sandbox as sandbox_cli
from stockbridge_sandboxes.shopify.parity.runner import run_corpus, summarize

READ = "query ProductRead($id: ID!) { product(id: $id) { id title tags } }"
HYDRATE = "query ProductsHydrateNodes($ids: [ID!]!) { nodes(ids: $ids) { ... on Product { id title tags } } }"
TAGS = (
    "mutation AddTags($id: ID!, $tags: [String!]!) { tagsAdd(id: $id, tags: $tags) "
    "{ node { ... on Product { id tags } } userErrors { field message } } }"
)
PRODUCT = "gid://shopify/Product/77"


def _write(root: Path, path: str, content: object) -> None:
    target = root / path
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(content if isinstance(content, str) else json.dumps(content))


def _scenario(root: Path, name: str, tags_after: list[str], op: str = "tagsAdd") -> None:
    capture = {
        "mutation": {
            "variables": {"id": PRODUCT, "tags": ["new"]},
            "response": {
                "data": {"tagsAdd": {"node": {"id": PRODUCT, "tags": tags_after}, "userErrors": []}}
            },
        },
        "upstreamCalls": [
            {
                "operationName": "ProductsHydrateNodes",
                "query": HYDRATE,
                "variables": {"ids": [PRODUCT]},
                "response": {
                    "status": 200,
                    "body": {"data": {"nodes": [{"id": PRODUCT, "title": "Cap", "tags": ["old"]}]}},
                },
            }
        ],
    }
    _write(root, f"fixtures/conformance/shop.myshopify.com/2026-04/products/{name}.json", capture)
    _write(root, f"config/parity-requests/products/{name}.graphql", TAGS)
    _write(
        root,
        f"config/parity-specs/products/{name}.json",
        {
            "scenarioId": name,
            "operationNames": [op],
            "liveCaptureFiles": [
                f"fixtures/conformance/shop.myshopify.com/2026-04/products/{name}.json"
            ],
            "proxyRequest": {
                "documentPath": f"config/parity-requests/products/{name}.graphql",
                "variablesCapturePath": "$.mutation.variables",
            },
            "comparison": {
                "mode": "strict-json",
                "targets": [
                    {
                        "name": "tags-after-add",
                        "capturePath": "$.mutation.response.data.tagsAdd",
                        "proxyPath": "$.data.tagsAdd",
                    }
                ],
            },
        },
    )


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    _scenario(tmp_path, "tags-add-hydrated", ["new", "old"])
    _scenario(tmp_path, "tags-add-wrong-expectation", ["new", "old", "surprise"])
    _scenario(tmp_path, "gift-card-create", ["x"], op="giftCardCreate")
    return tmp_path


def test_a_scenario_passes_when_the_sandbox_hydrated_from_upstream_reads_matches(
    corpus: Path,
) -> None:
    results = {r.scenario: r for r in run_corpus(corpus)}

    assert (results["tags-add-hydrated"].in_scope, results["tags-add-hydrated"].passed) == (
        True,
        True,
    )


def test_a_failing_scenario_says_which_path_differs(corpus: Path) -> None:
    results = {r.scenario: r for r in run_corpus(corpus)}

    assert results["tags-add-wrong-expectation"].passed is False
    assert results["tags-add-wrong-expectation"].reasons == [
        '[tags-after-add] $.node.tags: 2 items, expected 3 (expected ["new", "old", "surprise"], '
        'got ["new", "old"])'
    ]


def test_operations_the_sandbox_does_not_implement_are_out_of_scope(corpus: Path) -> None:
    summary = summarize(run_corpus(corpus))

    assert summary == {
        "scenarios": 3,
        "in_scope": 2,
        "passed": 1,
        "pass_rate": 0.5,
        "by_domain": {"products": {"scenarios": 3, "in_scope": 2, "passed": 1, "pass_rate": 0.5}},
    }


def test_the_cli_prints_one_json_summary(corpus: Path, capsys: pytest.CaptureFixture[str]) -> None:
    parser = argparse.ArgumentParser(prog="stockbridge")
    sandbox_cli.register(parser.add_subparsers(dest="command"))
    args = parser.parse_args(["sandbox", "parity", "--corpus", str(corpus), "--json"])

    code = args.handler(args)

    out = json.loads(capsys.readouterr().out)
    assert code == 0
    assert (out["in_scope"], out["passed"], out["pass_rate"]) == (2, 1, 0.5)


def test_objects_a_compared_create_payload_made_are_not_preconditions() -> None:
    from stockbridge_sandboxes.shopify.parity.created import created_ids

    capture = {
        "mutation": {
            "response": {
                "data": {
                    "collectionCreate": {
                        "collection": {"id": "gid://shopify/Collection/9"},
                        "shop": {"id": "gid://shopify/Shop/1"},
                    }
                }
            }
        }
    }

    assert created_ids(capture, [["mutation", "response"]]) == ["gid://shopify/Collection/9"]
    assert created_ids(capture, [["other", "response"]]) == []


def test_lists_of_objects_a_create_payload_made_are_not_preconditions() -> None:
    from stockbridge_sandboxes.shopify.parity.created import created_ids

    capture = {
        "mutation": {
            "response": {
                "data": {
                    "productCreateMedia": {
                        "media": [{"id": "gid://shopify/MediaImage/4"}],
                        "product": {"id": "gid://shopify/Product/1"},
                    }
                }
            }
        }
    }

    assert created_ids(capture, [["mutation", "response"]]) == ["gid://shopify/MediaImage/4"]


def test_sections_recorded_after_a_writing_scenarios_compared_response_are_not_preconditions(
    tmp_path: Path,
) -> None:
    from stockbridge_sandboxes.shopify.parity.preconditions import hydrate
    from stockbridge_sandboxes.shopify.parity.replay import Replay

    product = {"id": PRODUCT, "title": "Before"}
    capture = {
        "setup": {"data": {"product": product}},
        "mutation": {"response": {"data": {"tagsAdd": {"node": {"id": PRODUCT}}}}},
        "downstreamRead": {"data": {"product": {"id": PRODUCT, "title": "After"}}},
    }
    spec = {"comparison": {"targets": [{"capturePath": "$.mutation.response.data"}]}}
    replay = Replay(tmp_path, spec, capture, "2026-04")
    hydrate(replay, {"AddTags"})

    assert (replay.app.store.get(PRODUCT) or {})["title"] == "Before"


def test_the_replay_clock_ignores_times_the_recorded_requests_asked_for() -> None:
    from stockbridge_sandboxes.shopify.parity.replay_clock import recording_clock

    capture = {
        "variables": {"order": {"processedAt": "2099-01-01T00:00:00Z"}},
        "setupVariables": {"at": "2098-01-01T00:00:00Z"},
        "mutation": {"response": {"data": {"order": {"createdAt": "2026-05-07T13:14:30Z"}}}},
    }

    assert recording_clock(capture).iso() == "2026-05-07T13:14:31Z"


def test_the_replay_clock_ignores_a_response_echoing_a_time_the_request_asked_for() -> None:
    from stockbridge_sandboxes.shopify.parity.replay_clock import recording_clock

    capture = {
        "create": {
            "variables": {"input": {"reserveInventoryUntil": "2026-05-25T00:00:00+00:00"}},
            "response": {
                "data": {
                    "draftOrderCreate": {
                        "draftOrder": {
                            "createdAt": "2026-05-07T13:14:30Z",
                            "reserveInventoryUntil": "2026-05-25T00:00:00Z",
                        }
                    }
                }
            },
        }
    }

    assert recording_clock(capture).iso() == "2026-05-07T13:14:31Z"
