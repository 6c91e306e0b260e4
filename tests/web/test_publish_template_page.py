"""The publish mapping template editor of the back office: the template as it applies
(defaults), rows edited, added and removed with transforms and category rules, and each
invalid row's error shown at its own field with nothing stored."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.test import Client

from stockbridge.channels.models import Channel, OperationSettings
from stockbridge.platform import clock

pytestmark = pytest.mark.django_db


@pytest.fixture
def channel() -> Channel:
    return Channel.objects.create(
        kind="shopify",
        name="Quay",
        domain="quay.myshopify.com",
        status="connected",
        currency="USD",
        created_at=clock.now(),
    )


def _url(channel: Channel) -> str:
    return f"/channels/{channel.pk}/operations/publish_listings/template"


def _stored(channel: Channel) -> dict[str, Any]:
    row = OperationSettings.objects.filter(channel=channel, operation="publish_listings").first()
    return dict(row.settings) if row else {}


def _rows(*rows: tuple[str, str, bool, str]) -> dict[str, Any]:
    data: dict[str, Any] = {}
    for n, (source, target, enabled, transforms) in enumerate(rows):
        data[f"row-{n}-source"] = source
        data[f"row-{n}-target"] = target
        if enabled:
            data[f"row-{n}-enabled"] = "on"
        data[f"row-{n}-transforms"] = transforms
    return data


def test_the_editor_shows_the_defaults_and_saves_rows_and_rules(
    staff: Client, channel: Channel
) -> None:
    page = staff.get(_url(channel)).content.decode()

    assert 'name="row-0-source" value="title"' in page
    assert 'name="row-0-target" value="product.title"' in page
    assert 'name="row-16-source"' in page  # 14 default rows and 3 blank ones
    assert 'name="row-17-source"' not in page
    data = _rows(
        ("title", "product.title", True, '[{"kind": "prefix", "text": "Quay "}]'),
        ("brand", "product.vendor", False, ""),
        ("sku", "variant.sku", True, ""),
        ("", "", False, ""),  # an emptied row is removed
        ("custom_fields.fit", "variant.metafield.fit", True, ""),
    )
    data["rules"] = "Live Animals -> gid://shopify/TaxonomyCategory/ap-1\n"

    response = staff.post(_url(channel), data)

    assert (response.status_code, response.headers["Location"]) == (302, _url(channel))
    assert _stored(channel) == {
        "mapping": [
            {
                "source": "title",
                "target": "product.title",
                "enabled": True,
                "transforms": [{"kind": "prefix", "text": "Quay "}],
            },
            {"source": "brand", "target": "product.vendor", "enabled": False, "transforms": []},
            {"source": "sku", "target": "variant.sku", "enabled": True, "transforms": []},
            {
                "source": "custom_fields.fit",
                "target": "variant.metafield.fit",
                "enabled": True,
                "transforms": [],
            },
        ],
        "category_rules": [
            {"category": "Live Animals", "taxonomy": "gid://shopify/TaxonomyCategory/ap-1"}
        ],
    }
    again = staff.get(_url(channel)).content.decode()
    assert "Live Animals -&gt; gid://shopify/TaxonomyCategory/ap-1" in again
    assert 'name="row-4-source"' in again and 'name="row-7-source"' not in again


def test_each_invalid_row_shows_its_error_at_its_field_and_nothing_is_stored(
    staff: Client, channel: Channel
) -> None:
    data = _rows(
        ("title", "product.title", True, ""),
        ("title", "product.colour", True, ""),
        ("description_html", "product.description_html", True, "[{not json"),
        ("price", "variant.price", True, '[{"kind": "truncate", "length": 5}]'),
        ("sku", "product.title", True, ""),
    )
    data["rules"] = "Live Animals gid://shopify/TaxonomyCategory/ap-1"

    response = staff.post(_url(channel), data)

    page = response.content.decode()
    assert response.status_code == 400
    errors = _errors(page)
    assert sorted(errors) == [
        "row-1-target",
        "row-2-transforms",
        "row-3-transforms",
        "row-4-source",
        "rules",
    ]
    assert errors["row-1-target"].startswith("&#x27;product.colour&#x27; is not one of")
    assert errors["row-2-transforms"] == "must be JSON: a list of transforms"
    assert errors["row-3-transforms"] == "variant.price takes no transforms (not a text)"
    assert errors["row-4-source"].startswith("&#x27;sku&#x27; is not a product field")
    assert errors["rules"] == "line 1: write it &quot;Category -&gt; taxonomy id&quot;"
    assert _stored(channel) == {}


def test_the_operation_page_leaves_the_template_to_its_editor(
    staff: Client, channel: Channel
) -> None:
    staff.post(_url(channel), {**_rows(("sku", "variant.sku", True, "")), "rules": ""})
    url = f"/channels/{channel.pk}/operations/publish_listings/"

    page = staff.get(url).content.decode()
    settings = {"long_title": "truncate", "metafield_namespace": "custom"}
    settings |= {"extra_attributes": "metafields", "bulk_threshold": "100"}
    response = staff.post(url, {"enabled": "on", "schedule": "off", **settings})

    assert "Edit the mapping template and category rules" in page
    assert 'name="mapping"' not in page
    assert response.status_code == 302
    stored = _stored(channel)
    assert (stored["long_title"], stored["mapping"]) == (
        "truncate",
        [{"source": "sku", "target": "variant.sku", "enabled": True, "transforms": []}],
    )


def _errors(page: str) -> dict[str, str]:
    """{field name: its first error} of the fields the page shows errors at."""
    return dict(re.findall(r'id="id_([\w-]+)_error"><li>([^<]*)</li>', page))
