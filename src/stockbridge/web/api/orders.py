"""Order endpoints: create (or import from a channel, idempotently), confirm, cancel, close,
complete a draft, fulfil (or record a channel's fulfilment, idempotently), refund, invoice, pay;
list with filters; the timeline."""

from __future__ import annotations

from typing import Annotated, Any

from django.http import HttpRequest
from ninja import Router, Status

from stockbridge.inventory.errors import UnknownLocation
from stockbridge.inventory.models import Location
from stockbridge.orders import queries, services
from stockbridge.orders.errors import InvoiceNotFound, OrderNotFound
from stockbridge.orders.models import Fulfilment, Invoice, Payment
from stockbridge.orders.specs import (
    Discount,
    FulfilLine,
    LineSpec,
    OrderSpec,
    RefundLineSpec,
    RefundSpec,
    ShippingSpec,
    Tracking,
)
from stockbridge.orders.states import FinancialStatus, OrderStatus
from stockbridge.orders.totals import Tax
from stockbridge.platform.errors import FieldError, NotFound

from .inputs import DateTime, Id, Text, Text64, choices
from .orders_schemas import (
    CancelIn,
    ChannelFulfilIn,
    ChannelFulfilmentOut,
    CompleteIn,
    FulfilIn,
    ImportIn,
    ImportOut,
    InvoiceIn,
    InvoiceOut,
    OrderAddressIn,
    OrderDetailOut,
    OrderIn,
    OrderPage,
    PaymentIn,
    PaymentOut,
    RefundIn,
    TaxIn,
    TimelineOut,
    TrackingIn,
)
from .pagination import Cursor, Limit, paginate

router = Router(tags=["orders"])


def _actor(request: HttpRequest) -> str:
    user = getattr(request, "user", None)
    return str(getattr(user, "username", "") or "api")


def _order(order_id: Id) -> Any:
    order = queries.order(order_id)
    if order is None:
        raise OrderNotFound(order_id)
    return order


def _location(location_id: int | None, code: str | None, field: str) -> int | None:
    if location_id is not None:
        return location_id
    if not code:
        return None
    found = Location.objects.filter(code=code).values_list("pk", flat=True).first()
    if found is None:
        raise UnknownLocation(field, repr(code))
    return found


def _taxes(taxes: list[TaxIn]) -> tuple[Tax, ...]:
    return tuple(Tax(title=t.title, rate=t.rate, amount=t.amount) for t in taxes)


def _address(address: OrderAddressIn | None) -> dict[str, Any]:
    return {} if address is None else address.model_dump(exclude_unset=True)


def _spec(payload: OrderIn) -> OrderSpec:
    return OrderSpec(
        currency=payload.currency.upper(),
        lines=tuple(
            LineSpec(
                quantity=x.quantity,
                variant_id=x.variant_id,
                sku=x.sku or "",
                unit_price=x.unit_price,
                title=x.title,
                discounts=tuple(Discount(d.amount, d.title) for d in x.discounts),
                taxes=_taxes(x.taxes),
            )
            for x in payload.lines
        ),
        shipping_lines=tuple(
            ShippingSpec(s.title, s.price, s.code, s.discount, _taxes(s.taxes))
            for s in payload.shipping_lines
        ),
        customer_id=payload.customer_id,
        email=payload.email,
        awaiting_customer=payload.awaiting_customer,
        billing_address=_address(payload.billing_address),
        shipping_address=_address(payload.shipping_address),
        tags=tuple(payload.tags),
        note=payload.note,
        custom_fields=payload.custom_fields,
        invoicing=payload.invoicing,
        requested_location_id=_location(None, payload.requested_location, "requested_location"),
        channel=payload.channel,
        external_id=payload.external_id,
        external_name=payload.external_name,
        stated_total=payload.total,
        totals_policy=payload.totals_policy,
        placed_at=payload.placed_at,
    )


@router.get("/orders", response=OrderPage)
def list_orders(
    request: HttpRequest,
    status: Annotated[str, choices(OrderStatus)] | None = None,
    financial_status: Annotated[str, choices(FinancialStatus)] | None = None,
    channel: Text64 | None = None,
    customer_id: Id | None = None,
    since: DateTime | None = None,
    until: DateTime | None = None,
    tag: Text | None = None,
    cursor: Cursor | None = None,
    limit: Limit = 50,
) -> dict[str, Any]:
    """Orders filtered by status, financial status, channel ("" for hub orders), customer,
    placed date range [since, until) and tag, in id order."""
    qs = queries.orders(
        status=status,
        financial_status=financial_status,
        channel=channel,
        customer_id=customer_id,
        since=since,
        until=until,
        tag=tag,
    )
    return paginate(qs, cursor=cursor, limit=limit)


@router.post("/orders", response={201: OrderDetailOut})
def create_order(request: HttpRequest, payload: OrderIn) -> Status[Any]:
    order = services.create_order(
        spec=_spec(payload), confirm=payload.confirm, actor=_actor(request)
    )
    return Status(201, _order(order.pk))


@router.post("/orders/import", response={200: ImportOut, 201: ImportOut})
def import_order(request: HttpRequest, payload: ImportIn) -> Status[Any]:
    """Import a channel's order exactly once: 201 when created, 200 with the existing order
    when (channel, external_id) was already imported."""
    order, created = services.import_channel_order(
        spec=_spec(payload),
        confirm=payload.confirm,
        invoice=payload.auto_invoice,
        pay=payload.auto_pay,
        actor=_actor(request),
    )
    return Status(201 if created else 200, {"created": created, "order": _order(order.pk)})


@router.get("/orders/{order_id}", response=OrderDetailOut)
def get_order(request: HttpRequest, order_id: Id) -> Any:
    return _order(order_id)


@router.get("/orders/{order_id}/timeline", response=list[TimelineOut])
def order_timeline(request: HttpRequest, order_id: Id) -> list[Any]:
    """Every state change and ledger effect of the order, newest first."""
    _order(order_id)
    return list(queries.timeline(order_id))


@router.post("/orders/{order_id}/confirm", response=OrderDetailOut)
def confirm_order(request: HttpRequest, order_id: Id) -> Any:
    _order(order_id)  # an unknown order is 404 whatever the body holds
    services.confirm_order(order_id=order_id, actor=_actor(request))
    return _order(order_id)


@router.post("/orders/{order_id}/complete", response=OrderDetailOut)
def complete_draft(request: HttpRequest, order_id: Id, payload: CompleteIn) -> Any:
    _order(order_id)  # an unknown order is 404 whatever the body holds
    services.complete_draft(
        order_id=order_id,
        customer_id=payload.customer_id,
        confirm=payload.confirm,
        actor=_actor(request),
    )
    return _order(order_id)


@router.post("/orders/{order_id}/cancel", response=OrderDetailOut)
def cancel_order(request: HttpRequest, order_id: Id, payload: CancelIn) -> Any:
    _order(order_id)  # an unknown order is 404 whatever the body holds
    services.cancel_order(
        order_id=order_id, reason=payload.reason, refund=payload.refund, actor=_actor(request)
    )
    return _order(order_id)


@router.post("/orders/{order_id}/close", response=OrderDetailOut)
def close_order(request: HttpRequest, order_id: Id) -> Any:
    _order(order_id)  # an unknown order is 404 whatever the body holds
    services.close_order(order_id=order_id, actor=_actor(request))
    return _order(order_id)


def _shipment(payload: FulfilIn) -> dict[str, Any]:
    """What a fulfilment request ships: where from, which lines, with which tracking."""
    location_id = _location(payload.location_id, payload.location, "location")
    if location_id is None:
        raise FieldError("location", "give location (code) or location_id")
    return {
        "location_id": location_id,
        "lines": None
        if payload.lines is None
        else [FulfilLine(x.line_id, x.quantity) for x in payload.lines],
        "tracking": Tracking(
            carrier=payload.carrier,
            number=payload.tracking_number,
            url=payload.tracking_url,
            notify_customer=payload.notify_customer,
            shipped_at=payload.shipped_at,
        ),
    }


@router.post("/orders/{order_id}/fulfilments", response={201: OrderDetailOut})
def fulfil_order(request: HttpRequest, order_id: Id, payload: FulfilIn) -> Status[Any]:
    _order(order_id)  # an unknown order is 404 whatever the body holds
    services.fulfil_order(order_id=order_id, **_shipment(payload), actor=_actor(request))
    return Status(201, _order(order_id))


@router.patch("/orders/{order_id}/fulfilments/{fulfilment_id}/tracking", response=OrderDetailOut)
def update_tracking(
    request: HttpRequest, order_id: Id, fulfilment_id: Id, payload: TrackingIn
) -> Any:
    """Replace a fulfilment's carrier, tracking number(s) and URL after shipment; an order that
    came from a channel has the change sent there (sync orders). The same values again change
    nothing."""
    _order(order_id)
    if not Fulfilment.objects.filter(pk=fulfilment_id, order_id=order_id).exists():
        raise NotFound("fulfilment_id", f"order {order_id} has no fulfilment {fulfilment_id}")
    services.update_tracking(
        fulfilment_id=fulfilment_id,
        tracking=Tracking(
            carrier=payload.carrier,
            number=payload.tracking_number,
            url=payload.tracking_url,
            notify_customer=payload.notify_customer,
        ),
        actor=_actor(request),
    )
    return _order(order_id)


@router.post(
    "/orders/{order_id}/fulfilments/import",
    response={200: ChannelFulfilmentOut, 201: ChannelFulfilmentOut},
)
def import_fulfilment(request: HttpRequest, order_id: Id, payload: ChannelFulfilIn) -> Status[Any]:
    """Record a channel's fulfilment exactly once: 201 when it ships now, 200 with the one
    already recorded when (channel, external_id) was imported before (nothing ships again);
    409 when that fulfilment belongs to another order."""
    _order(order_id)  # an unknown order is 404 whatever the body holds
    fulfilment, created = services.record_channel_fulfilment(
        order_id=order_id,
        channel=payload.channel,
        external_id=payload.external_id,
        **_shipment(payload),
        actor=_actor(request),
    )
    shipped = Fulfilment.objects.select_related("location").get(pk=fulfilment.pk)
    return Status(
        201 if created else 200,
        {"created": created, "fulfilment": shipped, "order": _order(order_id)},
    )


@router.post("/orders/{order_id}/refunds", response={201: OrderDetailOut})
def refund_order(request: HttpRequest, order_id: Id, payload: RefundIn) -> Status[Any]:
    _order(order_id)  # an unknown order is 404 whatever the body holds
    services.refund_order(
        order_id=order_id,
        spec=RefundSpec(
            lines=tuple(
                RefundLineSpec(
                    line_id=x.line_id,
                    quantity=x.quantity,
                    restock=x.restock,
                    location_id=_location(x.location_id, x.location, f"lines[{i}].location"),
                    damaged=x.damaged,
                )
                for i, x in enumerate(payload.lines)
            ),
            shipping_amount=payload.shipping_amount,
            amount=payload.amount,
            note=payload.note,
        ),
        actor=_actor(request),
    )
    return Status(201, _order(order_id))


@router.post("/orders/{order_id}/invoices", response={201: InvoiceOut})
def create_invoice(request: HttpRequest, order_id: Id, payload: InvoiceIn) -> Status[Any]:
    _order(order_id)  # an unknown order is 404 whatever the body holds
    invoice = services.create_invoice(
        order_id=order_id, fulfilment_id=payload.fulfilment_id, actor=_actor(request)
    )
    return Status(201, Invoice.objects.get(pk=invoice.pk))


@router.post("/invoices/{invoice_id}/payments", response={201: PaymentOut})
def record_payment(request: HttpRequest, invoice_id: Id, payload: PaymentIn) -> Status[Any]:
    if not Invoice.objects.filter(pk=invoice_id).exists():
        raise InvoiceNotFound(invoice_id)
    payment = services.record_payment(
        invoice_id=invoice_id,
        amount=payload.amount,
        authorize_only=payload.authorize_only,
        gateway=payload.gateway,
        reference=payload.reference,
        actor=_actor(request),
    )
    return Status(201, Payment.objects.get(pk=payment.pk))


@router.get("/invoices/{invoice_id}", response=InvoiceOut)
def get_invoice(request: HttpRequest, invoice_id: Id) -> Any:
    invoice = Invoice.objects.filter(pk=invoice_id).first()
    if invoice is None:
        raise InvoiceNotFound(invoice_id)
    return invoice


@router.post("/payments/{payment_id}/capture", response=PaymentOut)
def capture_payment(request: HttpRequest, payment_id: Id) -> Any:
    services.capture_payment(payment_id=payment_id, actor=_actor(request))
    return Payment.objects.get(pk=payment_id)


@router.post("/payments/{payment_id}/void", response=PaymentOut)
def void_payment(request: HttpRequest, payment_id: Id) -> Any:
    services.void_payment(payment_id=payment_id, actor=_actor(request))
    return Payment.objects.get(pk=payment_id)
