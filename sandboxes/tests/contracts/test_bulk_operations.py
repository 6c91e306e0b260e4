"""Contract: bulk exports as the connector runs them: `bulkOperationRunQuery`
(bulk_run_query.graphql) with its inner queries (catalog_products, catalog_levels,
bulk_inventory_levels), polled with `node(id:)` (bulk_operation.graphql) and
`currentBulkOperation`, the JSONL fetched from `url`.

From Shopify's documentation (bulk operations guide, 2026-07 mutation; API-NOTES §2.6): the
run answers `CREATED`; the inner query needs at least one connection, at most five, and no
top-level `node`/`nodes`; from 2026-01 five query operations may run at once, a sixth is
refused with `OPERATION_IN_PROGRESS`; a finished operation has `objectCount`,
`rootObjectCount` and a `url` serving JSONL whose nested lines carry `__parentId`; a
completed operation cannot be canceled.
"""

from __future__ import annotations

import json
from typing import Any

import httpx

from sandboxes.tests.conftest import gql
from sandboxes.tests.contracts.connector_documents import document
from stockbridge_sandboxes.shopify import SandboxApp
from stockbridge_sandboxes.shopify.clock import FrozenClock
from stockbridge_sandboxes.shopify.seed import seed_sample

RUN = document("bulk_run_query")
POLL = document("bulk_operation")
CURRENT = "{ currentBulkOperation(type: QUERY) { id status objectCount rootObjectCount } }"
CANCEL = """mutation($id: ID!) { bulkOperationCancel(id: $id) {
  bulkOperation { status } userErrors { field message } } }"""


def _run(http: httpx.Client, inner: str, group: bool = False) -> dict[str, Any]:
    body = gql(http, RUN, {"query": inner, "groupObjects": group}).json()
    return dict(body["data"]["bulkOperationRunQuery"])


def _poll(http: httpx.Client, op: str) -> dict[str, Any]:
    return dict(gql(http, POLL, {"id": op}).json()["data"]["node"])


def _lines(http: httpx.Client, url: str) -> list[dict[str, Any]]:
    response = http.get(url)
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("application/jsonl")
    return [json.loads(line) for line in response.text.splitlines() if line.strip()]


def test_happy_path_runs_polls_and_serves_the_levels_export(
    sandbox: SandboxApp, http: httpx.Client, clock: FrozenClock
) -> None:
    seed_sample(sandbox.store)

    run = _run(http, document("catalog_levels"))
    op = run["bulkOperation"]["id"]

    assert run["userErrors"] == []
    assert run["bulkOperation"]["status"] == "CREATED"
    assert _poll(http, op) == {
        "id": op,
        "status": "CREATED",
        "errorCode": None,
        "objectCount": "0",
        "rootObjectCount": "0",
        "url": None,
        "partialDataUrl": None,
    }
    clock.advance(60)
    done = _poll(http, op)
    # 2 locations, 9 variants stocked at both: 2 root lines and 18 level lines.
    assert (done["status"], done["objectCount"], done["rootObjectCount"]) == (
        "COMPLETED",
        "20",
        "2",
    )
    lines = _lines(http, done["url"])
    roots = [line["id"] for line in lines if "__parentId" not in line]
    assert sorted(roots) == ["gid://shopify/Location/1", "gid://shopify/Location/2"]
    levels = [line for line in lines if "__parentId" in line]
    assert len(levels) == 18
    assert {line["__parentId"] for line in levels} == set(roots)
    assert all(line["quantities"][0]["name"] == "available" for line in levels)


def test_the_catalog_and_reconciliation_exports_are_accepted(
    sandbox: SandboxApp, http: httpx.Client, clock: FrozenClock
) -> None:
    seed_sample(sandbox.store)

    products = _run(http, document("catalog_products"), group=True)
    levels = _run(http, document("bulk_inventory_levels"))

    assert products["userErrors"] == levels["userErrors"] == []
    clock.advance(60)
    done = _poll(http, products["bulkOperation"]["id"])
    assert (done["status"], done["rootObjectCount"]) == ("COMPLETED", "5")
    lines = _lines(http, done["url"])
    titles = [line["title"] for line in lines if "__parentId" not in line]
    assert titles == [
        "Harbour Rain Jacket",
        "Fell Walking Socks",
        "Quay Canvas Tote",
        "Lantern Enamel Mug",
        "Moor Wool Beanie",
    ]


def test_current_bulk_operation_answers_the_latest_query_operation(
    sandbox: SandboxApp, http: httpx.Client, clock: FrozenClock
) -> None:
    seed_sample(sandbox.store)
    assert gql(http, CURRENT).json()["data"]["currentBulkOperation"] is None

    op = _run(http, document("catalog_levels"))["bulkOperation"]["id"]
    clock.advance(60)

    current = gql(http, CURRENT).json()["data"]["currentBulkOperation"]
    assert current == {"id": op, "status": "COMPLETED", "objectCount": "20", "rootObjectCount": "2"}


def _only_error(run: dict[str, Any]) -> tuple[Any, str, str]:
    assert run["bulkOperation"] is None
    [error] = run["userErrors"]
    return error["field"], error["message"], error["code"]


def test_an_inner_query_without_a_connection_is_refused(http: httpx.Client) -> None:
    assert _only_error(_run(http, "{ shop { name } }")) == (
        ["query"],
        "Bulk queries must contain at least one connection.",
        "INVALID",
    )


def test_a_top_level_node_is_refused(http: httpx.Client) -> None:
    inner = '{ node(id: "gid://shopify/Product/1") { id } }'

    assert _only_error(_run(http, inner)) == (
        ["query"],
        "Invalid bulk query: The top-level field `node`/`nodes` is not allowed.",
        "INVALID",
    )


def test_more_than_five_connections_are_refused(http: httpx.Client) -> None:
    inner = """{ products { edges { node { id
      variants { edges { node { id } } } media { edges { node { id } } }
      metafields { edges { node { id } } } collections { edges { node { id } } }
      images { edges { node { id } } } } } } }"""

    assert _only_error(_run(http, inner)) == (
        ["query"],
        "Invalid bulk query: Bulk queries cannot contain more than 5 connections.",
        "INVALID",
    )


def test_an_inner_query_that_does_not_parse_is_refused(http: httpx.Client) -> None:
    field, message, code = _only_error(_run(http, "{ products { "))

    assert (field, code) == (["query"], "INVALID")
    assert message.startswith("Invalid bulk query: syntax error")


def test_a_sixth_running_query_operation_is_refused(
    sandbox: SandboxApp, http: httpx.Client
) -> None:
    seed_sample(sandbox.store)
    running = [_run(http, document("catalog_levels"))["bulkOperation"]["id"] for _ in range(5)]

    field, message, code = _only_error(_run(http, document("catalog_levels")))

    assert (field, code) == (None, "OPERATION_IN_PROGRESS")
    assert message == (
        "A bulk query operation for this app and shop is already in progress: " + ", ".join(running)
    )


def test_a_completed_operation_cannot_be_canceled(
    sandbox: SandboxApp, http: httpx.Client, clock: FrozenClock
) -> None:
    seed_sample(sandbox.store)
    op = _run(http, document("catalog_levels"))["bulkOperation"]["id"]
    clock.advance(60)

    body = gql(http, CANCEL, {"id": op}).json()["data"]["bulkOperationCancel"]

    assert body == {
        "bulkOperation": {"status": "COMPLETED"},
        "userErrors": [
            {"field": None, "message": "A bulk operation cannot be canceled when it is completed"}
        ],
    }


def test_an_unknown_operation_reads_as_null(http: httpx.Client) -> None:
    body = gql(http, POLL, {"id": "gid://shopify/BulkOperation/999"}).json()

    assert body["data"] == {"node": None}
