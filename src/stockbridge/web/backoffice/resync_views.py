"""Resync on a channel: the hub's products not on it yet, filtered (season, product type,
search) and paged, each with a checkbox; "Add as drafts" creates the checked ones on the
channel as drafts (one publish run, whose page opens). A channel whose kind cannot publish
shows the list and says why nothing can be added."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_POST

from stockbridge.catalog.models import Product
from stockbridge.platform.errors import FieldError, ValidationErrors
from stockbridge.sync.resync.adding import add_as_drafts, cannot_publish
from stockbridge.sync.resync.candidates import Filters, unlisted

from .access import staff_required
from .channel_views import SECTION, channel_or_404
from .paging import page_of


@staff_required
def resync(request: HttpRequest, channel_id: int) -> HttpResponse:
    channel = channel_or_404(channel_id)
    filters = Filters(
        season=request.GET.get("season", "").strip(),
        product_type=request.GET.get("product_type", "").strip(),
        search=request.GET.get("search", "").strip(),
    )
    error = ""
    try:
        rows = unlisted(channel, filters).prefetch_related("variants")
    except FieldError as exc:
        error = f"{exc.field}: {exc.reason}"
        rows = Product.objects.none()
    page = page_of(request, rows)
    types = (
        Product.objects.exclude(product_type="")
        .order_by("product_type")
        .values_list("product_type", flat=True)
        .distinct()
    )
    return render(
        request,
        "backoffice/channels/resync.html",
        {
            **SECTION,
            "channel": channel,
            "page": page,
            "filters": filters,
            "types": list(types),
            "error": error,
            "why_not": cannot_publish(channel),
        },
        status=404 if error else 200,
    )


@staff_required
@require_POST
def add_drafts(request: HttpRequest, channel_id: int) -> HttpResponse:
    channel = channel_or_404(channel_id)
    back = reverse("backoffice:resync", args=[channel.pk])
    picked = [int(p) for p in request.POST.getlist("product") if p.isdigit() and len(p) <= 18]
    try:
        added = add_as_drafts(channel_id=channel.pk, product_ids=picked)
    except ValidationErrors as exc:
        for error in exc.errors:
            messages.error(request, f"{error.field}: {error.reason}")
        return HttpResponseRedirect(back)
    except FieldError as exc:
        messages.error(request, f"{exc.field}: {exc.reason}")
        return HttpResponseRedirect(back)
    if added.already_listed:
        messages.info(
            request, f"{len(added.already_listed)} product(s) were on the channel already"
        )
    messages.success(request, f"Run {added.run.pk} added the products as drafts")
    return HttpResponseRedirect(reverse("backoffice:run", args=[added.run.pk]))
