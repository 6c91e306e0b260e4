"""Publish listings through the API and the CLI: the mapping template read (defaults) and
replaced, refusals naming the row, a season chosen per run, the preview."""

from __future__ import annotations

from typing import Any

import pytest

from stockbridge.cli.main import main
from stockbridge.sync.models import RunItem
from tests.channels.publishing import channel_for, jacket, season
from tests.support.shopify_stores import Stores

pytestmark = pytest.mark.django_db(transaction=True)


def test_the_template_is_read_with_its_defaults_and_replaced_by_api(
    api: Any, stores: Stores
) -> None:
    channel = channel_for(stores.add("tmpl"))

    shown = api.get(f"/api/v1/channels/{channel.pk}/publish/template").json()

    assert shown["mapping"][0] == {
        "source": "title",
        "target": "product.title",
        "enabled": True,
        "transforms": [],
    }
    assert len(shown["mapping"]) == 14
    assert shown["transforms"] == ["truncate", "prefix", "map"]

    rows = [
        {
            "source": "title",
            "target": "product.title",
            "transforms": [{"kind": "prefix", "text": "New: "}],
        },
        {"source": "sku", "target": "variant.sku"},
    ]
    rules = [{"category": "Live Animals", "taxonomy": "gid://shopify/TaxonomyCategory/ap-1"}]
    replaced = api.put(
        f"/api/v1/channels/{channel.pk}/publish/template",
        {"mapping": rows, "category_rules": rules},
    )

    assert replaced.status_code == 200
    assert replaced.json()["mapping"] == [
        {
            "source": "title",
            "target": "product.title",
            "enabled": True,
            "transforms": [{"kind": "prefix", "text": "New: "}],
        },
        {"source": "sku", "target": "variant.sku", "enabled": True, "transforms": []},
    ]
    assert replaced.json()["category_rules"] == rules

    refused = api.put(
        f"/api/v1/channels/{channel.pk}/publish/template",
        {"mapping": [{"source": "sku", "target": "product.title"}]},
    )

    assert refused.status_code == 400
    [error] = refused.json()["errors"]
    assert error["field"] == "settings.mapping.0.source"
    assert error["reason"].startswith("'sku' is not a product field (known: title, ")
    unknown = api.put(
        f"/api/v1/channels/{channel.pk}/publish/template",
        {"mapping": [{"source": "title", "target": "product.colour"}]},
    )
    assert unknown.status_code == 400
    assert unknown.json()["errors"][0]["field"] == "mapping[0].target"
    assert (
        api.get(f"/api/v1/channels/{channel.pk}/publish/template").json()["mapping"]
        == (replaced.json()["mapping"])
    )


def test_a_run_by_api_publishes_the_season_it_names(api: Any, stores: Stores) -> None:
    store = stores.add("apirun")
    season("SS27")
    season("AW27")
    jacket("summer-coat", season_name="SS27")
    winter = jacket("winter-coat", season_name="AW27")
    channel = channel_for(store)

    preview = api.post(
        f"/api/v1/channels/{channel.pk}/operations/publish_listings/run",
        {"dry_run": True, "season": "AW27"},
    )

    assert preview.status_code == 201
    assert (preview.json()["dry_run"], preview.json()["counts"]) == (True, {"created": 1})
    assert list(RunItem.objects.values_list("ref", flat=True)) == [f"product:{winter.pk}"]
    assert store.app.store.all("Product") == []

    refused = api.post(
        f"/api/v1/channels/{channel.pk}/operations/sync_listings/run", {"season": "AW27"}
    )
    assert (refused.status_code, refused.json()["errors"][0]["field"]) == (400, "season")
    unknown = api.post(
        f"/api/v1/channels/{channel.pk}/operations/publish_listings/run", {"season": "XX"}
    )
    assert (unknown.status_code, unknown.json()["errors"][0]["reason"]) == (
        404,
        "no season named 'XX'",
    )


def test_the_cli_sets_the_template_and_pushes_a_season(
    capsys: pytest.CaptureFixture[str], stores: Stores
) -> None:
    store = stores.add("clirun")
    season("SS27")
    jacket()
    channel = channel_for(store)
    rows = '[{"source": "title", "target": "product.title", "enabled": true}, ' + (
        '{"source": "sku", "target": "variant.sku"}]'
    )

    assert main(["publish", "template", channel.name, "--mapping", rows]) == 0
    assert capsys.readouterr().out == "on  title -> product.title\non  sku -> variant.sku\n"
    assert main(["publish", "template", channel.name, "--mapping", "[{"]) == 2
    assert "mapping: is not JSON" in capsys.readouterr().err

    assert main(["publish", "run", channel.name, "--season", "SS27", "--dry-run"]) == 0
    assert "publish_listings (dry run) ok: created 1" in capsys.readouterr().out
    assert main(["publish", "run", channel.name, "--season", "SS27"]) == 0
    assert "publish_listings ok: created 1" in capsys.readouterr().out
    assert [p["title"] for p in store.app.store.all("Product")] == ["Harbour Jacket"]
