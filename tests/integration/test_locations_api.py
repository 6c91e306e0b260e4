"""Locations over the REST API."""

from __future__ import annotations

from typing import Any

import pytest

pytestmark = pytest.mark.django_db


def test_create_list_update_delete_location(api: Any) -> None:
    response = api.post(
        "/api/v1/locations",
        {
            "name": "Main warehouse",
            "code": "WH1",
            "city": "Leeds",
            "country_code": "gb",
            "priority": 10,
        },
    )
    assert response.status_code == 201, response.content
    wh = response.json()
    assert (wh["code"], wh["country_code"], wh["is_active"], wh["fulfils_online_orders"]) == (
        "WH1",
        "GB",
        True,
        True,
    )
    store = api.post(
        "/api/v1/locations", {"name": "Shop", "code": "SHOP", "fulfils_online_orders": False}
    ).json()

    online = api.get("/api/v1/locations", fulfils_online_orders=True).json()["items"]
    assert [loc["code"] for loc in online] == ["WH1"]

    patched = api.patch(f"/api/v1/locations/{store['id']}", {"is_active": False}).json()
    assert patched["is_active"] is False and patched["name"] == "Shop"
    active = api.get("/api/v1/locations", is_active=True).json()["items"]
    assert [loc["code"] for loc in active] == ["WH1"]

    assert api.delete(f"/api/v1/locations/{store['id']}").status_code == 204
    assert api.get(f"/api/v1/locations/{store['id']}").status_code == 404


def test_duplicate_code_and_bad_fields(api: Any) -> None:
    api.post("/api/v1/locations", {"name": "A", "code": "WH1"})
    dup = api.post("/api/v1/locations", {"name": "B", "code": "WH1"})
    assert dup.status_code == 409
    assert dup.json()["errors"][0] == {
        "field": "code",
        "reason": "location code 'WH1' is already used",
        "code": "duplicate",
    }
    bad = api.post(
        "/api/v1/locations",
        {"name": " ", "code": "has space", "country_code": "USA", "priority": -1},
    )
    assert bad.status_code == 400
    assert sorted(e["field"] for e in bad.json()["errors"]) == [
        "code",
        "country_code",
        "name",
        "priority",
    ]
    assert [loc["code"] for loc in api.get("/api/v1/locations").json()["items"]] == ["WH1"]


def test_updated_since_lists_only_what_changed_after(api: Any) -> None:
    from datetime import UTC, datetime, timedelta

    from stockbridge.inventory.models import Location

    old = api.post("/api/v1/locations", {"name": "Old", "code": "OLD"}).json()
    new = api.post("/api/v1/locations", {"name": "New", "code": "NEW"}).json()
    long_ago = datetime(2026, 1, 1, tzinfo=UTC)
    Location.objects.filter(pk=old["id"]).update(updated_at=long_ago)

    since = (long_ago + timedelta(days=1)).isoformat()
    items = api.get("/api/v1/locations", updated_since=since).json()["items"]
    assert [loc["code"] for loc in items] == [new["code"]]
