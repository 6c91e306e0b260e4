"""Files: fileCreate validation and kinds, fileUpdate's check order, readiness on the clock."""

from __future__ import annotations

from typing import Any

import httpx

from sandboxes.tests.conftest import gql
from stockbridge_sandboxes.shopify.clock import FrozenClock

CREATE = """mutation($files: [FileCreateInput!]!) { fileCreate(files: $files) {
  files { __typename id alt fileStatus } userErrors { field message code } } }"""
UPDATE = """mutation($files: [FileUpdateInput!]!) { fileUpdate(files: $files) {
  files { id alt fileStatus } userErrors { field message code } } }"""


def _create(http: httpx.Client, *rows: dict[str, Any]) -> dict[str, Any]:
    return dict(gql(http, CREATE, {"files": list(rows)}).json()["data"]["fileCreate"])


def _update(http: httpx.Client, *rows: dict[str, Any]) -> dict[str, Any]:
    return dict(gql(http, UPDATE, {"files": list(rows)}).json()["data"]["fileUpdate"])


def test_files_are_created_as_images_or_generic_files_by_type_or_extension(
    http: httpx.Client,
) -> None:
    created = _create(
        http,
        {"originalSource": "https://example.com/a.png", "alt": "A"},
        {"originalSource": "https://example.com/manual.pdf"},
    )

    assert created["userErrors"] == []
    assert [(f["__typename"], f["alt"], f["fileStatus"]) for f in created["files"]] == [
        ("MediaImage", "A", "UPLOADED"),
        ("GenericFile", "", "UPLOADED"),
    ]


def test_file_create_refuses_bad_sources_names_and_modes(http: httpx.Client) -> None:
    bad_url = _create(http, {"originalSource": "data:image/png;base64,AAAA"})
    mismatch = _create(http, {"originalSource": "https://example.com/a.png", "filename": "a.jpg"})
    no_type = _create(
        http, {"originalSource": "https://example.com/b.png", "duplicateResolutionMode": "REPLACE"}
    )

    assert bad_url == {
        "files": [],
        "userErrors": [
            {
                "field": ["files", "0", "originalSource"],
                "message": "File URL is invalid",
                "code": "INVALID_IMAGE_SOURCE_URL",
            }
        ],
    }
    assert mismatch["userErrors"][0]["code"] == "MISMATCHED_FILENAME_AND_ORIGINAL_SOURCE"
    assert no_type["userErrors"][0]["code"] == "INVALID_DUPLICATE_MODE_FOR_TYPE"


def test_file_update_checks_ids_then_readiness_then_fields(
    http: httpx.Client, clock: FrozenClock
) -> None:
    file_id = _create(http, {"originalSource": "https://example.com/a.png"})["files"][0]["id"]
    missing = _update(http, {"id": "gid://shopify/MediaImage/1", "alt": "x" * 600})
    not_ready = _update(http, {"id": file_id, "originalSource": "https://example.com/b.png"})
    clock.advance(2)
    still_processing = _update(http, {"id": file_id, "originalSource": "https://example.com/b.png"})
    clock.advance(1)
    long_alt = _update(http, {"id": file_id, "alt": "x" * 513})
    updated = _update(http, {"id": file_id, "alt": "Front"})

    assert missing["userErrors"] == [
        {
            "field": ["files"],
            "message": 'File id ["gid://shopify/MediaImage/1"] does not exist.',
            "code": "FILE_DOES_NOT_EXIST",
        }
    ]
    assert not_ready["userErrors"][0]["code"] == "NON_READY_STATE"
    assert still_processing["userErrors"] == [
        {
            "field": ["files"],
            "message": "Non-ready files cannot be updated.",
            "code": "NON_READY_STATE",
        }
    ]
    assert long_alt["userErrors"][0]["message"] == (
        "The alt value exceeds the maximum limit of 512 characters."
    )
    assert updated == {
        "files": [{"id": file_id, "alt": "Front", "fileStatus": "READY"}],
        "userErrors": [],
    }
