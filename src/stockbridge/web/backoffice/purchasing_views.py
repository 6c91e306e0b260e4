"""Purchasing screens: purchase orders (create with unit costs, place, receive in part or in
full, cancel), incoming stock by expected date, and suppliers. Every write is a purchasing or
catalog service; its errors are shown next to the field they name."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.core.paginator import Page
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_POST

from stockbridge.catalog import suppliers as supplier_service
from stockbridge.catalog.models import Supplier, Variant
from stockbridge.catalog.suppliers import SupplierSpec
from stockbridge.inventory.models import Location
from stockbridge.platform.bounds import CURRENCY_PLACES
from stockbridge.platform.errors import FieldError, ValidationErrors
from stockbridge.purchasing import queries, services
from stockbridge.purchasing.models import PurchaseOrder, PurchaseOrderStatus
from stockbridge.purchasing.services import LineSpec

from .access import staff_required
from .form_errors import show_error
from .paging import page_of
from .stock_forms import parse_lines

SECTION = {"section": "purchasing"}


def _actor(request: HttpRequest) -> str:
    return str(request.user.get_username())


class PurchaseOrderForm(forms.Form):
    supplier = forms.ModelChoiceField(
        queryset=Supplier.objects.order_by("name"), label="Supplier", empty_label="Choose"
    )
    location = forms.ModelChoiceField(
        queryset=Location.objects.filter(is_active=True).order_by("priority", "id"),
        label="Receive at",
        empty_label="Choose",
    )
    expected_on = forms.DateField(
        label="Expected on",
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    currency = forms.ChoiceField(
        label="Currency of the unit costs",
        choices=[(c, c) for c in sorted(CURRENCY_PLACES)],
        initial="USD",
    )
    lines = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 6}),
        label="Lines",
        help_text="One per line: SKU, quantity, unit cost (for example: LS-M, 24, 12.50)",
    )
    note = forms.CharField(label="Note", required=False, max_length=255)
    place = forms.BooleanField(label="Place it with the supplier now", required=False)

    def clean_lines(self) -> Any:
        return parse_lines(self.cleaned_data["lines"], with_cost=True)


@staff_required
def purchase_orders(request: HttpRequest) -> HttpResponse:
    status = request.GET.get("status", "")
    supplier = request.GET.get("supplier", "")
    qs = PurchaseOrder.objects.select_related("supplier", "location").order_by("-id")
    if status in PurchaseOrderStatus.values:
        qs = qs.filter(status=status)
    if supplier.isdigit():
        qs = qs.filter(supplier_id=int(supplier))
    page = page_of(request, qs)
    return render(
        request,
        "backoffice/purchasing/orders.html",
        {
            **SECTION,
            "page": page,
            "status": status,
            "supplier": supplier,
            "statuses": PurchaseOrderStatus.choices,
            "suppliers": list(Supplier.objects.order_by("name").values_list("pk", "name")),
        },
    )


@staff_required
def new_purchase_order(request: HttpRequest) -> HttpResponse:
    form = PurchaseOrderForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            po = services.create_purchase_order(
                supplier_id=data["supplier"].pk,
                location_id=data["location"].pk,
                lines=[
                    LineSpec(
                        variant_id=line.variant.pk, quantity=line.quantity, unit_cost=line.unit_cost
                    )
                    for line in data["lines"]
                ],
                expected_on=data["expected_on"],
                currency=data["currency"],
                note=data["note"],
                place=data["place"],
                actor=_actor(request),
            )
        except (FieldError, ValidationErrors) as exc:
            show_error(form, exc, {"supplier_id": "supplier", "location_id": "location"})
        else:
            messages.success(request, f"{po.number} created ({po.get_status_display()})")
            return HttpResponseRedirect(reverse("backoffice:purchase_order", args=[po.pk]))
    return render(
        request,
        "backoffice/purchasing/new.html",
        {**SECTION, "form": form},
        status=400 if request.method == "POST" else 200,
    )


def _receive_form(po: PurchaseOrder, data: Any = None) -> forms.Form:
    form = forms.Form(data)
    for line in po.lines.all():
        form.fields[f"line_{line.variant_id}"] = forms.IntegerField(
            label=f"Receive {line.variant.sku}",
            min_value=0,
            required=False,
            initial=line.open_quantity,
        )
    return form


@staff_required
def purchase_order(request: HttpRequest, purchase_order_id: int) -> HttpResponse:
    """A purchase order: its lines with unit costs, what was received, and the forms to place,
    receive (each line's units, a part or all) and cancel it."""
    po = (
        PurchaseOrder.objects.select_related("supplier", "location")
        .prefetch_related("lines__variant__product")
        .filter(pk=purchase_order_id)
        .first()
    )
    if po is None:
        raise Http404(f"no purchase order {purchase_order_id}")
    form = _receive_form(po, request.POST or None)
    status = 200
    if request.method == "POST" and form.is_valid():
        quantities = {
            int(name.removeprefix("line_")): units
            for name, units in form.cleaned_data.items()
            if units
        }
        try:
            services.receive_purchase_order(
                purchase_order_id=po.pk, quantities=quantities, actor=_actor(request)
            )
        except FieldError as exc:
            skus = {
                f'quantities["{line.variant.sku}"]': f"line_{line.variant_id}"
                for line in po.lines.all()
            }
            show_error(form, exc, skus)
            status = 400
        else:
            units = sum(quantities.values())
            messages.success(request, f"{po.number}: {units} units received at {po.location.code}")
            return HttpResponseRedirect(reverse("backoffice:purchase_order", args=[po.pk]))
    elif request.method == "POST":
        status = 400
    lines = list(po.lines.all())
    costed = [line.line_cost for line in lines if line.line_cost is not None]
    context = {
        **SECTION,
        "po": po,
        "rows": [(line, form[f"line_{line.variant_id}"]) for line in lines],
        "form": form,
        "total_cost": sum(costed) if costed else None,
        "can_receive": po.status in ("ordered", "partially_received"),
    }
    return render(request, "backoffice/purchasing/order.html", context, status=status)


@staff_required
@require_POST
def purchase_order_action(
    request: HttpRequest, purchase_order_id: int, action: str
) -> HttpResponse:
    """Place or cancel a purchase order."""
    write = {
        "place": services.place_purchase_order,
        "cancel": services.cancel_purchase_order,
    }.get(action)
    if write is None:
        raise Http404(f"no action {action}")
    try:
        po = write(purchase_order_id=purchase_order_id, actor=_actor(request))
    except FieldError as exc:
        messages.error(request, f"{exc.field}: {exc.reason}")
    else:
        messages.success(request, f"{po.number} is now {po.get_status_display().lower()}")
    return HttpResponseRedirect(reverse("backoffice:purchase_order", args=[purchase_order_id]))


@staff_required
def incoming(request: HttpRequest) -> HttpResponse:
    """Units still expected from open purchase orders, soonest first (undated last)."""
    location = request.GET.get("location", "")
    rows = queries.incoming(location_id=int(location) if location.isdigit() else None)
    page: Page[Any] = page_of(request, rows)
    skus = dict(
        Variant.objects.filter(pk__in={r.variant_id for r in page.object_list}).values_list(
            "pk", "sku"
        )
    )
    codes = dict(Location.objects.values_list("pk", "code"))
    shown = [
        (r, skus.get(r.variant_id, ""), codes.get(r.location_id, "")) for r in page.object_list
    ]
    return render(
        request,
        "backoffice/purchasing/incoming.html",
        {
            **SECTION,
            "page": page,
            "shown": shown,
            "location": location,
            "locations": list(
                Location.objects.order_by("priority", "id").values_list("pk", "code")
            ),
        },
    )


class SupplierForm(forms.Form):
    name = forms.CharField(label="Name", max_length=255)
    code = forms.CharField(label="Code", max_length=40, help_text="Letters, digits, '.', '_', '-'.")
    email = forms.CharField(label="Email", required=False, max_length=254)
    phone = forms.CharField(label="Phone", required=False, max_length=64)
    lead_time_days = forms.IntegerField(label="Lead time (days)", required=False, min_value=0)


@staff_required
def suppliers(request: HttpRequest) -> HttpResponse:
    q = request.GET.get("q", "").strip()
    page = page_of(request, supplier_service.suppliers(q=q or None))
    return render(
        request, "backoffice/purchasing/suppliers.html", {**SECTION, "page": page, "q": q}
    )


@staff_required
def supplier(request: HttpRequest, supplier_id: int | None = None) -> HttpResponse:
    """Create a supplier, or change one."""
    current = None
    if supplier_id is not None:
        current = Supplier.objects.filter(pk=supplier_id).first()
        if current is None:
            raise Http404(f"no supplier {supplier_id}")
    initial = (
        {f: getattr(current, f) for f in ("name", "code", "email", "phone", "lead_time_days")}
        if current
        else None
    )
    form = SupplierForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            if current is None:
                saved = supplier_service.create_supplier(spec=SupplierSpec(**data))
            else:
                saved = supplier_service.update_supplier(supplier_id=current.pk, changes=data)
        except (FieldError, ValidationErrors) as exc:
            show_error(form, exc)
        else:
            messages.success(request, f"Supplier {saved.name} saved")
            return HttpResponseRedirect(reverse("backoffice:suppliers"))
    return render(
        request,
        "backoffice/purchasing/supplier.html",
        {**SECTION, "form": form, "current": current},
        status=400 if request.method == "POST" else 200,
    )
