"""Stock screens: levels by location with filters; adjust, count and transfer forms calling
the inventory services; a variant's history (the ledger with reasons, its stock over time as
a chart, its low-stock threshold); transfers in transit and their receiving."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.db.models import F, Q, Value
from django.db.models.functions import Coalesce
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_POST

from stockbridge.catalog.models import Variant
from stockbridge.inventory import services
from stockbridge.inventory.models import Movement, StockLevel, Transfer, TransferStatus
from stockbridge.inventory.thresholds import set_threshold, threshold_of
from stockbridge.platform import clock
from stockbridge.platform.errors import FieldError, ValidationErrors
from stockbridge.purchasing.promise import promises

from . import charts
from .access import staff_required
from .form_errors import show_error
from .paging import page_of
from .stock_forms import AdjustForm, CountForm, LevelFilter, TransferForm

SECTION = {"section": "stock"}
HISTORY_POINTS = 60  # the chart's last movements


def _actor(request: HttpRequest) -> str:
    return str(request.user.get_username())


@staff_required
def levels(request: HttpRequest) -> HttpResponse:
    """Every stock level (variant x location), filtered by SKU/product, location and what it
    shows (nothing available, low, incoming)."""
    filters = LevelFilter(request.GET or None)
    qs = StockLevel.objects.select_related("variant", "variant__product", "location").annotate(
        avail=F("on_hand") - F("committed"),
        threshold=Coalesce(F("variant__low_stock_threshold__units"), Value(0)),
    )
    if filters.is_valid():
        data = filters.cleaned_data
        if data["q"]:
            qs = qs.filter(
                Q(variant__sku__icontains=data["q"])
                | Q(variant__product__title__icontains=data["q"])
            )
        if data["location"]:
            qs = qs.filter(location=data["location"])
        show = data["show"]
        if show == "out":
            qs = qs.filter(avail__lte=0)
        elif show == "low":
            qs = qs.filter(avail__lte=F("threshold"))
        elif show == "incoming":
            qs = qs.filter(incoming__gt=0)
    page = page_of(request, qs.order_by("variant__sku", "location__priority", "location_id"))
    return render(
        request, "backoffice/stock/levels.html", {**SECTION, "filters": filters, "page": page}
    )


def _form_page(
    request: HttpRequest,
    form: forms.Form,
    template: str,
    write: Any,
    aliases: dict[str, str],
) -> HttpResponse:
    """GET: the empty form (SKU/location prefilled from the query). POST: call `write` with
    the cleaned data; a service error goes next to the field it names, and nothing is
    written."""
    if request.method == "POST" and form.is_valid():
        try:
            done = write(form.cleaned_data)
        except (FieldError, ValidationErrors) as exc:
            show_error(form, exc, aliases)
        else:
            message, target = done
            messages.success(request, message)
            return HttpResponseRedirect(target)
    status = 400 if request.method == "POST" else 200
    return render(request, template, {**SECTION, "form": form}, status=status)


def _initial(request: HttpRequest) -> dict[str, str]:
    return {k: request.GET[k] for k in ("sku", "location") if k in request.GET}


@staff_required
def adjust(request: HttpRequest) -> HttpResponse:
    form = AdjustForm(request.POST or None, initial=_initial(request))

    def write(data: dict[str, Any]) -> tuple[str, str]:
        variant = data["sku"]
        movement = services.adjust(
            variant_id=variant.pk,
            location_id=data["location"].pk,
            delta=data["delta"],
            reason=data["reason"],
            note=data["note"],
            actor=_actor(request),
        )
        return (
            f"{variant.sku} at {data['location'].code}: {movement.on_hand_delta:+} "
            f"({movement.get_reason_display()}), on hand now {movement.on_hand_after}",
            reverse("backoffice:variant_stock", args=[variant.pk]),
        )

    return _form_page(
        request,
        form,
        "backoffice/stock/adjust.html",
        write,
        {"variant_id": "sku", "location_id": "location"},
    )


@staff_required
def count(request: HttpRequest) -> HttpResponse:
    form = CountForm(request.POST or None, initial=_initial(request))

    def write(data: dict[str, Any]) -> tuple[str, str]:
        variant = data["sku"]
        movement = services.count(
            variant_id=variant.pk,
            location_id=data["location"].pk,
            counted=data["counted"],
            actor=_actor(request),
        )
        return (
            f"{variant.sku} at {data['location'].code} counted: on hand now "
            f"{movement.on_hand_after} ({movement.on_hand_delta:+})",
            reverse("backoffice:variant_stock", args=[variant.pk]),
        )

    return _form_page(
        request,
        form,
        "backoffice/stock/count.html",
        write,
        {"variant_id": "sku", "location_id": "location"},
    )


@staff_required
def transfer(request: HttpRequest) -> HttpResponse:
    form = TransferForm(request.POST or None, initial=_initial(request))

    def write(data: dict[str, Any]) -> tuple[str, str]:
        made = services.create_transfer(
            source_id=data["source"].pk,
            destination_id=data["destination"].pk,
            lines=[(line.variant.pk, line.quantity) for line in data["lines"]],
            note=data["note"],
            actor=_actor(request),
        )
        units = sum(line.quantity for line in data["lines"])
        return (
            f"Transfer {made.pk} shipped: {units} units from {data['source'].code} "
            f"to {data['destination'].code}",
            reverse("backoffice:transfers"),
        )

    return _form_page(
        request,
        form,
        "backoffice/stock/transfer.html",
        write,
        {"source_id": "source", "destination_id": "destination"},
    )


@staff_required
def transfers(request: HttpRequest) -> HttpResponse:
    """Transfers, those still in transit first, with their lines."""
    qs = (
        Transfer.objects.select_related("source", "destination")
        .prefetch_related("lines__variant")
        .order_by(
            Coalesce(F("received_at"), F("created_at")).desc(),
            "-id",
        )
    )
    status = request.GET.get("status", "")
    if status in TransferStatus.values:
        qs = qs.filter(status=status)
    page = page_of(request, qs)
    return render(
        request,
        "backoffice/stock/transfers.html",
        {**SECTION, "page": page, "status": status, "statuses": TransferStatus.choices},
    )


@staff_required
@require_POST
def receive_transfer(request: HttpRequest, transfer_id: int) -> HttpResponse:
    """Receive everything still in transit on a transfer."""
    try:
        done = services.receive_transfer(transfer_id=transfer_id, actor=_actor(request))
    except FieldError as exc:
        messages.error(request, f"Transfer {transfer_id}: {exc.reason}")
    else:
        messages.success(request, f"Transfer {done.pk} received at {done.destination.code}")
    return HttpResponseRedirect(reverse("backoffice:transfers"))


class ThresholdForm(forms.Form):
    units = forms.IntegerField(
        label="Low-stock threshold",
        min_value=0,
        help_text="Low when available units at a location are at or below this figure.",
    )


def _history_chart(variant: Variant) -> Any:
    """On hand over the variant's last movements, summed over its locations: a location with
    no movement in the window holds its figure of now throughout; one with movements starts
    from its figure before the first of them."""
    rows = list(
        Movement.objects.filter(variant_id=variant.pk)
        .order_by("-id")
        .values_list("location_id", "on_hand_delta", "on_hand_after", "created_at")[:HISTORY_POINTS]
    )
    rows.reverse()
    if not rows:
        return None
    current = dict(
        StockLevel.objects.filter(variant_id=variant.pk).values_list("location_id", "on_hand")
    )
    for loc, delta, after, _ in reversed(rows):
        current[loc] = after - delta  # ends as the figure before the window's first movement
    points = []
    for loc, _, after, at in rows:
        current[loc] = after
        points.append(charts.Point(at.strftime("%Y-%m-%d %H:%M"), sum(current.values())))
    return charts.line_chart(
        f"On hand of {variant.sku} over its last {len(points)} movements",
        [charts.Series("On hand", points)],
    )


@staff_required
def variant_stock(request: HttpRequest, variant_id: int) -> HttpResponse:
    """A variant's levels per location, its ledger (newest first, with reasons and notes), its
    stock over time, and its low-stock threshold."""
    variant = Variant.objects.select_related("product").filter(pk=variant_id).first()
    if variant is None:
        raise Http404(f"no variant {variant_id}")
    form = ThresholdForm(request.POST or None, initial={"units": threshold_of(variant.pk)})
    if request.method == "POST" and form.is_valid():
        try:
            units = set_threshold(variant_id=variant.pk, units=form.cleaned_data["units"])
        except FieldError as exc:
            show_error(form, exc)
        else:
            messages.success(request, f"{variant.sku} is low at {units} units or fewer")
            return HttpResponseRedirect(reverse("backoffice:variant_stock", args=[variant.pk]))
    ledger = Movement.objects.filter(variant_id=variant.pk).select_related("location")
    reason = request.GET.get("reason", "")
    if reason:
        ledger = ledger.filter(reason=reason)
    context = {
        **SECTION,
        "variant": variant,
        "levels": list(
            StockLevel.objects.filter(variant_id=variant.pk)
            .select_related("location")
            .order_by("location__priority", "location_id")
        ),
        "page": page_of(request, ledger.order_by("-id")),
        "chart": _history_chart(variant),
        # what can be promised by date per location: available now, then open purchase orders
        # by their expected date (the rows the wholesale portal is sent)
        "promises": promises(today=clock.now().date(), variant_ids=[variant.pk]),
        "form": form,
        "reason": reason,
        "reasons": Movement._meta.get_field("reason").choices,
    }
    return render(
        request,
        "backoffice/stock/variant.html",
        context,
        status=400 if request.method == "POST" else 200,
    )
