"""Resync through the API and the CLI: the pick list (filters, pages, whether the channel can
publish) and the picked products added as drafts, refusals naming the field."""

from __future__ import annotations

from typing import Any

import pytest

from stockbridge.channels import services
from stockbridge.cli.main import main
from tests.channels.publishing import channel_for, jacket, season
from tests.support.shopify_stores import Stores

pytestmark = pytest.mark.django_db(transaction=True)


def test_the_pick_list_and_add_as_drafts_by_api(api: Any, stores: Stores) -> None:
    season("SS27")
    first = jacket("deck-shoe", title="Deck Shoe", attributes=1)
    second = jacket("rain-hat", title="Rain Hat", attributes=1)
    channel = channel_for(stores.add("resync-api"))
    path = f"/api/v1/channels/{channel.pk}/resync"

    page = api.get(path, limit=1).json()

    assert page == {
        "items": [
            {
                "id": first.pk,
                "title": "Deck Shoe",
                "handle": "deck-shoe",
                "season": "SS27",
                "product_type": "Outerwear",
                "skus": ["DECK-SHOE-Moss", "DECK-SHOE-Navy"],
            }
        ],
        "next_cursor": f"i{first.pk}",
        "can_publish": True,
        "reason": "",
    }
    assert [p["handle"] for p in api.get(path, search="rain").json()["items"]] == ["rain-hat"]
    assert api.get(path, season="SS99").status_code == 404

    added = api.post(path, {"skus": ["RAIN-HAT-Navy"]})

    assert added.status_code == 201
    body = added.json()
    assert (body["run"]["operation"], body["run"]["counts"], body["already_listed"]) == (
        "publish_listings",
        {"created": 1},
        [],
    )
    assert [p["handle"] for p in api.get(path).json()["items"]] == ["deck-shoe"]
    again = api.post(path, {"product_ids": [second.pk]}).json()
    assert (again["run"]["counts"], again["already_listed"]) == ({}, [second.pk])
    refused = api.post(path, {"product_ids": [], "skus": []})
    assert refused.status_code == 400
    assert refused.json()["errors"][0]["field"] == "product_ids"


def test_a_channel_that_cannot_publish_says_so_by_api(api: Any) -> None:
    jacket("deck-shoe", season_name=None, attributes=1)
    woo = services.add_channel(kind="woocommerce", name="Woo", domain="woo.example.com")
    path = f"/api/v1/channels/{woo.pk}/resync"

    page = api.get(path).json()
    refused = api.post(path, {"skus": ["DECK-SHOE-Navy"]})

    assert (page["can_publish"], len(page["items"])) == (False, 1)
    assert page["reason"].startswith("WooCommerce cannot publish yet")
    assert refused.status_code == 400
    [error] = refused.json()["errors"]
    assert (error["field"], error["code"]) == ("channel", "unsupported")


def test_sync_resync_lists_and_picks_by_cli(
    capsys: pytest.CaptureFixture[str], stores: Stores
) -> None:
    season("SS27")
    first = jacket("deck-shoe", title="Deck Shoe", attributes=1)
    second = jacket("rain-hat", title="Rain Hat", attributes=1)
    channel = channel_for(stores.add("resync-cli"))

    assert main(["sync", "resync", channel.name, "--list", "--limit", "1"]) == 0
    assert capsys.readouterr().out == (
        f"{first.pk:>6}  deck-shoe  SS27  Outerwear  [DECK-SHOE-Moss, DECK-SHOE-Navy]\n"
        f"more: --after {first.pk}\n"
    )
    assert main(["sync", "resync", channel.name, "--pick", "RAIN-HAT-Moss", "NOPE"]) == 2
    assert capsys.readouterr().err == "stockbridge: skus: no variant with SKU NOPE\n"
    assert main(["sync", "resync", channel.name, "--pick", str(second.pk)]) == 0
    assert "publish_listings ok: created 1" in capsys.readouterr().out
    assert main(["sync", "resync", channel.name, "--pick", "RAIN-HAT-Moss"]) == 0
    out = capsys.readouterr().out
    assert out.endswith(
        f"publish_listings ok: no items\nalready on the channel (left out): {second.pk}\n"
    )
    assert main(["sync", "resync", channel.name]) == 0
    assert capsys.readouterr().out.startswith(f"{first.pk:>6}  deck-shoe")
