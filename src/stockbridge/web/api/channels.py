"""Channel endpoints: add a store, connect it (token or OAuth install URL), test it, its
remote locations and location mappings, and its operations' settings and schedules.
Credentials are write-only: no answer ever carries a token."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any

from django.http import HttpRequest
from django.urls import reverse
from ninja import Field, Router, Schema, Status

from stockbridge.channels import queries, services
from stockbridge.channels.models import ChannelStatus, ScheduleKind
from stockbridge.channels.port import Operation
from stockbridge.channels.registry import kinds
from stockbridge.inventory.models import Location
from stockbridge.platform.errors import NotFound

from .inputs import Id, JsonObject, NonBlank, OneOf, StrictIn, choices, non_blank, text
from .pagination import Cursor, Limit, Page, paginate

router = Router(tags=["channels"])

Token = Annotated[str, Field(min_length=1, max_length=255, pattern=r"^\S+$")]
Url = text(300)
# a store domain of one of the configured kinds (each kind checks its own in the service)
DOMAIN_PATTERN = (
    r"^\s*(https?://)?("
    + "|".join(k.domain_pattern.removeprefix("^").removesuffix("$") for k in kinds().values())
    + r")/?\s*$"
)
Reason = non_blank(500)
KindName = Annotated[str, OneOf(tuple(sorted(kinds())))]
BaseUrl = Annotated[str, Field(max_length=300, pattern=r"^\s*https?://[^/?#@\s\x00]+/?\s*$")]
OperationName = Annotated[str, choices(Operation)]
Minutes = Annotated[int, Field(ge=1, le=services.MAX_EVERY_MINUTES)]
TimeOfDay = Annotated[str, Field(pattern=r"^([01]?\d|2[0-3]):[0-5]\d$")]


class ChannelIn(StrictIn):
    kind: KindName
    name: Annotated[NonBlank, Field(max_length=120)]
    domain: Annotated[str, Field(max_length=255, pattern=DOMAIN_PATTERN)]
    # where requests go when not the store itself: a loopback or `.test` sandbox, allowed
    # only when STOCKBRIDGE_ALLOW_SANDBOX_CHANNELS is set
    base_url: BaseUrl | None = None


class TokenIn(StrictIn):
    token: Token


class InstallIn(StrictIn):
    # where the store sends the merchant back; default: this server's OAuth callback page
    redirect_uri: Url | None = None  # type: ignore[valid-type]


class DisconnectIn(StrictIn):
    reason: Reason  # type: ignore[valid-type]


class MappingIn(StrictIn):
    location_id: Id
    # may be left out for a kind with one stock figure per item (its one location)
    remote_location_id: Annotated[str, Field(max_length=255)] = ""


class OperationPatch(StrictIn):
    enabled: bool | None = None
    settings: JsonObject | None = None
    schedule: Annotated[str, choices(ScheduleKind)] | None = None
    every_minutes: Minutes | None = None
    daily_at: TimeOfDay | None = None


class ChannelOut(Schema):
    id: int
    kind: str
    name: str
    domain: str
    base_url: str
    status: Annotated[str, choices(ChannelStatus)]
    status_reason: str
    shop_name: str
    plan: str
    currency: str
    scopes: list[str]
    token_expires_at: datetime | None
    created_at: datetime
    connected_at: datetime | None


class ChannelPage(Page):
    items: list[ChannelOut]


class InstallOut(Schema):
    url: str


class ConnectionReportOut(Schema):
    shop_name: str
    domain: str
    plan: str
    currency: str
    scopes: list[str]
    missing_scopes: list[str]
    missing_by_operation: dict[str, list[str]]


class RemoteLocationOut(Schema):
    remote_id: str
    name: str
    active: bool


class MappingOut(Schema):
    location_id: int
    location_code: str
    remote_location_id: str
    remote_name: str


class OperationOut(Schema):
    operation: str
    enabled: bool
    settings: dict[str, Any]
    schedule: str
    every_minutes: int | None
    daily_at: str | None
    next_run_at: datetime | None
    last_run_at: datetime | None


def _operation_out(row: Any) -> dict[str, Any]:
    return {
        "operation": row.operation,
        "enabled": row.enabled,
        "settings": row.settings,
        "schedule": row.schedule,
        "every_minutes": row.every_minutes,
        "daily_at": row.daily_at.strftime("%H:%M") if row.daily_at else None,
        "next_run_at": row.next_run_at,
        "last_run_at": row.last_run_at,
    }


def _mapping_out(row: Any) -> dict[str, Any]:
    return {
        "location_id": row.location_id,
        "location_code": row.location.code,
        "remote_location_id": row.remote_location_id,
        "remote_name": row.remote_name,
    }


@router.get("/channels", response=ChannelPage)
def list_channels(
    request: HttpRequest, cursor: Cursor | None = None, limit: Limit = 50
) -> dict[str, Any]:
    return paginate(queries.channels(), cursor=cursor, limit=limit)


@router.post("/channels", response={201: ChannelOut})
def create_channel(request: HttpRequest, payload: ChannelIn) -> Status[Any]:
    """Add a store; it is `pending` until connected. `base_url` defaults to the store's URL."""
    return Status(201, services.add_channel(**payload.model_dump()))


@router.get("/channels/{channel_id}", response=ChannelOut)
def get_channel(request: HttpRequest, channel_id: Id) -> Any:
    return queries.channel(channel_id)


@router.post("/channels/{channel_id}/connect", response=ChannelOut)
def connect_with_token(request: HttpRequest, channel_id: Id, payload: TokenIn) -> Any:
    """Connect with a custom app's Admin API access token: tested at once, stored encrypted."""
    return services.connect_with_token(channel=queries.channel(channel_id), token=payload.token)


@router.post("/channels/{channel_id}/install", response=InstallOut)
def install_url(request: HttpRequest, channel_id: Id, payload: InstallIn) -> dict[str, str]:
    """The store's page where the merchant approves the app (OAuth). The store then sends
    the merchant to `redirect_uri`, by default this server's `/channels/<kind>/callback`."""
    channel = queries.channel(channel_id)
    redirect = payload.redirect_uri or request.build_absolute_uri(
        reverse("backoffice:channel_callback", args=[channel.kind])
    )
    return {"url": services.begin_install(channel=channel, redirect_uri=redirect)}


@router.post("/channels/{channel_id}/test", response=ConnectionReportOut)
def test_connection(request: HttpRequest, channel_id: Id) -> dict[str, Any]:
    """Who the store is, and the scopes the enabled operations need that it did not grant.
    Refused credentials disconnect the channel (400, field `token`)."""
    report = services.test_connection(channel=queries.channel(channel_id))
    return {
        "shop_name": report.shop_name,
        "domain": report.domain,
        "plan": report.plan,
        "currency": report.currency,
        "scopes": list(report.scopes),
        "missing_scopes": list(report.missing_scopes),
        "missing_by_operation": {k: list(v) for k, v in report.missing_by_operation.items()},
    }


@router.post("/channels/{channel_id}/disconnect", response=ChannelOut)
def disconnect(request: HttpRequest, channel_id: Id, payload: DisconnectIn) -> Any:
    """Stop the channel: its token is forgotten, its schedules and pushes wait."""
    return services.disconnect(channel=queries.channel(channel_id), reason=payload.reason)


@router.get("/channels/{channel_id}/locations", response=list[RemoteLocationOut])
def remote_locations(request: HttpRequest, channel_id: Id) -> Any:
    """The store's own locations, as the store lists them now."""
    return services.remote_locations(channel=queries.channel(channel_id))


@router.get("/channels/{channel_id}/mappings", response=list[MappingOut])
def list_mappings(request: HttpRequest, channel_id: Id) -> list[dict[str, Any]]:
    return [_mapping_out(m) for m in queries.mappings(queries.channel(channel_id))]


@router.put("/channels/{channel_id}/mappings", response=MappingOut)
def put_mapping(request: HttpRequest, channel_id: Id, payload: MappingIn) -> dict[str, Any]:
    """Feed the store's location `remote_location_id` from our location `location_id`."""
    channel = queries.channel(channel_id)
    if not Location.objects.filter(pk=payload.location_id).exists():
        raise NotFound("location_id", f"no location {payload.location_id}")
    mapping = services.map_location(
        channel=channel,
        location=payload.location_id,
        remote_location_id=payload.remote_location_id,
    )
    return _mapping_out(mapping)


@router.delete("/channels/{channel_id}/mappings/{location_id}", response={204: None})
def delete_mapping(request: HttpRequest, channel_id: Id, location_id: Id) -> Status[None]:
    services.unmap_location(channel=queries.channel(channel_id), location=location_id)
    return Status(204, None)


@router.get("/channels/{channel_id}/operations", response=list[OperationOut])
def list_operations(request: HttpRequest, channel_id: Id) -> list[dict[str, Any]]:
    return [_operation_out(r) for r in queries.operations(queries.channel(channel_id))]


@router.patch("/channels/{channel_id}/operations/{operation}", response=OperationOut)
def patch_operation(
    request: HttpRequest, channel_id: Id, operation: OperationName, payload: OperationPatch
) -> dict[str, Any]:
    """Enable or disable an operation, change its settings (merged, validated whole) or its
    schedule (off, every N minutes, hourly, daily at HH:MM UTC)."""
    changes = payload.model_dump(exclude_unset=True)
    row = services.set_operation(
        channel=queries.channel(channel_id), operation=operation, **changes
    )
    return _operation_out(row)
