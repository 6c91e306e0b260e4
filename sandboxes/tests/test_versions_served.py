"""Which versions are served: older stable ones fall forward, `unstable` and newer stable ones
are refused rather than answered as another version; every response has an `X-Request-Id`."""

from __future__ import annotations

import uuid

import httpx
import pytest

from sandboxes.tests.conftest import gql

SHOP = "{ shop { name } }"


@pytest.mark.parametrize("version", ["unstable", "2026-10", "2027-01"])
def test_a_version_shopify_serves_but_the_sandbox_does_not_model_is_refused(
    http: httpx.Client, version: str
) -> None:
    response = gql(http, SHOP, version=version)

    assert (response.status_code, response.json()) == (
        404,
        {
            "errors": f"API version {version} is not supported by the sandbox: it models "
            "2026-01, 2026-04, 2026-07 (older versions fall forward to 2026-01)"
        },
    )


@pytest.mark.parametrize("version", ["2026-06", "latest", "2026-7"])
def test_a_handle_that_is_no_version_is_not_found(http: httpx.Client, version: str) -> None:
    response = gql(http, SHOP, version=version)

    assert (response.status_code, response.json()) == (404, {"errors": "Not Found"})


def test_an_older_stable_version_falls_forward_to_the_oldest_served(http: httpx.Client) -> None:
    response = gql(http, SHOP, version="2025-01")

    assert response.status_code == 200
    assert response.headers["x-shopify-api-version"] == "2026-01"


def test_every_response_carries_its_own_request_id(http: httpx.Client) -> None:
    responses = [
        gql(http, SHOP),
        gql(http, SHOP, token="shpat_unknown"),
        gql(http, SHOP, version="unstable"),
        http.get("/admin/oauth/authorize", params={"client_id": "nope"}),
        http.get("/__sandbox/state"),
        http.get("/nowhere"),
    ]

    ids = [r.headers["x-request-id"] for r in responses]

    assert [str(uuid.UUID(i)) for i in ids] == ids
    assert len(set(ids)) == len(ids)
