"""Bulk import: staged upload, one mutation per JSONL line, results with __lineNumber."""

from __future__ import annotations

import json

import httpx

from sandboxes.tests.conftest import gql
from stockbridge_sandboxes.shopify import SandboxApp
from stockbridge_sandboxes.shopify.clock import FrozenClock
from stockbridge_sandboxes.shopify.seed import seed_sample

STAGE = """mutation { stagedUploadsCreate(input: [{resource: BULK_MUTATION_VARIABLES,
  filename: "tags.jsonl", mimeType: "text/jsonl", httpMethod: POST}]) {
  stagedTargets { url parameters { name value } } userErrors { message } } }"""
RUN = """mutation($path: String!) { bulkOperationRunMutation(stagedUploadPath: $path,
  mutation: "mutation($id: ID!, $tags: [String!]!) { tagsAdd(id: $id, tags: $tags) { node { id } userErrors { message } } }") {
  bulkOperation { id status type } userErrors { field message code } } }"""


def test_a_bulk_mutation_runs_each_uploaded_line(
    sandbox: SandboxApp, http: httpx.Client, clock: FrozenClock
) -> None:
    seed_sample(sandbox.store)
    first, second = (p["id"] for p in sandbox.store.all("Product")[:2])
    target = gql(http, STAGE).json()["data"]["stagedUploadsCreate"]["stagedTargets"][0]
    form = {p["name"]: p["value"] for p in target["parameters"]}
    lines = "\n".join(json.dumps({"id": gid, "tags": ["bulk"]}) for gid in (first, second))
    upload = http.post(target["url"], data=form, files={"file": ("tags.jsonl", lines)})

    run = gql(http, RUN, {"path": form["key"]}).json()["data"]["bulkOperationRunMutation"]
    clock.advance(1)
    polled = gql(
        http,
        "query($id: ID!) { bulkOperation(id: $id) { status objectCount url } }",
        {"id": run["bulkOperation"]["id"]},
    ).json()["data"]["bulkOperation"]
    results = [json.loads(x) for x in http.get(polled["url"]).text.splitlines()]

    assert upload.status_code == 201
    assert run["userErrors"] == []
    assert (run["bulkOperation"]["status"], run["bulkOperation"]["type"]) == ("CREATED", "MUTATION")
    assert (polled["status"], polled["objectCount"]) == ("COMPLETED", "2")
    assert results == [
        {"data": {"tagsAdd": {"node": {"id": first}, "userErrors": []}}, "__lineNumber": 0},
        {"data": {"tagsAdd": {"node": {"id": second}, "userErrors": []}}, "__lineNumber": 1},
    ]
    assert "bulk" in (sandbox.store.get(first) or {})["tags"]


def test_an_empty_upload_is_refused(http: httpx.Client) -> None:
    target = gql(http, STAGE).json()["data"]["stagedUploadsCreate"]["stagedTargets"][0]
    key = next(p["value"] for p in target["parameters"] if p["name"] == "key")

    run = gql(http, RUN, {"path": key}).json()["data"]["bulkOperationRunMutation"]

    assert run == {
        "bulkOperation": None,
        "userErrors": [
            {
                "field": None,
                "message": "The input file is empty.",
                "code": "INVALID_STAGED_UPLOAD_FILE",
            }
        ],
    }


def test_the_staged_target_resource_url_names_the_upload_too(
    sandbox: SandboxApp, http: httpx.Client
) -> None:
    seed_sample(sandbox.store)
    product = sandbox.store.all("Product")[0]["id"]
    target = gql(http, STAGE).json()["data"]["stagedUploadsCreate"]["stagedTargets"][0]
    form = {p["name"]: p["value"] for p in target["parameters"]}
    line = json.dumps({"id": product, "tags": ["via-url"]})
    http.post(target["url"], data=form, files={"file": ("tags.jsonl", line)})
    resource_url = f"http://sandbox.test/__sandbox/uploads/{form['key']}"
    run = gql(http, RUN, {"path": resource_url}).json()["data"]["bulkOperationRunMutation"]

    assert run["userErrors"] == []
    assert "via-url" in (sandbox.store.get(product) or {})["tags"]
