"""Bulk operations move through CREATED, RUNNING and a terminal state on the sandbox clock."""

from __future__ import annotations

from typing import Any

import httpx

from sandboxes.tests.conftest import gql
from stockbridge_sandboxes.shopify import SandboxApp
from stockbridge_sandboxes.shopify.clock import FrozenClock
from stockbridge_sandboxes.shopify.seed import seed_generated

RUN = """mutation { bulkOperationRunQuery(query: "{ products { edges { node { id } } } }") {
  bulkOperation { id status } userErrors { field message code } } }"""
READ = "query($id: ID!) { bulkOperation(id: $id) { status objectCount completedAt url } }"
CANCEL = """mutation($id: ID!) { bulkOperationCancel(id: $id) {
  bulkOperation { status } userErrors { message } } }"""


def _run(http: httpx.Client, version: str = "2026-07") -> dict[str, Any]:
    return dict(gql(http, RUN, version=version).json()["data"]["bulkOperationRunQuery"])


def _status(http: httpx.Client, op_id: str) -> dict[str, Any]:
    return dict(gql(http, READ, {"id": op_id}).json()["data"]["bulkOperation"])


def test_an_export_is_created_then_running_then_completed(
    sandbox: SandboxApp, http: httpx.Client, clock: FrozenClock
) -> None:
    seed_generated(sandbox.store, 3000, 1)
    op_id = str(_run(http)["bulkOperation"]["id"])
    created = _status(http, op_id)
    clock.advance(1)
    running = _status(http, op_id)
    clock.advance(0.5)
    completed = _status(http, op_id)

    assert (created["status"], created["objectCount"], created["url"]) == ("CREATED", "0", None)
    assert (running["status"], running["completedAt"]) == ("RUNNING", None)
    assert (completed["status"], completed["objectCount"]) == ("COMPLETED", "3000")
    assert str(completed["url"]).endswith(".jsonl")


def test_five_operations_of_a_type_may_run_at_once_and_the_sixth_is_refused(
    http: httpx.Client, clock: FrozenClock
) -> None:
    ids = [str(_run(http)["bulkOperation"]["id"]) for _ in range(5)]
    sixth = _run(http)
    clock.advance(1)
    after = _run(http)

    assert sixth["bulkOperation"] is None
    assert sixth["userErrors"] == [
        {
            "field": None,
            "message": "A bulk query operation for this app and shop is already in progress: "
            + ", ".join(ids),
            "code": "OPERATION_IN_PROGRESS",
        }
    ]
    assert after["userErrors"] == []


def test_versions_before_2026_01_allow_one_operation_per_type(http: httpx.Client) -> None:
    first = _run(http, "2025-07")
    second = _run(http, "2025-07")

    assert first["userErrors"] == []
    assert [e["code"] for e in second["userErrors"]] == ["OPERATION_IN_PROGRESS"]


def test_a_cancelled_operation_is_canceling_then_canceled(
    sandbox: SandboxApp, http: httpx.Client, clock: FrozenClock
) -> None:
    seed_generated(sandbox.store, 5000, 1)
    op_id = str(_run(http)["bulkOperation"]["id"])
    cancelled = gql(http, CANCEL, {"id": op_id}).json()["data"]["bulkOperationCancel"]
    clock.advance(1)
    final = _status(http, op_id)
    again = gql(http, CANCEL, {"id": op_id}).json()["data"]["bulkOperationCancel"]

    assert cancelled == {"bulkOperation": {"status": "CANCELING"}, "userErrors": []}
    assert (final["status"], final["url"]) == ("CANCELED", None)
    assert again["userErrors"] == [
        {"message": "A bulk operation cannot be canceled when it is canceled"}
    ]


def test_bulk_operations_are_listed_newest_first_unless_reversed(
    http: httpx.Client, clock: FrozenClock
) -> None:
    ids = []
    for _ in range(2):
        ids.append(str(_run(http)["bulkOperation"]["id"]))
        clock.advance(2)
    listing = "query($r: Boolean) { bulkOperations(first: 5, reverse: $r) { nodes { id } } }"
    newest = gql(http, listing, {"r": False}).json()["data"]["bulkOperations"]["nodes"]
    oldest = gql(http, listing, {"r": True}).json()["data"]["bulkOperations"]["nodes"]

    assert [n["id"] for n in newest] == list(reversed(ids))
    assert [n["id"] for n in oldest] == ids


def test_search_warnings_and_id_coercion(http: httpx.Client) -> None:
    warned = gql(
        http, '{ bulkOperations(first: 1, query: "status:EXPIRED") { nodes { id } } }'
    ).json()
    malformed = gql(http, '{ bulkOperation(id: "not-a-gid") { id } }').json()
    other = gql(http, '{ bulkOperation(id: "gid://shopify/Product/1") { id } }').json()

    assert warned["data"] == {"bulkOperations": {"nodes": []}}
    assert warned["extensions"]["search"] == [
        {
            "path": ["bulkOperations"],
            "query": "status:EXPIRED",
            "parsed": {"field": "status", "match_all": "EXPIRED"},
            "warnings": [
                {
                    "field": "status",
                    "message": "Input `EXPIRED` is not an accepted value.",
                    "code": "invalid_value",
                }
            ],
        }
    ]
    assert "data" not in malformed
    assert malformed["errors"][0]["message"] == "Invalid global id 'not-a-gid'"
    assert malformed["errors"][0]["extensions"]["code"] == "argumentLiteralsIncompatible"
    assert other["data"] == {"bulkOperation": None}
    assert other["errors"][0]["extensions"]["code"] == "RESOURCE_NOT_FOUND"
