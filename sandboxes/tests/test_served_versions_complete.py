"""No field of a served type is missing, for every served version Shopify's published schema
is at hand for (../shared/shopify/schema/admin-<version>.graphql): the served SDL compared
with the real one type by type (fields, input fields, arguments, enum values, interfaces,
union members). 2026-04 is served as 2026-07 plus its generated overlay
(sdl/version_overlay.py), which restores what Shopify removed after 2026-04."""

from __future__ import annotations

from pathlib import Path

import httpx
import pytest
from graphql import build_schema

from sandboxes.tests.conftest import gql
from sandboxes.tests.test_schema_subset import _missing
from stockbridge_sandboxes.shopify.graph import schema as sandbox_schema
from stockbridge_sandboxes.shopify.sdl.version_overlay import main as generate_overlay
from stockbridge_sandboxes.shopify.versions import SUPPORTED

SCHEDULE = """mutation($input: InventorySetScheduledChangesInput!) {
  inventorySetScheduledChanges(input: $input) { userErrors { message } } }"""
SCHEDULED = {
    "reason": "correction",
    "referenceDocumentUri": "gid://hub/Transfer/1",
    "items": [
        {
            "inventoryItemId": "gid://shopify/InventoryItem/1",
            "locationId": "gid://shopify/Location/1",
            "ledgerDocumentUri": "gid://hub/Transfer/1",
            "scheduledChanges": [
                {
                    "expectedAt": "2026-06-01T00:00:00Z",
                    "fromName": "incoming",
                    "toName": "available",
                }
            ],
        }
    ],
}


def _published(shared_dir: Path) -> dict[str, Path]:
    found = {
        path.stem.removeprefix("admin-"): path
        for path in (shared_dir / "shopify" / "schema").glob("admin-*.graphql")
    }
    return {version: path for version, path in found.items() if version in SUPPORTED}


def test_every_served_version_with_a_published_schema_lacks_nothing_of_it(
    shared_dir: Path,
) -> None:
    published = _published(shared_dir)
    assert sorted(published) == ["2026-04", "2026-07"]

    for version, path in sorted(published.items()):
        assert _missing(sandbox_schema(version), build_schema(path.read_text())) == [], version


def test_the_committed_overlay_is_what_the_script_makes_of_2026_04(
    shared_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    source = shared_dir / "shopify" / "schema" / "admin-2026-04.graphql"

    assert generate_overlay([str(source), "--check"]) == 0
    assert "is up to date" in capsys.readouterr().out


def test_a_root_removed_after_2026_04_validates_there_and_is_not_supported(
    http: httpx.Client,
) -> None:
    older = gql(http, SCHEDULE, {"input": SCHEDULED}, version="2026-04").json()
    newer = gql(http, SCHEDULE, {"input": SCHEDULED}, version="2026-07").json()

    assert older["data"] == {"inventorySetScheduledChanges": None}
    assert [e["extensions"]["code"] for e in older["errors"]] == ["NOT_SUPPORTED_BY_SANDBOX"]
    assert "inventorySetScheduledChanges" in older["errors"][0]["message"]
    assert "data" not in newer  # 2026-07 knows neither the root nor its input
    assert "Field 'inventorySetScheduledChanges' doesn't exist on type 'Mutation'" in [
        e["message"] for e in newer["errors"]
    ]
