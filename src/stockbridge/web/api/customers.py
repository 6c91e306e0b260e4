"""Customer endpoints: customers and their billing and shipping addresses."""

from __future__ import annotations

from typing import Annotated, Any

from django.http import HttpRequest
from ninja import Router, Status

from stockbridge.customers import queries, services
from stockbridge.customers.errors import CustomerNotFound
from stockbridge.customers.models import CustomerKind

from .customers_schemas import (
    AddressIn,
    AddressOut,
    AddressPatch,
    CustomerIn,
    CustomerOut,
    CustomerPage,
    CustomerPatch,
    address_changes,
    address_spec,
    customer_changes,
    customer_spec,
)
from .inputs import DateTime, Id, Text, Text64, Text254, choices
from .pagination import Cursor, Limit, paginate

router = Router(tags=["customers"])


def _customer(customer_id: Id) -> Any:
    customer = queries.customers().filter(pk=customer_id).first()
    if customer is None:
        raise CustomerNotFound(customer_id)
    return customer


@router.get("/customers", response=CustomerPage)
def list_customers(
    request: HttpRequest,
    kind: Annotated[str, choices(CustomerKind)] | None = None,
    tag: Text | None = None,
    email: Text254 | None = None,
    account_code: Text64 | None = None,
    updated_since: DateTime | None = None,
    search: Text | None = None,
    cursor: Cursor | None = None,
    limit: Limit = 50,
) -> dict[str, Any]:
    """Customers filtered by kind (retail/wholesale), tag, e-mail, account code, update time,
    or a search over names, company, e-mail and account code."""
    qs = queries.customers(
        kind=kind,
        tag=tag,
        email=email,
        account_code=account_code,
        updated_since=updated_since,
        search=search,
    )
    return paginate(qs, cursor=cursor, limit=limit)


@router.post("/customers", response={201: CustomerOut})
def create_customer(request: HttpRequest, payload: CustomerIn) -> Status[Any]:
    customer = services.create_customer(spec=customer_spec(payload))
    return Status(201, _customer(customer.pk))


@router.get("/customers/{customer_id}", response=CustomerOut)
def get_customer(request: HttpRequest, customer_id: Id) -> Any:
    return _customer(customer_id)


@router.patch("/customers/{customer_id}", response=CustomerOut)
def update_customer(request: HttpRequest, customer_id: Id, payload: CustomerPatch) -> Any:
    services.update_customer(customer_id=customer_id, changes=customer_changes(payload))
    return _customer(customer_id)


@router.delete("/customers/{customer_id}", response={204: None})
def delete_customer(request: HttpRequest, customer_id: Id) -> Status[None]:
    services.delete_customer(customer_id=customer_id)
    return Status(204, None)


@router.post("/customers/{customer_id}/addresses", response={201: AddressOut})
def add_address(request: HttpRequest, customer_id: Id, payload: AddressIn) -> Status[Any]:
    return Status(201, services.add_address(customer_id=customer_id, spec=address_spec(payload)))


@router.patch("/customers/{customer_id}/addresses/{address_id}", response=AddressOut)
def update_address(
    request: HttpRequest, customer_id: Id, address_id: Id, payload: AddressPatch
) -> Any:
    return services.update_address(
        customer_id=customer_id, address_id=address_id, changes=address_changes(payload)
    )


@router.delete("/customers/{customer_id}/addresses/{address_id}", response={204: None})
def delete_address(request: HttpRequest, customer_id: Id, address_id: Id) -> Status[None]:
    services.delete_address(customer_id=customer_id, address_id=address_id)
    return Status(204, None)
