"""`currentAppInstallation` is served with Shopify's complete `AppInstallation` and
`AccessScope` types (every field and argument of the 2026-07 schema), whatever the base SDL
holds, and fields the sandbox does not model fail naming themselves."""

from __future__ import annotations

from pathlib import Path

import httpx
from graphql import build_schema

from stockbridge.sandboxes.shopify.graph import schema
from tests.sandboxes.conftest import gql


def test_the_installation_types_carry_every_field_of_shopifys(shared_dir: Path) -> None:
    real = build_schema((shared_dir / "shopify" / "schema" / "admin-2026-07.graphql").read_text())
    served = schema("2026-07")

    for name in ("AppInstallation", "AccessScope"):
        real_type, served_type = real.get_type(name), served.get_type(name)
        assert {
            f: sorted(real_type.fields[f].args)
            for f in real_type.fields  # type: ignore[union-attr]
        } == {f: sorted(served_type.fields[f].args) for f in served_type.fields}  # type: ignore[union-attr]
    assert str(served.query_type.fields["currentAppInstallation"].type) == "AppInstallation!"  # type: ignore[union-attr]


def test_an_unmodelled_installation_field_fails_naming_itself(http: httpx.Client) -> None:
    messages = [
        gql(http, query).json()["errors"][0]["message"]
        for query in (
            "{ currentAppInstallation { launchUrl } }",
            "{ currentAppInstallation { accessScopes { description } } }",
        )
    ]

    assert messages == [
        "AppInstallation.launchUrl is not supported by the sandbox",
        "AccessScope.description is not supported by the sandbox",
    ]
