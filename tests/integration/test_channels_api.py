"""The channel and run endpoints against sandbox stores, exact answers."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any
from urllib.parse import parse_qsl, urlsplit

import pytest
from django.test import Client

from stockbridge.channels.models import Channel
from stockbridge.inventory.models import Location
from stockbridge.platform import clock
from stockbridge.sync.models import Run
from stockbridge_sandboxes.shopify.oauth import DEMO_CLIENT_ID, DEMO_CLIENT_SECRET
from tests.support import probe_job
from tests.support.shopify_stores import Store, Stores, routed_stores
from tests.support.shops import grant, seed_shop

pytestmark = pytest.mark.django_db


@pytest.fixture
def stores() -> Iterator[Stores]:
    yield from routed_stores()


@pytest.fixture
def store(stores: Stores) -> Store:
    made = stores.add("shop-a")
    seed_shop(made)
    made.control("seed", {"sample": True})
    return made


def add(api: Any, store: Store) -> dict[str, Any]:
    response = api.post(
        "/api/v1/channels",
        {"kind": "shopify", "name": "Moor", "domain": store.domain, "base_url": store.base_url},
    )
    assert response.status_code == 201, response.content
    body: dict[str, Any] = response.json()
    return body


def test_add_and_connect_with_a_token(api: Any, store: Store) -> None:
    created = add(api, store)
    assert {k: created[k] for k in ("kind", "name", "domain", "base_url", "status", "scopes")} == {
        "kind": "shopify",
        "name": "Moor",
        "domain": "shop-a.myshopify.com",
        "base_url": "http://shop-a.sandbox.test",
        "status": "pending",
        "scopes": [],
    }
    assert "credentials" not in created
    token = grant(store, "shpat_api", "read_products,write_inventory,read_locations")
    response = api.post(f"/api/v1/channels/{created['id']}/connect", {"token": token})
    body = response.json()
    assert response.status_code == 200
    assert (body["status"], body["shop_name"], body["plan"], body["currency"]) == (
        "connected",
        "Moor Outfitters",
        "Grow",
        "GBP",
    )
    assert "shpat_api" not in response.content.decode()
    listed = api.get("/api/v1/channels").json()
    assert [c["name"] for c in listed["items"]] == ["Moor"]


def test_bad_input_names_the_field(api: Any, store: Store) -> None:
    # a domain of no configured kind is refused by the schema; one of another kind's form
    # (a WooCommerce store's) by the kind itself
    response = api.post("/api/v1/channels", {"kind": "shopify", "name": "M", "domain": "m_x"})
    assert (response.status_code, response.json()["errors"][0]["field"]) == (400, "domain")
    response = api.post(
        "/api/v1/channels", {"kind": "shopify", "name": "M", "domain": "m.example.com"}
    )
    assert (response.status_code, response.json()["errors"]) == (
        400,
        [
            {
                "field": "domain",
                "reason": "'m.example.com' is not a Shopify store domain "
                "(like your-store.myshopify.com)",
                "code": "invalid",
            }
        ],
    )
    created = add(api, store)
    response = api.post(
        "/api/v1/channels", {"kind": "shopify", "name": "Moor", "domain": "x.myshopify.com"}
    )
    assert response.status_code == 409
    response = api.post(f"/api/v1/channels/{created['id']}/connect", {"token": "shpat_wrong"})
    assert (response.status_code, response.json()["errors"][0]["field"]) == (400, "token")
    response = api.post(f"/api/v1/channels/{created['id']}/connect", {"token": "a b"})
    assert response.status_code == 400
    response = api.post(f"/api/v1/channels/{created['id']}/connect", {"token": "x", "extra": 1})
    assert response.json()["errors"][0]["code"] == "unknown_field"
    assert api.get("/api/v1/channels/999999").status_code == 404


def test_test_connection_reports_missing_scopes(api: Any, store: Store) -> None:
    created = add(api, store)
    token = grant(store, "shpat_narrow", "read_products,write_inventory")
    api.post(f"/api/v1/channels/{created['id']}/connect", {"token": token})
    response = api.post(f"/api/v1/channels/{created['id']}/test", {})
    assert (response.status_code, response.json()) == (
        200,
        {
            "shop_name": "Moor Outfitters",
            "domain": "shop-a.myshopify.com",
            "plan": "Grow",
            "currency": "GBP",
            "scopes": ["read_inventory", "read_products", "write_inventory"],
            "missing_scopes": ["read_locations"],
            "missing_by_operation": {
                "import_listings": ["read_locations"],
                "reconcile": ["read_locations"],
                "sync_listings": ["read_locations"],
            },
        },
    )


def test_a_revoked_token_disconnects_with_the_reason(api: Any, store: Store) -> None:
    created = add(api, store)
    token = grant(store, "shpat_soon_revoked")
    api.post(f"/api/v1/channels/{created['id']}/connect", {"token": token})
    store.control("tokens/revoke", {"token": token})
    response = api.post(f"/api/v1/channels/{created['id']}/test", {})
    assert (response.status_code, response.json()["errors"][0]["field"]) == (400, "token")
    channel = api.get(f"/api/v1/channels/{created['id']}").json()
    assert (channel["status"], channel["status_reason"]) == (
        "disconnected",
        "Shopify refused the access token (revoked, expired or app uninstalled)",
    )


def test_locations_and_mappings(api: Any, store: Store) -> None:
    created = add(api, store)
    api.post(f"/api/v1/channels/{created['id']}/connect", {"token": grant(store, "shpat_loc")})
    base = f"/api/v1/channels/{created['id']}"
    assert api.get(f"{base}/locations").json() == [
        {"remote_id": "gid://shopify/Location/2", "name": "High Street Shop", "active": True},
        {"remote_id": "gid://shopify/Location/1", "name": "Stockbridge Warehouse", "active": True},
    ]
    leeds = Location.objects.create(
        name="Leeds", code="LDS", created_at=clock.now(), updated_at=clock.now()
    )
    response = api._call(
        "put",
        f"{base}/mappings",
        {"location_id": leeds.pk, "remote_location_id": "gid://shopify/Location/1"},
    )
    mapping = {
        "location_id": leeds.pk,
        "location_code": "LDS",
        "remote_location_id": "gid://shopify/Location/1",
        "remote_name": "Stockbridge Warehouse",
    }
    assert (response.status_code, response.json()) == (200, mapping)
    assert api.get(f"{base}/mappings").json() == [mapping]
    assert api.delete(f"{base}/mappings/{leeds.pk}").status_code == 204
    assert api.get(f"{base}/mappings").json() == []
    assert api.delete(f"{base}/mappings/{leeds.pk}").status_code == 404


def test_operation_settings_and_schedule(api: Any, store: Store) -> None:
    created = add(api, store)
    base = f"/api/v1/channels/{created['id']}/operations"
    response = api.patch(
        f"{base}/reconcile", {"schedule": "daily", "daily_at": "04:15", "enabled": False}
    )
    assert (response.status_code, response.json()) == (
        200,
        {
            "operation": "reconcile",
            "enabled": False,
            "settings": {},
            "schedule": "daily",
            "every_minutes": None,
            "daily_at": "04:15",
            "next_run_at": None,
            "last_run_at": None,
        },
    )
    response = api.patch(f"{base}/reconcile", {"schedule": "every"})
    assert response.json() == {
        "errors": [
            {
                "field": "every_minutes",
                "reason": "is required for an every-N-minutes schedule",
                "code": "invalid",
            }
        ]
    }
    assert api.patch(f"{base}/reconcile", {"schedule": "weekly"}).status_code == 400
    assert api.patch(f"{base}/ship_it", {"enabled": True}).status_code == 400
    assert [o["operation"] for o in api.get(base).json()] == [
        "import_listings",
        "reconcile",
        "sync_listings",
    ]


def test_run_now_runs_items_and_retry(
    api: Any, store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    probe_job.install(monkeypatch)
    created = add(api, store)
    response = api.post(
        f"/api/v1/channels/{created['id']}/operations/sync_listings/run", {"dry_run": True}
    )
    run = Run.objects.get()
    assert response.status_code == 201
    body = response.json()
    assert {
        k: body[k]
        for k in (
            "id",
            "operation",
            "trigger",
            "dry_run",
            "status",
            "total",
            "done",
            "counts",
            "retry_of_id",
        )
    } == {
        "id": run.pk,
        "operation": "sync_listings",
        "trigger": "user",
        "dry_run": True,
        "status": "partial",
        "total": 3,
        "done": 3,
        "counts": {"failed": 1, "unchanged": 1, "updated": 1},
        "retry_of_id": None,
    }
    items = api.get(f"/api/v1/runs/{run.pk}/items", outcome="failed").json()
    assert [(i["ref"], i["outcome"], i["error_kind"], i["message"]) for i in items["items"]] == [
        ("LS-S", "failed", "Rejected", "quantity: must be at most 1000000000")
    ]
    items = api.get(f"/api/v1/runs/{run.pk}/items").json()
    assert [(i["ref"], i["changes"]) for i in items["items"]] == [
        ("LS-M", {"quantity": [3, 5]}),
        ("LS-L", {}),
        ("LS-S", {}),
    ]
    assert api.get(f"/api/v1/runs/{run.pk}/items", outcome="lost").status_code == 400
    response = api.post(f"/api/v1/runs/{run.pk}/retry", {})
    retry = response.json()
    assert (response.status_code, retry["trigger"], retry["retry_of_id"], retry["counts"]) == (
        201,
        "retry",
        run.pk,
        {"updated": 1},
    )
    assert [r["id"] for r in api.get("/api/v1/runs", failed="true").json()["items"]] == [run.pk]
    assert [r["id"] for r in api.get("/api/v1/runs", channel_id=created["id"]).json()["items"]] == [
        run.pk,
        retry["id"],
    ]
    response = api.post(f"/api/v1/runs/{retry['id']}/retry", {})
    assert response.json() == {
        "errors": [
            {
                "field": "run_id",
                "reason": f"run {retry['id']} has no failed items to retry",
                "code": "invalid",
            }
        ]
    }
    assert api.get("/api/v1/runs/999999").status_code == 404


def test_oauth_install_through_the_callback_page(
    api: Any, store: Store, settings: Any, django_user_model: Any
) -> None:
    settings.STOCKBRIDGE_SHOPIFY_CLIENT_ID = DEMO_CLIENT_ID
    settings.STOCKBRIDGE_SHOPIFY_CLIENT_SECRET = DEMO_CLIENT_SECRET
    created = add(api, store)
    response = api.post(f"/api/v1/channels/{created['id']}/install", {})
    url = response.json()["url"]
    query = dict(parse_qsl(urlsplit(url).query))
    assert query["redirect_uri"] == "http://testserver/channels/shopify/callback"
    response = api.post(
        f"/api/v1/channels/{created['id']}/install",
        {"redirect_uri": "http://localhost:8000/auth/callback"},
    )
    url = response.json()["url"]
    with store.http() as http:
        callback = urlsplit(http.get(url + "&approve=1").headers["Location"])
    browser = Client()
    page = f"/channels/shopify/callback?{callback.query}"
    assert browser.get(page).status_code == 302  # to the login page
    assert Channel.objects.get().status == "pending"
    user = django_user_model.objects.create_user(
        "owner", password="pw-for-tests-only", is_staff=True
    )
    browser.force_login(user)
    answer = browser.get(page)
    assert (answer.status_code, answer["Location"]) == (
        302,
        f"/admin/channels/channel/{created['id']}/change/",
    )
    channel = Channel.objects.get()
    assert (channel.status, channel.shop_name) == ("connected", "Moor Outfitters")
    again = browser.get(page)
    assert again.status_code == 400
    assert (
        "state: no install was started for this channel (or it finished)" in again.content.decode()
    )
