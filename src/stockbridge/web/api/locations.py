"""Location endpoints: the places that hold stock."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.http import HttpRequest
from ninja import Field, Router, Schema, Status

from stockbridge.inventory import locations
from stockbridge.inventory.locations import LocationNotFound, LocationSpec

from .inputs import DateTime, Id, NonBlank, Priority, StrictIn, Text, Text64
from .pagination import Cursor, Limit, Page, paginate

# What `inventory/locations.py` accepts, declared for clients (the service checks it again).
CODE_PATTERN = r"^\s*[A-Za-z0-9][A-Za-z0-9._-]{0,39}\s*$"
COUNTRY_PATTERN = r"^\s*([A-Za-z]{2})?\s*$"

router = Router(tags=["locations"])


class LocationIn(StrictIn):
    name: NonBlank
    code: str = Field(..., pattern=CODE_PATTERN)
    address1: Text = ""
    address2: Text = ""
    city: Text = ""
    region: Text = ""
    postal_code: str = Field("", max_length=32, pattern="^[^\\x00]*$")
    country_code: str = Field("", pattern=COUNTRY_PATTERN)
    phone: Text64 = ""
    is_active: bool = True
    fulfils_online_orders: bool = True
    allows_backorder: bool = False
    priority: Priority = 100


class LocationPatch(StrictIn):
    name: NonBlank | None = None
    code: str | None = Field(None, pattern=CODE_PATTERN)
    address1: Text | None = None
    address2: Text | None = None
    city: Text | None = None
    region: Text | None = None
    postal_code: str | None = Field(None, max_length=32, pattern="^[^\\x00]*$")
    country_code: str | None = Field(None, pattern=COUNTRY_PATTERN)
    phone: Text64 | None = None
    is_active: bool | None = None
    fulfils_online_orders: bool | None = None
    allows_backorder: bool | None = None
    priority: Priority | None = None


class LocationOut(Schema):
    id: int
    name: str
    code: str
    address1: str
    address2: str
    city: str
    region: str
    postal_code: str
    country_code: str
    phone: str
    is_active: bool
    fulfils_online_orders: bool
    allows_backorder: bool
    priority: int
    created_at: datetime
    updated_at: datetime


class LocationPage(Page):
    items: list[LocationOut]


def _location(location_id: Id) -> Any:
    location = locations.locations().filter(pk=location_id).first()
    if location is None:
        raise LocationNotFound(location_id)
    return location


@router.get("/locations", response=LocationPage)
def list_locations(
    request: HttpRequest,
    is_active: bool | None = None,
    fulfils_online_orders: bool | None = None,
    updated_since: DateTime | None = None,
    cursor: Cursor | None = None,
    limit: Limit = 50,
) -> dict[str, Any]:
    """Locations filtered by active flag, online fulfilment or update time."""
    qs = locations.locations(
        is_active=is_active,
        fulfils_online_orders=fulfils_online_orders,
        updated_since=updated_since,
    )
    return paginate(qs, cursor=cursor, limit=limit)


@router.post("/locations", response={201: LocationOut})
def create_location(request: HttpRequest, payload: LocationIn) -> Status[Any]:
    return Status(201, locations.create_location(spec=LocationSpec(**payload.model_dump())))


@router.get("/locations/{location_id}", response=LocationOut)
def get_location(request: HttpRequest, location_id: Id) -> Any:
    return _location(location_id)


@router.patch("/locations/{location_id}", response=LocationOut)
def update_location(request: HttpRequest, location_id: Id, payload: LocationPatch) -> Any:
    changes = {k: v for k, v in payload.model_dump(exclude_unset=True).items() if v is not None}
    return locations.update_location(location_id=location_id, changes=changes)


@router.delete("/locations/{location_id}", response={204: None})
def delete_location(request: HttpRequest, location_id: Id) -> Status[None]:
    locations.delete_location(location_id=location_id)
    return Status(204, None)
