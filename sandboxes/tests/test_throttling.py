"""Cost and the leaky bucket (API-NOTES §2.3): THROTTLED when drained, success after restore."""

from __future__ import annotations

import httpx

from sandboxes.tests.conftest import gql
from stockbridge_sandboxes.shopify import SandboxApp
from stockbridge_sandboxes.shopify.clock import FrozenClock
from stockbridge_sandboxes.shopify.seed import seed_generated

# requested: 2 + ceil(log2 50) * (1 + (2 + ceil(log2 250) * (1 + 1 + (2 + 8 * (1 + 1))))) = 980;
# actual with one-variant products stocked at one location: 2 + 50 * (1 + 2 + (1 + 1 + 2 + 2)) = 452
BIG = (
    "{ products(first: 50) { nodes { variants(first: 250) { nodes { inventoryItem {"
    " inventoryLevels(first: 250) { nodes { location { id } } } } } } } } }"
)


def test_draining_the_bucket_throttles_until_the_restore_time_has_passed(
    sandbox: SandboxApp, http: httpx.Client, clock: FrozenClock
) -> None:
    seed_generated(sandbox.store, 166)

    first = gql(http, BIG).json()
    later = [gql(http, BIG).json() for _ in range(2)]
    throttled = gql(http, BIG).json()

    assert first["extensions"]["cost"] == {
        "requestedQueryCost": 980,
        "actualQueryCost": 452,
        "throttleStatus": {
            "maximumAvailable": 2000.0,
            "currentlyAvailable": 1548,
            "restoreRate": 100.0,
        },
    }
    assert [r["extensions"]["cost"]["throttleStatus"]["currentlyAvailable"] for r in later] == [
        1096,
        644,
    ]
    assert throttled == {
        "errors": [
            {
                "message": "Throttled",
                "extensions": {
                    "code": "THROTTLED",
                    "documentation": "https://shopify.dev/api/usage/rate-limits",
                },
            }
        ],
        "extensions": {
            "cost": {
                "requestedQueryCost": 980,
                "actualQueryCost": None,
                "throttleStatus": {
                    "maximumAvailable": 2000.0,
                    "currentlyAvailable": 644,
                    "restoreRate": 100.0,
                },
            }
        },
    }

    clock.advance((980 - 644) / 100)  # the restore time for the missing points
    again = gql(http, BIG).json()

    assert len(again["data"]["products"]["nodes"]) == 50
    assert again["extensions"]["cost"]["throttleStatus"]["currentlyAvailable"] == 528


def test_the_plus_plan_has_a_bucket_of_twenty_thousand_refilling_at_a_thousand(
    sandbox: SandboxApp, http: httpx.Client
) -> None:
    http.post("/__sandbox/plan", json={"plan": "plus"})

    status = gql(http, "{ shop { name } }").json()["extensions"]["cost"]["throttleStatus"]

    assert status == {
        "maximumAvailable": 20000.0,
        "currentlyAvailable": 19999,
        "restoreRate": 1000.0,
    }


def test_a_throttle_burst_from_the_control_api_throttles_the_next_request(
    http: httpx.Client,
) -> None:
    http.post("/__sandbox/faults", json={"throttle_burst": 1})

    burst = gql(http, "{ shop { name } }").json()
    after = gql(http, "{ shop { name } }").json()

    assert burst["errors"][0]["extensions"]["code"] == "THROTTLED"
    assert after["errors"][0]["extensions"]["code"] == "THROTTLED"  # the bucket is still empty
