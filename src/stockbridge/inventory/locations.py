"""Location use cases (create, change, delete) and reads; one transaction each, typed errors."""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import ProtectedError, QuerySet

from stockbridge.platform.errors import Conflict, FieldError, NotFound, ValidationErrors

from .models import Location

CODE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,39}$")
COUNTRY = re.compile(r"^[A-Z]{2}$")


@dataclass(frozen=True)
class LocationSpec:
    name: str
    code: str
    address1: str = ""
    address2: str = ""
    city: str = ""
    region: str = ""
    postal_code: str = ""
    country_code: str = ""
    phone: str = ""
    is_active: bool = True
    fulfils_online_orders: bool = True
    allows_backorder: bool = False
    allows_negative_stock: bool = False
    priority: int = 100


FIELDS = tuple(f.name for f in dataclasses.fields(LocationSpec))


class LocationNotFound(NotFound):
    def __init__(self, location_id: object) -> None:
        super().__init__("location_id", f"no location with id {location_id}")


def validate(spec: LocationSpec) -> list[FieldError]:
    """Pure checks of a location's fields."""
    errors: list[FieldError] = []
    if not spec.name.strip():
        errors.append(FieldError("name", "is required"))
    elif len(spec.name) > 255:
        errors.append(FieldError("name", "must be at most 255 characters"))
    if not CODE.match(spec.code):
        errors.append(
            FieldError(
                "code",
                "must be 1-40 letters, digits, '.', '_' or '-', starting with one of the first two",
            )
        )
    if spec.country_code and not COUNTRY.match(spec.country_code):
        errors.append(FieldError("country_code", "must be a two-letter ISO code such as 'US'"))
    if spec.priority < 0:
        errors.append(FieldError("priority", "must not be negative"))
    return errors


def _normalise(spec: LocationSpec) -> LocationSpec:
    return dataclasses.replace(
        spec,
        name=spec.name.strip(),
        code=spec.code.strip(),
        country_code=spec.country_code.strip().upper(),
    )


def _raise_if(errors: list[FieldError]) -> None:
    if len(errors) == 1:
        raise errors[0]
    if errors:
        raise ValidationErrors(errors)


def _check_unique(spec: LocationSpec, exclude_id: int | None = None) -> None:
    others = Location.objects.exclude(pk=exclude_id) if exclude_id else Location.objects.all()
    if others.filter(name=spec.name).exists():
        raise Conflict("name", f"a location named {spec.name!r} already exists")
    if others.filter(code=spec.code).exists():
        raise Conflict("code", f"location code {spec.code!r} is already used")


def create_location(*, spec: LocationSpec) -> Location:
    spec = _normalise(spec)
    _raise_if(validate(spec))
    try:
        with transaction.atomic():
            _check_unique(spec)
            return Location.objects.create(**dataclasses.asdict(spec))
    except IntegrityError as exc:  # a concurrent writer won the name or code
        _check_unique(spec)
        raise Conflict("code", "a location with this name or code already exists") from exc


def update_location(*, location_id: int, changes: Mapping[str, Any]) -> Location:
    unknown = sorted(set(changes) - set(FIELDS))
    if unknown:
        raise FieldError(unknown[0], "is not a location field that can be changed")
    with transaction.atomic():
        location = Location.objects.select_for_update().filter(pk=location_id).first()
        if location is None:
            raise LocationNotFound(location_id)
        current = LocationSpec(**{f: getattr(location, f) for f in FIELDS})
        spec = _normalise(dataclasses.replace(current, **changes))
        _raise_if(validate(spec))
        _check_unique(spec, exclude_id=location.pk)
        for field in FIELDS:
            setattr(location, field, getattr(spec, field))
        location.save()
        return location


def delete_location(*, location_id: int) -> None:
    """Delete a location that never held stock; one with history can only be deactivated."""
    with transaction.atomic():
        location = Location.objects.select_for_update().filter(pk=location_id).first()
        if location is None:
            raise LocationNotFound(location_id)
        try:
            location.delete()
        except ProtectedError as exc:
            raise FieldError(
                "location_id",
                "this location has stock history; set is_active to false instead",
                code="in_use",
            ) from exc


def locations(
    *,
    is_active: bool | None = None,
    fulfils_online_orders: bool | None = None,
    updated_since: datetime | None = None,
) -> QuerySet[Location]:
    qs = Location.objects.all()
    if updated_since is not None:
        qs = qs.filter(updated_at__gte=updated_since)
    if is_active is not None:
        qs = qs.filter(is_active=is_active)
    if fulfils_online_orders is not None:
        qs = qs.filter(fulfils_online_orders=fulfils_online_orders)
    return qs
