"""fileUpdate with a new source: images keep their preview and lose `image`; generic files
serve the new source."""

from __future__ import annotations

from typing import Any

import httpx

from sandboxes.tests.conftest import gql
from stockbridge_sandboxes.shopify.clock import FrozenClock

CREATE = """mutation($files: [FileCreateInput!]!) { fileCreate(files: $files) {
  files { id } userErrors { code } } }"""
UPDATE = """mutation($files: [FileUpdateInput!]!) { fileUpdate(files: $files) {
  files { __typename fileStatus ... on MediaImage { image { url } preview { image { url } } }
          ... on GenericFile { url } }
  userErrors { field message code } } }"""
READ = """query($id: ID!) { node(id: $id) { ... on MediaImage { fileStatus image { url }
  preview { image { url } } } ... on GenericFile { fileStatus url } } }"""


def _ready_file(http: httpx.Client, clock: FrozenClock, source: str) -> str:
    created = gql(http, CREATE, {"files": [{"originalSource": source}]}).json()
    clock.advance(3)
    return str(created["data"]["fileCreate"]["files"][0]["id"])


def _update(http: httpx.Client, row: dict[str, Any]) -> dict[str, Any]:
    return dict(gql(http, UPDATE, {"files": [row]}).json()["data"]["fileUpdate"])


def test_a_new_image_source_clears_the_image_and_keeps_the_preview(
    http: httpx.Client, clock: FrozenClock
) -> None:
    file_id = _ready_file(http, clock, "https://example.com/a.png")

    updated = _update(http, {"id": file_id, "originalSource": "https://example.com/b.png"})
    read = gql(http, READ, {"id": file_id}).json()["data"]["node"]

    assert updated == {
        "files": [
            {
                "__typename": "MediaImage",
                "fileStatus": "READY",
                "image": None,
                "preview": {"image": {"url": "https://example.com/a.png"}},
            }
        ],
        "userErrors": [],
    }
    assert read == {
        "fileStatus": "READY",
        "image": None,
        "preview": {"image": {"url": "https://example.com/a.png"}},
    }


def test_a_preview_image_source_of_any_length_is_accepted_for_an_image(
    http: httpx.Client, clock: FrozenClock
) -> None:
    file_id = _ready_file(http, clock, "https://example.com/a.png")
    long_source = "https://cdn.example.com/" + "a" * 2100 + ".png"

    updated = _update(http, {"id": file_id, "previewImageSource": long_source})

    assert updated["userErrors"] == []
    assert updated["files"][0]["image"] is None
    assert updated["files"][0]["preview"] == {"image": {"url": "https://example.com/a.png"}}


def test_a_generic_files_new_source_is_its_url(http: httpx.Client, clock: FrozenClock) -> None:
    file_id = _ready_file(http, clock, "https://example.com/manual.pdf")

    updated = _update(http, {"id": file_id, "originalSource": "https://example.com/v2.pdf"})
    read = gql(http, READ, {"id": file_id}).json()["data"]["node"]

    assert updated["files"] == [
        {"__typename": "GenericFile", "fileStatus": "READY", "url": "https://example.com/v2.pdf"}
    ]
    assert read == {"fileStatus": "READY", "url": "https://example.com/v2.pdf"}
