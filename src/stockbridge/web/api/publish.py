"""The mapping template of "Publish listings": read the channel's template as it applies
(defaults included) and replace it (rows and category rules), validated whole by the
publish settings. Running a publish (optionally for one season) is `POST
/channels/{id}/operations/publish_listings/run` (`runs.py`)."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from django.http import HttpRequest
from ninja import Field, Router, Schema

from stockbridge.channels import queries, services
from stockbridge.channels.port import Operation
from stockbridge.channels.publish_mapping import (
    PRODUCT_SOURCES,
    TARGETS,
    TRANSFORMS,
    VARIANT_SOURCES,
)
from stockbridge.channels.publish_settings import PublishSettings
from stockbridge.platform.errors import NotFound

from .inputs import Id, NonBlank, StrictIn, Text

router = Router(tags=["channels"])

OPERATION = Operation.PUBLISH_LISTINGS.value


SOURCE = (
    r"^("
    + "|".join((*PRODUCT_SOURCES, *VARIANT_SOURCES))
    + r"|custom_fields\.[A-Za-z0-9_.-]{1,200})$"
)
TARGET = (
    r"^("
    + "|".join(t.replace(".", "\\.") for t in TARGETS)
    + (r"|(product|variant)\.metafield\.[A-Za-z0-9_-]{2,64})$")
)


class TruncateIn(StrictIn):
    kind: Literal["truncate"]
    length: Annotated[int, Field(ge=1, le=65535)]


class PrefixIn(StrictIn):
    kind: Literal["prefix"]
    text: NonBlank


class MapIn(StrictIn):
    kind: Literal["map"]
    values: Annotated[dict[Annotated[str, Field(max_length=255)], Text], Field(min_length=1)]


TransformIn = Annotated[TruncateIn | PrefixIn | MapIn, Field(discriminator="kind")]


class RowIn(StrictIn):
    """One row: a hub field (`source`) -> a channel field (`target`); a product target takes
    a product field, a variant target a variant field; transforms apply to text targets."""

    source: Annotated[str, Field(pattern=SOURCE, max_length=255)]
    target: Annotated[str, Field(pattern=TARGET, max_length=255)]
    enabled: bool = True
    transforms: Annotated[list[TransformIn], Field(max_length=10)] = []


class RuleIn(StrictIn):
    category: NonBlank
    taxonomy: NonBlank


class TemplateIn(StrictIn):
    mapping: Annotated[list[RowIn], Field(max_length=100)] | None = None
    category_rules: Annotated[list[RuleIn], Field(max_length=1000)] | None = None


class TemplateOut(Schema):
    mapping: list[dict[str, Any]]
    category_rules: list[dict[str, str]]
    product_sources: list[str]
    variant_sources: list[str]
    targets: list[str]
    transforms: list[str]


def _template(channel_id: int) -> dict[str, Any]:
    channel = queries.channel(channel_id)
    try:
        stored: dict[str, Any] | None = queries.operation(channel, OPERATION).settings
    except NotFound:
        stored = None
    current = PublishSettings.from_dict(stored).as_dict()
    return {
        "mapping": current["mapping"],
        "category_rules": current["category_rules"],
        "product_sources": [*PRODUCT_SOURCES, "custom_fields.<key>"],
        "variant_sources": list(VARIANT_SOURCES),
        "targets": [*TARGETS, "product.metafield.<key>", "variant.metafield.<key>"],
        "transforms": list(TRANSFORMS),
    }


@router.get("/channels/{channel_id}/publish/template", response=TemplateOut)
def get_template(request: HttpRequest, channel_id: Id) -> dict[str, Any]:
    """The channel's publish mapping template as it applies (the defaults until changed),
    its category rules, and the field names a row may use."""
    return _template(channel_id)


@router.put("/channels/{channel_id}/publish/template", response=TemplateOut)
def put_template(request: HttpRequest, channel_id: Id, payload: TemplateIn) -> dict[str, Any]:
    """Replace the template's rows (`mapping`) and/or its `category_rules`; validated whole
    (400 naming `settings.mapping.<row>.<key>`), nothing stored on a refusal."""
    changes = payload.model_dump(exclude_unset=True)
    services.set_operation(
        channel=queries.channel(channel_id), operation=OPERATION, settings=changes
    )
    return _template(channel_id)
