"""`currentAppInstallation` answers what the sandbox models of Shopify's `AppInstallation` (its
id and granted scopes); its other fields fail naming themselves."""

from __future__ import annotations

import httpx

from sandboxes.tests.conftest import gql


def test_an_unmodelled_installation_field_fails_naming_itself(http: httpx.Client) -> None:
    errors = [
        gql(http, query).json()["errors"][0]
        for query in (
            "{ currentAppInstallation { launchUrl } }",
            "{ currentAppInstallation { accessScopes { description } } }",
        )
    ]

    assert [(e["message"], e["extensions"]["code"]) for e in errors] == [
        (
            "Field 'AppInstallation.launchUrl' is not supported by the Shopify sandbox",
            "NOT_SUPPORTED_BY_SANDBOX",
        ),
        (
            "Field 'AccessScope.description' is not supported by the Shopify sandbox",
            "NOT_SUPPORTED_BY_SANDBOX",
        ),
    ]
