"""Order screens: the list with filters and customer/date columns, creating an order, and
the order page (lines with their allocation, a timeline) with its actions: confirm, fulfil
from a location with tracking, cancel, refund with a restock choice, invoice, take a payment.
Every action calls an order service; its errors are shown next to the field they name."""

from __future__ import annotations

from datetime import datetime, time, timedelta
from decimal import Decimal
from typing import Any

from django import forms
from django.contrib import messages
from django.db.models import Q
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from stockbridge.channels import order_origin
from stockbridge.orders import services
from stockbridge.orders.models import Order
from stockbridge.orders.specs import (
    FulfilLine,
    LineSpec,
    OrderSpec,
    RefundLineSpec,
    RefundSpec,
    ShippingSpec,
    Tracking,
)
from stockbridge.orders.states import ALLOWED, Action
from stockbridge.platform.errors import FieldError, ValidationErrors
from stockbridge.platform.money_display import format_money

from . import order_timeline
from .access import staff_required
from .form_errors import show_error
from .order_forms import (
    CancelForm,
    FulfilForm,
    NewOrderForm,
    OrderFilter,
    PaymentForm,
    RefundForm,
)
from .paging import page_of

SECTION = {"section": "orders"}


def _actor(request: HttpRequest) -> str:
    return str(request.user.get_username())


def _day_start(day: Any) -> datetime:
    return timezone.make_aware(datetime.combine(day, time.min))


@staff_required
def orders(request: HttpRequest) -> HttpResponse:
    """Orders, newest first, by status, channel, placing date and number or customer."""
    filters = OrderFilter(request.GET or None)
    qs = Order.objects.select_related("customer").order_by("-placed_at", "-id")
    if filters.is_valid():
        data = filters.cleaned_data
        if data["q"]:
            q = data["q"]
            qs = qs.filter(
                Q(number__icontains=q)
                | Q(external_name__icontains=q)
                | Q(email__icontains=q)
                | Q(customer__email__icontains=q)
                | Q(customer__first_name__icontains=q)
                | Q(customer__last_name__icontains=q)
                | Q(customer__company__icontains=q)
            )
        if data["status"]:
            qs = qs.filter(status=data["status"])
        if data["channel"]:
            qs = qs.filter(channel="" if data["channel"] == "hub" else data["channel"])
        if data["since"]:
            qs = qs.filter(placed_at__gte=_day_start(data["since"]))
        if data["until"]:
            qs = qs.filter(placed_at__lt=_day_start(data["until"] + timedelta(days=1)))
    page = page_of(request, qs)
    names = order_origin.names()
    for row in page.object_list:
        row.channel_name = names.get(row.channel, row.channel)  # the channel's name, not "kind:id"
    return render(
        request, "backoffice/orders/list.html", {**SECTION, "filters": filters, "page": page}
    )


@staff_required
def new_order(request: HttpRequest) -> HttpResponse:
    form = NewOrderForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        shipping: tuple[ShippingSpec, ...] = ()
        if data["shipping_title"] or data["shipping_price"]:
            shipping = (
                ShippingSpec(
                    title=data["shipping_title"] or "Shipping",
                    price=data["shipping_price"] or Decimal(0),
                ),
            )
        customer = data["customer"]
        spec = OrderSpec(
            currency=data["currency"],
            lines=tuple(
                LineSpec(
                    quantity=line.quantity, variant_id=line.variant.pk, unit_price=line.unit_cost
                )
                for line in data["lines"]
            ),
            shipping_lines=shipping,
            customer_id=customer.pk if customer else None,
            email=data["email"] or (customer.email if customer else ""),
            note=data["note"],
        )
        try:
            order = services.create_order(spec=spec, confirm=data["confirm"], actor=_actor(request))
        except (FieldError, ValidationErrors) as exc:
            show_error(
                form,
                exc,
                {
                    "customer_id": "customer",
                    "shipping_lines": "shipping_price",
                    "shipping_lines[0].price": "shipping_price",
                    "shipping_lines[0].title": "shipping_title",
                },
            )
        else:
            messages.success(
                request, f"Order {order.number} created ({order.get_status_display()})"
            )
            return HttpResponseRedirect(reverse("backoffice:order", args=[order.pk]))
    return render(
        request,
        "backoffice/orders/new.html",
        {**SECTION, "form": form},
        status=400 if request.method == "POST" else 200,
    )


def _can(order: Order, action: Action) -> bool:
    return order.status in ALLOWED[action]


def _page(
    request: HttpRequest,
    order: Order,
    bound: dict[str, forms.Form] | None = None,
    status: int = 200,
) -> HttpResponse:
    bound = bound or {}
    invoiced_all = all(
        line.invoiced_quantity >= line.quantity - line.removed_quantity
        for line in order.lines.all()
    )
    context = {
        **SECTION,
        "order": order,
        "lines": list(order.lines.all()),
        "steps": order_timeline.steps(order),
        "can_confirm": _can(order, Action.CONFIRM),
        "can_fulfil": _can(order, Action.FULFIL),
        "can_cancel": _can(order, Action.CANCEL),
        "can_refund": _can(order, Action.REFUND),
        "can_invoice": _can(order, Action.INVOICE) and not invoiced_all,
        "open_invoices": [i for i in order.invoices.all() if i.total > i.amount_paid],
        "fulfil_form": bound.get("fulfil") or FulfilForm(order, prefix="fulfil"),
        "cancel_form": bound.get("cancel") or CancelForm(prefix="cancel"),
        "refund_form": bound.get("refund") or RefundForm(order, prefix="refund"),
        "payment_form": bound.get("payment") or PaymentForm(order, prefix="payment"),
    }
    return render(request, "backoffice/orders/order.html", context, status=status)


def _load(order_id: int) -> Order:
    order = order_timeline.load(order_id)
    if order is None:
        raise Http404(f"no order {order_id}")
    return order


@staff_required
def order(request: HttpRequest, order_id: int) -> HttpResponse:
    return _page(request, _load(order_id))


def _line_aliases(sent: list[str]) -> dict[str, str]:
    """`lines[i].quantity` (the i-th line sent) -> the form field of that line."""
    aliases = {}
    for i, name in enumerate(sent):
        aliases[f"lines[{i}].quantity"] = name
        aliases[f"lines[{i}].line_id"] = name
    return aliases


def _fulfil(request: HttpRequest, order: Order) -> tuple[forms.Form, str]:
    form = FulfilForm(order, request.POST, prefix="fulfil")
    if not form.is_valid():
        raise _Invalid(form)
    data = form.cleaned_data
    sent = [(line, name) for line, name in form.line_fields if data.get(name)]
    try:
        done = services.fulfil_order(
            order_id=order.pk,
            location_id=data["location"].pk,
            lines=[FulfilLine(line_id=line.pk, quantity=data[name]) for line, name in sent] or None,
            tracking=Tracking(
                carrier=data["carrier"],
                number=data["tracking_number"],
                url=data["tracking_url"],
                notify_customer=data["notify_customer"],
            ),
            actor=_actor(request),
        )
    except (FieldError, ValidationErrors) as exc:
        aliases = _line_aliases([name for _, name in sent])
        aliases |= {"location_id": "location", "tracking_carrier": "carrier"}
        show_error(form, exc, aliases)
        raise _Invalid(form) from exc
    units = sum(fl.quantity for fl in done.lines.all())
    return form, f"{units} units fulfilled from {data['location'].code}"


def _refund(request: HttpRequest, order: Order) -> tuple[forms.Form, str]:
    form = RefundForm(order, request.POST, prefix="refund")
    if not form.is_valid():
        raise _Invalid(form)
    data = form.cleaned_data
    sent = [(line, name) for line, name in form.line_fields if data.get(name)]
    spec = RefundSpec(
        lines=tuple(
            RefundLineSpec(
                line_id=line.pk,
                quantity=data[name],
                restock=data["restock"],
                location_id=data["location"].pk if data["location"] else None,
                damaged=data["damaged"],
            )
            for line, name in sent
        ),
        shipping_amount=data["shipping_amount"] or Decimal(0),
        amount=data["amount"],
        note=data["note"],
    )
    try:
        refund = services.refund_order(order_id=order.pk, spec=spec, actor=_actor(request))
    except (FieldError, ValidationErrors) as exc:
        aliases = _line_aliases([name for _, name in sent])
        aliases |= {f"lines[{i}].location_id": "location" for i in range(len(sent))}
        aliases |= {f"lines[{i}].restock": "restock" for i in range(len(sent))}
        aliases |= {"lines": sent[0][1] if sent else form.line_fields[0][1]}
        show_error(form, exc, aliases)
        raise _Invalid(form) from exc
    return form, f"Refunded {format_money(refund.amount, order.currency)}"


def _payment(request: HttpRequest, order: Order) -> tuple[forms.Form, str]:
    form = PaymentForm(order, request.POST, prefix="payment")
    if not form.is_valid():
        raise _Invalid(form)
    data = form.cleaned_data
    try:
        payment = services.record_payment(
            invoice_id=data["invoice"].pk,
            amount=data["amount"],
            gateway=data["gateway"],
            reference=data["reference"],
            actor=_actor(request),
        )
    except (FieldError, ValidationErrors) as exc:
        show_error(form, exc, {"invoice_id": "invoice"})
        raise _Invalid(form) from exc
    return form, f"Payment of {format_money(payment.amount, order.currency)} recorded"


def _cancel(request: HttpRequest, order: Order) -> tuple[forms.Form, str]:
    form = CancelForm(request.POST, prefix="cancel")
    if not form.is_valid():
        raise _Invalid(form)
    try:
        services.cancel_order(
            order_id=order.pk, reason=form.cleaned_data["reason"], actor=_actor(request)
        )
    except (FieldError, ValidationErrors) as exc:
        show_error(form, exc, {"refund": "reason"})
        raise _Invalid(form) from exc
    return form, f"Order {order.number} cancelled"


class _Invalid(Exception):  # a control-flow signal carrying the bound form
    def __init__(self, form: forms.Form) -> None:
        super().__init__("invalid form")
        self.form = form


FORMS = {"fulfil": _fulfil, "refund": _refund, "payment": _payment, "cancel": _cancel}


@staff_required
@require_POST
def order_action(request: HttpRequest, order_id: int, action: str) -> HttpResponse:
    """One action on the order. Confirm, invoice and close take no input; the others post
    their form, shown again with its errors when the service refuses (nothing changed)."""
    order = _load(order_id)
    target = reverse("backoffice:order", args=[order.pk])
    simple = {
        "confirm": (services.confirm_order, "Order {number} confirmed"),
        "close": (services.close_order, "Order {number} closed"),
    }
    if action in simple:
        write, said = simple[action]
        try:
            write(order_id=order.pk, actor=_actor(request))
        except FieldError as exc:
            messages.error(request, f"{exc.field}: {exc.reason}")
        else:
            messages.success(request, said.format(number=order.number))
        return HttpResponseRedirect(target)
    if action == "invoice":
        try:
            invoice = services.create_invoice(order_id=order.pk, actor=_actor(request))
        except FieldError as exc:
            messages.error(request, f"{exc.field}: {exc.reason}")
        else:
            messages.success(request, f"Invoice {invoice.number} issued")
        return HttpResponseRedirect(target)
    handler = FORMS.get(action)
    if handler is None:
        raise Http404(f"no action {action}")
    try:
        _, said = handler(request, order)
    except _Invalid as invalid:
        return _page(request, order, {action: invalid.form}, status=400)
    messages.success(request, said)
    return HttpResponseRedirect(target)
