"""`stockbridge channel webhooks NAME --url URL` subscribes a connected store to this hub's
webhook endpoint (in-process against a sandbox store)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from stockbridge.channels.models import Channel
from stockbridge.cli.main import main
from tests.support.shopify_stores import Store, Stores, routed_stores
from tests.support.shops import grant, seed_shop

pytestmark = pytest.mark.django_db


@pytest.fixture
def stores() -> Iterator[Stores]:
    yield from routed_stores()


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def connected(capsys: pytest.CaptureFixture[str], stores: Stores, *extra: str) -> Store:
    """A store added as channel "Moor" and connected by token from the CLI."""
    store = stores.add("shop-a")
    seed_shop(store)
    token = grant(store, "shpat_cli", "read_products,write_inventory,read_locations")
    main(["channel", "add", "shopify", "--name", "Moor", "--domain", store.domain,
          "--base-url", store.base_url])  # fmt: skip
    code, _, _ = run(capsys, "channel", "connect", "Moor", "--token", token, *extra)
    assert code == 0
    return store


def test_webhooks_subscribes_app_uninstalled_at_the_hub(
    capsys: pytest.CaptureFixture[str], stores: Stores
) -> None:
    store = connected(capsys, stores, "--webhook-secret", "shh")
    pk = Channel.objects.get(name="Moor").pk

    code, out, _ = run(capsys, "channel", "webhooks", "Moor", "--url", "https://hub.example.com")

    assert (code, out) == (
        0,
        f"Moor delivers to https://hub.example.com/webhooks/{pk}\napp/uninstalled: subscribed\n",
    )
    nodes = store.gql("{ webhookSubscriptions(first: 5) { nodes { topic uri } } }")
    assert nodes["webhookSubscriptions"]["nodes"] == [
        {"topic": "APP_UNINSTALLED", "uri": f"https://hub.example.com/webhooks/{pk}"}
    ]


def test_webhooks_refuses_a_url_that_is_not_absolute(
    capsys: pytest.CaptureFixture[str], stores: Stores
) -> None:
    store = stores.add("shop-a")
    main(["channel", "add", "shopify", "--name", "Moor", "--domain", store.domain,
          "--base-url", store.base_url])  # fmt: skip
    capsys.readouterr()
    code, _, err = run(capsys, "channel", "webhooks", "Moor", "--url", "hub.example.com")
    assert (code, err) == (
        2,
        "stockbridge: url: must be an absolute http(s) URL without query or fragment\n",
    )
    code, _, err = run(capsys, "channel", "webhooks", "Moor", "--url", "https://hub.example.com")
    assert (code, err) == (2, "stockbridge: channel: Moor is not connected\n")


def test_webhooks_without_a_url_or_public_url_says_why_nothing_is_subscribed(
    capsys: pytest.CaptureFixture[str], stores: Stores
) -> None:
    store = connected(capsys, stores)

    code, out, err = run(capsys, "channel", "webhooks", "Moor")

    assert (code, out) == (1, "")
    assert err == (
        "Moor: webhooks are not subscribed: STOCKBRIDGE_PUBLIC_URL is not set, so the store "
        "has no address to send its events to (an uninstall is only noticed at the next "
        "call). Set STOCKBRIDGE_PUBLIC_URL to where the store reaches this hub (e.g. "
        "https://hub.example.com) and connect again, or run `stockbridge channel webhooks "
        "Moor --url https://hub.example.com`\n"
    )
    assert store.gql("{ webhookSubscriptions(first: 5) { nodes { topic } } }") == {
        "webhookSubscriptions": {"nodes": []}
    }


def test_webhooks_defaults_to_the_public_url(
    capsys: pytest.CaptureFixture[str], stores: Stores, settings: object
) -> None:
    connected(capsys, stores)  # no public URL yet
    settings.STOCKBRIDGE_PUBLIC_URL = "https://hub.example.com"  # type: ignore[attr-defined]
    pk = Channel.objects.get(name="Moor").pk

    code, out, _ = run(capsys, "channel", "webhooks", "Moor")

    assert (code, out) == (
        0,
        f"Moor delivers to https://hub.example.com/webhooks/{pk}\napp/uninstalled: subscribed\n",
    )
