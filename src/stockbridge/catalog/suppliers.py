"""Suppliers: create and change them (the catalog owns the supplier a product names;
purchasing orders from it). One transaction each; every field checked before anything is
written, errors naming the field."""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import Q, QuerySet

from stockbridge.platform.bounds import MAX_INT32, check_text
from stockbridge.platform.errors import Conflict, FieldError, NotFound, ValidationErrors

from .models import Supplier

CODE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,39}$")
EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")  # as customers' (customers/rules.py)


@dataclass(frozen=True)
class SupplierSpec:
    name: str
    code: str
    email: str = ""
    phone: str = ""
    lead_time_days: int | None = None


FIELDS = tuple(f.name for f in dataclasses.fields(SupplierSpec))


class SupplierNotFound(NotFound):
    def __init__(self, supplier_id: object) -> None:
        super().__init__("supplier_id", f"no supplier with id {supplier_id}")


def _normalise(spec: SupplierSpec) -> SupplierSpec:
    return dataclasses.replace(
        spec,
        name=spec.name.strip() if isinstance(spec.name, str) else spec.name,
        code=spec.code.strip() if isinstance(spec.code, str) else spec.code,
        email=spec.email.strip() if isinstance(spec.email, str) else spec.email,
        phone=spec.phone.strip() if isinstance(spec.phone, str) else spec.phone,
    )


def validate(spec: SupplierSpec) -> list[FieldError]:
    """Every problem of `spec` (pure: no database)."""
    errors: list[FieldError] = []
    for field, limit in (("name", 255), ("code", 40), ("email", 254), ("phone", 64)):
        try:
            check_text(field, getattr(spec, field), limit=limit, required=field in ("name", "code"))
        except FieldError as exc:
            errors.append(exc)
    if not any(e.field == "code" for e in errors) and not CODE.match(spec.code):
        errors.append(
            FieldError(
                "code", "use letters, digits, '.', '_' or '-', starting with a letter or digit"
            )
        )
    email_read = not any(e.field == "email" for e in errors)
    if spec.email and email_read and not EMAIL.match(spec.email):
        errors.append(FieldError("email", f"{spec.email!r} is not an email address"))
    days = spec.lead_time_days
    if days is not None and (
        isinstance(days, bool) or not isinstance(days, int) or not 0 <= days <= MAX_INT32
    ):
        errors.append(
            FieldError("lead_time_days", f"must be a whole number of days >= 0, got {days!r}")
        )
    return errors


def _raise_if(errors: list[FieldError]) -> None:
    if len(errors) == 1:
        raise errors[0]
    if errors:
        raise ValidationErrors(errors)


def _check_unique(spec: SupplierSpec, exclude_id: int | None = None) -> None:
    others = Supplier.objects.filter(Q(name=spec.name) | Q(code=spec.code))
    if exclude_id is not None:
        others = others.exclude(pk=exclude_id)
    for name, code in others.values_list("name", "code"):
        if code == spec.code:
            raise Conflict("code", f"another supplier already has the code {spec.code!r}")
        if name == spec.name:
            raise Conflict("name", f"another supplier is already named {spec.name!r}")


def suppliers(*, q: str | None = None) -> QuerySet[Supplier]:
    """Suppliers by name, filtered by a part of their name or code."""
    qs = Supplier.objects.order_by("name", "id")
    if q:
        qs = qs.filter(Q(name__icontains=q) | Q(code__icontains=q))
    return qs


def create_supplier(*, spec: SupplierSpec) -> Supplier:
    """A new supplier. Raises FieldError/ValidationErrors, Conflict (name or code taken)."""
    spec = _normalise(spec)
    _raise_if(validate(spec))
    try:
        with transaction.atomic():
            _check_unique(spec)
            return Supplier.objects.create(**dataclasses.asdict(spec))
    except IntegrityError as exc:  # a concurrent writer won the name or code
        _check_unique(spec)
        raise Conflict("code", "a supplier with this name or code already exists") from exc


def update_supplier(*, supplier_id: int, changes: Mapping[str, Any]) -> Supplier:
    """Change some fields of a supplier. Raises SupplierNotFound, FieldError (an unknown field
    or a bad value), Conflict."""
    unknown = sorted(set(changes) - set(FIELDS))
    if unknown:
        raise FieldError(unknown[0], "is not a supplier field that can be changed")
    with transaction.atomic():
        supplier = Supplier.objects.select_for_update().filter(pk=supplier_id).first()
        if supplier is None:
            raise SupplierNotFound(supplier_id)
        current = SupplierSpec(**{f: getattr(supplier, f) for f in FIELDS})
        spec = _normalise(dataclasses.replace(current, **changes))
        _raise_if(validate(spec))
        _check_unique(spec, exclude_id=supplier.pk)
        for field in FIELDS:
            setattr(supplier, field, getattr(spec, field))
        supplier.save()
        return supplier
