"""The customer of a channel's order: matched by the channel's customer id, then by e-mail,
else created with every address the order and the channel's customer carry. A customer the
hub cannot store (an e-mail it refuses) leaves the order without a customer, never blocks it."""

from __future__ import annotations

import dataclasses

from stockbridge.channels.port_orders import RemoteAddress, RemoteCustomer, RemoteOrder
from stockbridge.customers import services as customers
from stockbridge.customers.models import Customer
from stockbridge.customers.specs import AddressSpec, CustomerSpec
from stockbridge.platform.errors import FieldError, ValidationErrors

PHONE = 64
POSTAL = 32


def _address(kind: str, value: RemoteAddress | None) -> AddressSpec | None:
    if value is None or not (value.address1 and value.city and len(value.country_code) == 2):
        return None
    return AddressSpec(
        kind=kind,
        address1=value.address1[:255],
        city=value.city[:255],
        country_code=value.country_code,
        name=value.name[:255],
        company=value.company[:255],
        address2=value.address2[:255],
        region=value.region[:255],
        postal_code=value.postal_code[:POSTAL],
        phone=value.phone[:PHONE],
    )


def _addresses(order: RemoteOrder | None, buyer: RemoteCustomer | None) -> tuple[AddressSpec, ...]:
    found: list[AddressSpec] = []
    pairs: list[tuple[str, RemoteAddress | None]] = []
    if order is not None:
        pairs += [("billing", order.billing_address), ("shipping", order.shipping_address)]
    if buyer is not None:
        pairs += [("shipping", a) for a in buyer.addresses]
    for kind, value in pairs:
        spec = _address(kind, value)
        if spec is not None and spec not in found:
            found.append(spec)
    return tuple(found)


def _spec(
    origin: str, buyer: RemoteCustomer | None, email: str, addresses: tuple[AddressSpec, ...]
) -> CustomerSpec:
    return CustomerSpec(
        first_name=(buyer.first_name if buyer else "")[:255],
        last_name=(buyer.last_name if buyer else "")[:255],
        email=email[:254],
        phone=(buyer.phone if buyer else "")[:PHONE],
        addresses=addresses,
        channel=origin if buyer else "",
        external_id=buyer.remote_id if buyer else "",
    )


def _create(spec: CustomerSpec) -> int | None:
    try:
        if spec.external_id:
            return customers.import_channel_customer(spec=spec)[0].pk
        return customers.create_customer(spec=spec).pk
    except (FieldError, ValidationErrors):
        if spec.addresses:  # an address the hub refuses: the customer without addresses
            return _create(dataclasses.replace(spec, addresses=()))
        return None


def match_customer(origin: str, order: RemoteOrder) -> int | None:
    """The hub customer of `order` (created when there is none), or None for an anonymous
    order (no customer and no e-mail)."""
    buyer = order.customer
    ids = Customer.objects.values_list("pk", flat=True)
    if buyer is not None:
        found = ids.filter(channel=origin, external_id=buyer.remote_id).first()
        if found is not None:
            return found
    email = ((buyer.email if buyer else "") or order.email).strip().lower()
    if email:
        found = ids.filter(email=email).order_by("id").first()
        if found is not None:
            return found
    if buyer is None and not email:
        return None
    return _create(_spec(origin, buyer, email, _addresses(order, buyer)))


def apply_customer(origin: str, buyer: RemoteCustomer) -> str:
    """A `customers/create|update` event: create the channel's customer, or bring its name,
    e-mail and phone up to date."""
    found = Customer.objects.filter(channel=origin, external_id=buyer.remote_id).first()
    if found is None:
        made = _create(_spec(origin, buyer, buyer.email, _addresses(None, buyer)))
        return "customer created" if made else "customer not stored: the hub refuses its values"
    changes = {
        "first_name": buyer.first_name[:255],
        "last_name": buyer.last_name[:255],
        "phone": buyer.phone[:PHONE],
    }
    if buyer.email:
        changes["email"] = buyer.email[:254]
    current = {k: getattr(found, k) for k in changes}
    if current == changes:
        return "customer unchanged"
    customers.update_customer(customer_id=found.pk, changes=changes)
    return "customer updated"
