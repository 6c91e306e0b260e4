"""Connecting a Shopify store end to end against sandbox stores: by access token (custom
app) and by OAuth install; test connection; a revoked token disconnects; locations; settings."""

from __future__ import annotations

from datetime import time, timedelta
from urllib.parse import parse_qsl, urlsplit

import pytest

from stockbridge.channels import services
from stockbridge.channels.access import credentials_of
from stockbridge.channels.models import Channel, LocationMapping, OperationSettings
from stockbridge.inventory.models import Location
from stockbridge.platform import clock
from stockbridge.platform.errors import Conflict, FieldError
from stockbridge_sandboxes.shopify.oauth import DEMO_CLIENT_ID, DEMO_CLIENT_SECRET
from tests.support.shopify_stores import Store, Stores
from tests.support.shops import grant, seed_shop

pytestmark = pytest.mark.django_db

REDIRECT = "http://localhost:8000/auth/callback"


def add(store: Store, name: str = "Moor") -> Channel:
    return services.add_channel(
        kind="shopify", name=name, domain=store.domain, base_url=store.base_url
    )


def connected(stores: Stores, name: str = "shop-a", scopes: str | None = None) -> Channel:
    store = stores.add(name)
    seed_shop(store)
    token = grant(store, f"shpat_{name}_custom", *([scopes] if scopes else []))
    return services.connect_with_token(channel=add(store, name=name), token=token)


def test_a_channel_is_added_pending_with_the_default_operations() -> None:
    channel = services.add_channel(
        kind="shopify", name=" Moor ", domain="Moor-Outfitters.myshopify.com"
    )
    assert (channel.name, channel.domain, channel.base_url, channel.status) == (
        "Moor",
        "moor-outfitters.myshopify.com",
        "https://moor-outfitters.myshopify.com",
        "pending",
    )
    rows = OperationSettings.objects.filter(channel=channel).order_by("operation")
    assert [(r.operation, r.enabled, r.schedule, r.daily_at) for r in rows] == [
        ("import_listings", True, "off", None),
        ("reconcile", True, "daily", time(3, 0)),
        ("sync_listings", True, "off", None),
    ]


def test_a_store_url_is_accepted_as_the_domain() -> None:
    channel = services.add_channel(kind="shopify", name="M", domain="https://moor.myshopify.com/")
    assert channel.domain == "moor.myshopify.com"


@pytest.mark.parametrize(
    ("kwargs", "field", "reason"),
    [
        (
            {"kind": "etsy"},
            "kind",
            "unknown channel kind 'etsy' (known: bigcommerce, shopify, wholesale, woocommerce)",
        ),
        ({"name": "  "}, "name", "is required"),
        (
            {"domain": "moor.example.com"},
            "domain",
            "'moor.example.com' is not a Shopify store domain (like your-store.myshopify.com)",
        ),
        (
            {"base_url": "https://evil.example.com"},
            "base_url",
            "must be the store's own URL (https://moor.myshopify.com) or a loopback/.test sandbox",
        ),
        (
            {"base_url": "http://moor.myshopify.com"},
            "base_url",
            "must be the store's own URL (https://moor.myshopify.com) or a loopback/.test sandbox",
        ),
        (
            {"base_url": "https://moor.myshopify.com/admin"},
            "base_url",
            "must be a scheme, host and optional port, nothing more",
        ),
        (
            {"base_url": "ftp://127.0.0.1"},
            "base_url",
            "must be an http(s) URL like https://shop.myshopify.com",
        ),
    ],
)
def test_a_bad_channel_is_refused_naming_the_field(
    kwargs: dict[str, str], field: str, reason: str
) -> None:
    values = {"kind": "shopify", "name": "Moor", "domain": "moor.myshopify.com", **kwargs}
    with pytest.raises(FieldError) as refused:
        services.add_channel(**values)
    assert (refused.value.field, refused.value.reason) == (field, reason)
    assert Channel.objects.count() == 0


def test_a_sandbox_base_url_needs_the_setting(settings: object) -> None:
    settings.STOCKBRIDGE_ALLOW_SANDBOX_CHANNELS = False  # type: ignore[attr-defined]
    with pytest.raises(FieldError) as refused:
        services.add_channel(
            kind="shopify", name="M", domain="m.myshopify.com", base_url="http://127.0.0.1:8765"
        )
    assert refused.value.reason == (
        "sandbox base URLs are off: set STOCKBRIDGE_ALLOW_SANDBOX_CHANNELS=1 to use one"
    )
    settings.STOCKBRIDGE_ALLOW_SANDBOX_CHANNELS = True  # type: ignore[attr-defined]
    channel = services.add_channel(
        kind="shopify", name="M", domain="m.myshopify.com", base_url="http://127.0.0.1:8765/"
    )
    assert channel.base_url == "http://127.0.0.1:8765"


def test_a_name_or_store_is_added_once() -> None:
    services.add_channel(kind="shopify", name="Moor", domain="moor.myshopify.com")
    with pytest.raises(Conflict) as name:
        services.add_channel(kind="shopify", name="Moor", domain="other.myshopify.com")
    with pytest.raises(Conflict) as domain:
        services.add_channel(kind="shopify", name="Other", domain="moor.myshopify.com")
    assert (name.value.field, name.value.reason) == (
        "name",
        "a channel named 'Moor' already exists",
    )
    assert (domain.value.field, domain.value.reason) == (
        "domain",
        "moor.myshopify.com is already the channel 'Moor'",
    )


def test_connect_with_a_token_records_the_shop_and_keeps_the_token_encrypted(
    stores: Stores,
) -> None:
    store = stores.add("shop-a")
    seed_shop(store, name="Moor Outfitters", currency="GBP", plan="Grow")
    token = grant(store, "shpat_custom_app", "read_products,write_inventory,read_locations")
    channel = services.connect_with_token(channel=add(store), token=f"  {token} ")
    channel.refresh_from_db()
    assert (
        channel.status,
        channel.status_reason,
        channel.shop_name,
        channel.plan,
        channel.currency,
    ) == (
        "connected",
        "",
        "Moor Outfitters",
        "Grow",
        "GBP",
    )
    assert channel.scopes == [
        "read_inventory",
        "read_locations",
        "read_products",
        "write_inventory",
    ]
    assert "shpat_custom_app" not in channel.credentials
    assert credentials_of(channel).access_token == "shpat_custom_app"
    assert channel.token_expires_at is None


def test_a_token_the_store_refuses_leaves_the_channel_pending(stores: Stores) -> None:
    store = stores.add("shop-a")
    channel = add(store)
    with pytest.raises(FieldError) as refused:
        services.connect_with_token(channel=channel, token="shpat_wrong")
    assert (refused.value.field, refused.value.reason) == (
        "token",
        "Shopify refused the access token (revoked, expired or app uninstalled)",
    )
    channel.refresh_from_db()
    assert (channel.status, channel.credentials) == ("pending", "")


def test_a_token_of_another_store_is_refused(stores: Stores) -> None:
    other = stores.add("shop-b")
    seed_shop(other)
    channel = services.add_channel(
        kind="shopify", name="Moor", domain="shop-a.myshopify.com", base_url=other.base_url
    )
    with pytest.raises(FieldError) as refused:
        services.connect_with_token(channel=channel, token=other.token)
    assert refused.value.reason == (
        "the credentials belong to shop-b.myshopify.com, not shop-a.myshopify.com"
    )


def test_connect_by_oauth_install(stores: Stores, settings: object) -> None:
    settings.STOCKBRIDGE_SHOPIFY_CLIENT_ID = DEMO_CLIENT_ID  # type: ignore[attr-defined]
    settings.STOCKBRIDGE_SHOPIFY_CLIENT_SECRET = DEMO_CLIENT_SECRET  # type: ignore[attr-defined]
    store = stores.add("shop-a")
    seed_shop(store, name="Moor Outfitters", currency="GBP", plan="Grow")
    channel = add(store)
    url = services.begin_install(channel=channel, redirect_uri=REDIRECT)
    channel.refresh_from_db()
    query = dict(parse_qsl(urlsplit(url).query))
    assert url.startswith("http://shop-a.sandbox.test/admin/oauth/authorize?")
    assert query == {
        "client_id": "sandbox-client-id",
        "scope": "read_customers,read_inventory,read_locations,read_orders,read_products,"
        "write_inventory,write_merchant_managed_fulfillment_orders,write_orders,write_products",
        "redirect_uri": REDIRECT,
        "state": channel.install_state,
    }
    assert len(channel.install_state) == 43
    with store.http() as http:
        callback = http.get(url + "&approve=1").headers["Location"]
    params = dict(parse_qsl(urlsplit(callback).query))
    services.complete_install(channel=channel, params=params)
    channel.refresh_from_db()
    assert (
        channel.status,
        channel.shop_name,
        channel.plan,
        channel.currency,
        channel.install_state,
    ) == (
        "connected",
        "Moor Outfitters",
        "Grow",
        "GBP",
        "",
    )
    assert credentials_of(channel).access_token in store.app.credentials.tokens
    # the state is used once: the same callback again is refused
    with pytest.raises(FieldError) as replayed:
        services.complete_install(channel=channel, params=params)
    assert (replayed.value.field, replayed.value.reason) == (
        "state",
        "no install was started for this channel (or it finished)",
    )


def test_oauth_needs_the_app_configured(stores: Stores, settings: object) -> None:
    settings.STOCKBRIDGE_SHOPIFY_CLIENT_ID = ""  # type: ignore[attr-defined]
    channel = add(stores.add("shop-a"))
    with pytest.raises(FieldError) as refused:
        services.begin_install(channel=channel, redirect_uri=REDIRECT)
    assert refused.value.field == "oauth"


def test_a_forged_callback_does_not_connect(stores: Stores, settings: object) -> None:
    settings.STOCKBRIDGE_SHOPIFY_CLIENT_ID = DEMO_CLIENT_ID  # type: ignore[attr-defined]
    settings.STOCKBRIDGE_SHOPIFY_CLIENT_SECRET = DEMO_CLIENT_SECRET  # type: ignore[attr-defined]
    store = stores.add("shop-a")
    channel = add(store)
    url = services.begin_install(channel=channel, redirect_uri=REDIRECT)
    with store.http() as http:
        callback = http.get(url + "&approve=1").headers["Location"]
    params = {**dict(parse_qsl(urlsplit(callback).query)), "code": "stolen"}
    with pytest.raises(FieldError) as refused:
        services.complete_install(channel=channel, params=params)
    assert refused.value.field == "hmac"
    channel.refresh_from_db()
    assert channel.status == "pending"


def test_test_connection_reports_the_shop_and_the_scopes_enabled_operations_lack(
    stores: Stores,
) -> None:
    channel = connected(stores, scopes="read_products,write_inventory")
    report = services.test_connection(channel=channel)
    assert (report.shop_name, report.domain, report.plan, report.currency) == (
        "Moor Outfitters",
        "shop-a.myshopify.com",
        "Grow",
        "GBP",
    )
    assert report.scopes == ("read_inventory", "read_products", "write_inventory")
    assert dict(report.missing_by_operation) == {
        "import_listings": ("read_locations",),
        "reconcile": ("read_locations",),
        "sync_listings": ("read_locations",),
    }
    assert report.missing_scopes == ("read_locations",)
    services.set_operation(channel=channel, operation="reconcile", enabled=False)
    services.set_operation(channel=channel, operation="get_orders", enabled=True)
    report = services.test_connection(channel=channel)
    assert dict(report.missing_by_operation) == {
        "get_orders": ("read_customers", "read_orders"),
        "import_listings": ("read_locations",),
        "sync_listings": ("read_locations",),
    }


def test_a_revoked_token_disconnects_the_channel_saying_why(stores: Stores) -> None:
    channel = connected(stores)
    stores.by_url["http://shop-a.sandbox.test"].control(
        "tokens/revoke", {"token": "shpat_shop-a_custom"}
    )
    with pytest.raises(FieldError) as refused:
        services.test_connection(channel=channel)
    assert (refused.value.field, refused.value.reason) == (
        "token",
        "Shopify refused the access token (revoked, expired or app uninstalled); "
        "the channel is now disconnected",
    )
    channel.refresh_from_db()
    assert (channel.status, channel.status_reason) == (
        "disconnected",
        "Shopify refused the access token (revoked, expired or app uninstalled)",
    )


def test_disconnect_forgets_the_credentials(stores: Stores) -> None:
    channel = services.disconnect(channel=connected(stores), reason="store closed for winter")
    channel.refresh_from_db()
    assert (channel.status, channel.status_reason, channel.credentials) == (
        "disconnected",
        "store closed for winter",
        "",
    )
    with pytest.raises(FieldError) as refused:
        services.disconnect(channel=channel, reason=" ")
    assert (refused.value.field, refused.value.reason) == ("reason", "is required")


def test_an_expiring_token_whose_refresh_is_refused_disconnects(
    stores: Stores, settings: object
) -> None:
    settings.STOCKBRIDGE_SHOPIFY_CLIENT_ID = DEMO_CLIENT_ID  # type: ignore[attr-defined]
    settings.STOCKBRIDGE_SHOPIFY_CLIENT_SECRET = DEMO_CLIENT_SECRET  # type: ignore[attr-defined]
    channel = connected(stores)
    from stockbridge.channels.access import seal
    from stockbridge.channels.port import Credentials

    soon = clock.now() + timedelta(minutes=9)
    Channel.objects.filter(pk=channel.pk).update(
        token_expires_at=soon,
        credentials=seal(
            Credentials(
                access_token="shpat_shop-a_custom", expires_at=soon, refresh_token="shprt_gone"
            )
        ),
    )
    later = Channel.objects.create(
        kind="shopify",
        name="Later",
        domain="later.myshopify.com",
        base_url="https://later.myshopify.com",
        status="connected",
        token_expires_at=clock.now() + timedelta(minutes=11),
        created_at=clock.now(),
    )
    assert services.refresh_expiring_tokens() == {"refreshed": 0, "failed": 1}
    channel.refresh_from_db()
    later.refresh_from_db()
    assert channel.status == "disconnected"
    assert channel.status_reason.startswith("Shopify refused to refresh the token: ")
    assert later.status == "connected"


def test_locations_are_mapped_to_the_stores_own(stores: Stores) -> None:
    channel = connected(stores)
    stores.by_url["http://shop-a.sandbox.test"].control("seed", {"sample": True})
    warehouse = Location.objects.create(
        name="Leeds", code="LDS", created_at=clock.now(), updated_at=clock.now()
    )
    mapping = services.map_location(
        channel=channel, location=warehouse.pk, remote_location_id="gid://shopify/Location/1"
    )
    assert (mapping.remote_location_id, mapping.remote_name) == (
        "gid://shopify/Location/1",
        "Stockbridge Warehouse",
    )
    services.map_location(
        channel=channel, location=warehouse.pk, remote_location_id="gid://shopify/Location/2"
    )
    assert list(LocationMapping.objects.values_list("remote_location_id", "remote_name")) == [
        ("gid://shopify/Location/2", "High Street Shop")
    ]
    with pytest.raises(FieldError) as refused:
        services.map_location(
            channel=channel, location=warehouse.pk, remote_location_id="gid://shopify/Location/9"
        )
    assert (refused.value.field, refused.value.reason) == (
        "remote_location_id",
        "the store has no location gid://shopify/Location/9 (known: gid://shopify/Location/2 "
        "(High Street Shop), gid://shopify/Location/1 (Stockbridge Warehouse))",
    )


def test_operation_schedules_are_validated(stores: Stores) -> None:
    channel = services.add_channel(kind="shopify", name="M", domain="m.myshopify.com")
    row = services.set_operation(
        channel=channel, operation="sync_listings", schedule="every", every_minutes=15
    )
    assert (row.schedule, row.every_minutes, row.daily_at, row.next_run_at) == (
        "every",
        15,
        None,
        None,
    )
    row = services.set_operation(
        channel=channel, operation="sync_listings", schedule="daily", daily_at="6:30"
    )
    assert (row.schedule, row.every_minutes, row.daily_at) == ("daily", None, time(6, 30))
    cases = [
        (
            {"operation": "ship_it"},
            "operation",
            "'ship_it' is not one of: get_orders, import_listings, publish_listings, reconcile, sync_listings, sync_orders",
        ),
        ({"schedule": "weekly"}, "schedule", "'weekly' is not one of: off, every, hourly, daily"),
        ({"schedule": "every", "every_minutes": 0}, "every_minutes", "must be from 1 to 10080"),
        (
            {"schedule": "daily", "daily_at": "25:00"},
            "daily_at",
            "must be a time HH:MM (UTC), got '25:00'",
        ),
        (
            {"settings": {"anything": 1}, "operation": "reconcile"},
            "settings",
            "reconcile takes no settings (got anything)",
        ),
    ]
    for change, field, reason in cases:
        values = {"operation": "sync_listings", **change}
        with pytest.raises(FieldError) as refused:
            services.set_operation(channel=channel, **values)
        assert (refused.value.field, refused.value.reason) == (field, reason)
    row.refresh_from_db()
    assert (row.schedule, row.daily_at) == ("daily", time(6, 30))


def test_an_oauth_token_expires_and_is_refreshed_ten_minutes_ahead(
    stores: Stores, settings: object
) -> None:
    """Shopify's expiring offline tokens (API-NOTES §2.9): the exchange with expiring=1 gives
    an hour's token and a refresh token; the refresh tick renews it 10 minutes ahead."""
    settings.STOCKBRIDGE_SHOPIFY_CLIENT_ID = DEMO_CLIENT_ID  # type: ignore[attr-defined]
    settings.STOCKBRIDGE_SHOPIFY_CLIENT_SECRET = DEMO_CLIENT_SECRET  # type: ignore[attr-defined]
    frozen = clock.FrozenClock(clock.now().replace(microsecond=0))
    previous = clock.install(frozen)
    try:
        store = stores.add("shop-a")
        seed_shop(store)
        channel = add(store)
        url = services.begin_install(channel=channel, redirect_uri=REDIRECT)
        with store.http() as http:
            callback = http.get(url + "&approve=1").headers["Location"]
        services.complete_install(channel=channel, params=dict(parse_qsl(urlsplit(callback).query)))
        channel.refresh_from_db()
        installed = frozen.now()
        first = credentials_of(channel)
        assert channel.token_expires_at == installed + timedelta(hours=1)
        assert first.refresh_token
        frozen.advance(minutes=49)
        assert services.refresh_expiring_tokens() == {"refreshed": 0, "failed": 0}
        frozen.advance(minutes=2)
        assert services.refresh_expiring_tokens() == {"refreshed": 1, "failed": 0}
        channel.refresh_from_db()
        assert channel.token_expires_at == frozen.now() + timedelta(hours=1)
        assert credentials_of(channel).access_token != first.access_token
        assert services.test_connection(channel=channel).shop_name == "Moor Outfitters"
    finally:
        clock.install(previous)
