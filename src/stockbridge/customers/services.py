"""Customer write use cases. Each runs in one transaction, validates the whole input first and
raises a typed FieldError (or ValidationErrors with several); nothing is half-written."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Mapping
from typing import Any

from django.db import IntegrityError, transaction

from stockbridge.platform.errors import FieldError, ValidationErrors

from . import rules
from .errors import (
    AddressNotFound,
    CustomerNotFound,
    DuplicateAccountCode,
    DuplicateExternalId,
)
from .models import Address, Customer, CustomerTag
from .specs import AddressSpec, CustomerSpec

# Where a customer came from is set once, when it is created or imported, never changed.
SOURCE_FIELDS = ("channel", "external_id")
CUSTOMER_FIELDS = tuple(
    f.name for f in dataclasses.fields(CustomerSpec) if f.name not in {"addresses"}
)
CHANGEABLE_FIELDS = tuple(f for f in CUSTOMER_FIELDS if f not in SOURCE_FIELDS)
ADDRESS_FIELDS = tuple(f.name for f in dataclasses.fields(AddressSpec))


def _raise_if(errors: list[FieldError]) -> None:
    if len(errors) == 1:
        raise errors[0]
    if errors:
        raise ValidationErrors(errors)


def _set_tags(customer: Customer, names: Iterable[str]) -> None:
    tags = []
    for name in names:
        tag, _ = CustomerTag.objects.get_or_create(name=name)
        tags.append(tag)
    customer.tags.set(tags)


def _write_addresses(customer: Customer, addresses: Iterable[AddressSpec]) -> None:
    Address.objects.bulk_create(
        Address(customer=customer, **dataclasses.asdict(a)) for a in addresses
    )


def _lock(customer_id: int) -> Customer:
    customer = Customer.objects.select_for_update().filter(pk=customer_id).first()
    if customer is None:
        raise CustomerNotFound(customer_id)
    return customer


def _check_account_code(code: str | None, exclude_id: int | None = None) -> None:
    if not code:
        return
    qs = Customer.objects.filter(account_code=code)
    if exclude_id is not None:
        qs = qs.exclude(pk=exclude_id)
    if qs.exists():
        raise DuplicateAccountCode(code)


def _by_external_id(spec: CustomerSpec) -> Customer | None:
    if not spec.external_id:
        return None
    return Customer.objects.filter(channel=spec.channel, external_id=spec.external_id).first()


def create_customer(*, spec: CustomerSpec) -> Customer:
    """Create a customer with its tags and addresses (the first of each kind becomes default).
    Raises FieldError / ValidationErrors naming the field, DuplicateAccountCode, and
    DuplicateExternalId when the channel's customer is already here (use
    `import_channel_customer` to import idempotently)."""
    spec = rules.normalise_customer(spec)
    _raise_if(rules.validate_customer_fields(spec) + rules.validate_addresses(spec.addresses))
    try:
        with transaction.atomic():
            _check_account_code(spec.account_code)
            if _by_external_id(spec) is not None:
                raise DuplicateExternalId(spec.channel, spec.external_id)
            values = {f: getattr(spec, f) for f in CUSTOMER_FIELDS if f != "tags"}
            customer = Customer.objects.create(**values)
            _set_tags(customer, spec.tags)
            _write_addresses(customer, rules.with_defaults(spec.addresses))
    except IntegrityError as exc:  # a concurrent writer took the account code or external id
        if spec.account_code and Customer.objects.filter(account_code=spec.account_code).exists():
            raise DuplicateAccountCode(spec.account_code) from exc
        if _by_external_id(spec) is not None:
            raise DuplicateExternalId(spec.channel, spec.external_id) from exc
        raise
    return customer


def import_channel_customer(*, spec: CustomerSpec) -> tuple[Customer, bool]:
    """Bring in a channel's customer exactly once: (customer, created). A redelivered customer
    (same channel and external id), even from another process at the same instant, returns the
    existing one with created=False and changes nothing. Raises what `create_customer` raises
    otherwise; FieldError when channel or external_id is missing."""
    if not spec.channel or not spec.external_id:
        field = "channel" if not spec.channel else "external_id"
        raise FieldError(field, "is required to import a channel customer")
    spec = rules.normalise_customer(spec)
    _raise_if(rules.validate_customer_fields(spec) + rules.validate_addresses(spec.addresses))
    existing = _by_external_id(spec)
    if existing is not None:
        return existing, False
    try:
        return create_customer(spec=spec), True
    except DuplicateExternalId:
        existing = _by_external_id(spec)
        if existing is None:  # pragma: no cover - the constraint said it exists
            raise
        return existing, False


def _spec_of(customer: Customer) -> CustomerSpec:
    return CustomerSpec(
        kind=customer.kind,
        account_code=customer.account_code,
        first_name=customer.first_name,
        last_name=customer.last_name,
        company=customer.company,
        email=customer.email,
        phone=customer.phone,
        note=customer.note,
        tags=tuple(t.name for t in customer.tags.all()),
        channel=customer.channel,
        external_id=customer.external_id,
    )


def update_customer(*, customer_id: int, changes: Mapping[str, Any]) -> Customer:
    """Change some of a customer's fields (not its addresses: see the address use cases)."""
    unknown = sorted(set(changes) - set(CHANGEABLE_FIELDS))
    if unknown:
        raise FieldError(unknown[0], "is not a customer field that can be changed")
    try:
        with transaction.atomic():
            customer = _lock(customer_id)
            spec = rules.normalise_customer(dataclasses.replace(_spec_of(customer), **changes))
            _raise_if(rules.validate_customer_fields(spec))
            _check_account_code(spec.account_code, exclude_id=customer.pk)
            for field in CUSTOMER_FIELDS:
                if field != "tags":
                    setattr(customer, field, getattr(spec, field))
            customer.save()
            if "tags" in changes:
                _set_tags(customer, spec.tags)
    except IntegrityError as exc:
        if spec.account_code:
            raise DuplicateAccountCode(spec.account_code) from exc
        raise
    return customer


def delete_customer(*, customer_id: int) -> None:
    with transaction.atomic():
        _lock(customer_id).delete()


def add_address(*, customer_id: int, spec: AddressSpec) -> Address:
    """Add an address; it becomes the default of its kind if asked or if it is the first."""
    spec = rules.normalise_address(spec)
    _raise_if(rules.validate_address(spec))
    with transaction.atomic():
        customer = _lock(customer_id)
        siblings = Address.objects.filter(customer=customer, kind=spec.kind)
        make_default = spec.is_default or not siblings.exists()
        if make_default:
            siblings.filter(is_default=True).update(is_default=False)
        values = dataclasses.asdict(spec) | {"is_default": make_default}
        return Address.objects.create(customer=customer, **values)


def update_address(*, customer_id: int, address_id: int, changes: Mapping[str, Any]) -> Address:
    """Change an address. Setting is_default makes it the default of its kind; the default of a
    kind cannot be un-set directly (make another address the default instead)."""
    unknown = sorted(set(changes) - set(ADDRESS_FIELDS))
    if unknown:
        raise FieldError(unknown[0], "is not an address field that can be changed")
    with transaction.atomic():
        customer = _lock(customer_id)
        address = Address.objects.filter(pk=address_id, customer=customer).first()
        if address is None:
            raise AddressNotFound(address_id)
        current = AddressSpec(**{f: getattr(address, f) for f in ADDRESS_FIELDS})
        spec = rules.normalise_address(dataclasses.replace(current, **changes))
        _raise_if(rules.validate_address(spec))
        kind_changed = spec.kind != address.kind
        if address.is_default and not spec.is_default and not kind_changed:
            raise FieldError(
                "is_default", "make another address the default instead of un-setting this one"
            )
        siblings = Address.objects.filter(customer=customer, kind=spec.kind).exclude(pk=address.pk)
        is_default = spec.is_default or not siblings.exists()
        if is_default:
            siblings.filter(is_default=True).update(is_default=False)
        old_kind, was_default = address.kind, address.is_default
        for field in ADDRESS_FIELDS:
            setattr(address, field, getattr(spec, field))
        address.is_default = is_default
        address.save()
        if kind_changed and was_default:
            _promote_default(customer, old_kind)
        return address


def delete_address(*, customer_id: int, address_id: int) -> None:
    """Delete an address; if it was the default, the oldest remaining one of its kind takes over."""
    with transaction.atomic():
        customer = _lock(customer_id)
        address = Address.objects.filter(pk=address_id, customer=customer).first()
        if address is None:
            raise AddressNotFound(address_id)
        address.delete()
        if address.is_default:
            _promote_default(customer, address.kind)


def _promote_default(customer: Customer, kind: str) -> None:
    heir = Address.objects.filter(customer=customer, kind=kind).order_by("id").first()
    if (
        heir is not None
        and not Address.objects.filter(customer=customer, kind=kind, is_default=True).exists()
    ):
        heir.is_default = True
        heir.save(update_fields=["is_default"])


def purge_personal_data(*, customer_ids: Iterable[int]) -> list[int]:
    """Replace the personal data of these customers: names, company, e-mail, phone and note
    go, their addresses are deleted, their tags removed; their channel and external id stay
    (what the channel knows them by). The ids changed now; a customer already purged is left
    as it is. One transaction."""
    ids = sorted(set(customer_ids))
    with transaction.atomic():
        changed = []
        for customer in Customer.objects.select_for_update().filter(pk__in=ids).order_by("pk"):
            has_data = any(
                (customer.first_name, customer.last_name, customer.company, customer.email)
            ) or any((customer.phone, customer.note))
            addresses = Address.objects.filter(customer=customer)
            if not has_data and not addresses.exists() and not customer.tags.exists():
                continue
            customer.first_name = customer.last_name = customer.company = ""
            customer.email = customer.phone = customer.note = ""
            customer.save(
                update_fields=[
                    "first_name",
                    "last_name",
                    "company",
                    "email",
                    "phone",
                    "note",
                    "updated_at",
                ]
            )
            addresses.delete()
            customer.tags.clear()
            changed.append(customer.pk)
        return changed
