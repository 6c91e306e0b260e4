"""The page a store sends the merchant back to after approving the app's install (OAuth):
the install is completed (signature, shop, state checked; code exchanged; token tested) and
the merchant lands on the channel's page. Login is required: only a signed-in user of this
hub can finish an install it started."""

from __future__ import annotations

import html

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse

from stockbridge.channels import services
from stockbridge.channels.models import Channel
from stockbridge.platform.errors import FieldError


@login_required
def callback(request: HttpRequest, kind: str) -> HttpResponse:
    params = {key: request.GET.get(key, "") for key in request.GET}
    shop = params.get("shop", "").strip().lower()
    channel = Channel.objects.filter(kind=kind, domain=shop).first() if shop else None
    if channel is None:
        return _refused(404, "shop", f"no {kind} channel has the store {shop[:255]!r}")
    try:
        services.complete_install(channel=channel, params=params)
    except FieldError as exc:
        return _refused(400, exc.field, exc.reason)
    messages.success(request, f"{channel.name} is connected (OAuth install approved)")
    return HttpResponseRedirect(reverse("backoffice:channel", args=[channel.pk]))


def _refused(status: int, field: str, reason: str) -> HttpResponse:
    body = (
        "<!doctype html><title>Install not completed</title>"
        "<h1>The install was not completed</h1>"
        f"<p>{html.escape(field)}: {html.escape(reason)}</p>"
    )
    return HttpResponse(body, status=status, content_type="text/html; charset=utf-8")
