"""The catalog list's bulk actions on the ticked products: put them in a season, publish them
to a channel (a "publish listings" run of just those products, on a worker), pause or resume
their listings on a channel. Each goes through its service and comes back to the list with
what it did, or the field and the reason it refused."""

from __future__ import annotations

from collections.abc import Callable

from django.contrib import messages
from django.db import transaction
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse
from django.views.decorators.http import require_POST

from stockbridge.catalog import services as catalog_services
from stockbridge.catalog.models import Season
from stockbridge.channels.models import Channel
from stockbridge.platform.errors import FieldError
from stockbridge.sync import run_requests
from stockbridge.sync.listing_pause import pause_listings, resume_listings

from .access import staff_required

PUBLISH = "publish_listings"


class _Refused(Exception):
    def __init__(self, field: str, reason: str) -> None:
        super().__init__(f"{field}: {reason}")


def _back(request: HttpRequest) -> str:
    back = request.POST.get("next", "")
    return back if back.startswith("/catalog/") else reverse("backoffice:products")


def _ticked(request: HttpRequest) -> list[int]:
    ids = [int(v) for v in request.POST.getlist("product") if v.isdigit()]
    if not ids:
        raise _Refused("product", "tick at least one product")
    return ids


def _products(n: int) -> str:
    return f"{n} product" if n == 1 else f"{n} products"


def _channel(request: HttpRequest) -> Channel:
    value = request.POST.get("channel", "")
    found = Channel.objects.filter(pk=int(value)).first() if value.isdigit() else None
    if found is None:
        raise _Refused("channel", "choose a channel" if not value else f"no channel {value}")
    return found


def _bulk(action: Callable[[HttpRequest], str]) -> Callable[[HttpRequest], HttpResponse]:
    """Run `action`, say what it did (or why not) and go back to the list."""

    @staff_required
    @require_POST
    def view(request: HttpRequest) -> HttpResponse:
        try:
            messages.success(request, action(request))
        except _Refused as exc:
            messages.error(request, str(exc))
        except FieldError as exc:
            messages.error(request, f"{exc.field}: {exc.reason}")
        return HttpResponseRedirect(_back(request))

    view.__doc__ = action.__doc__
    return view


def _assign_season(request: HttpRequest) -> str:
    """Put the ticked products in one season (or none), all or nothing, each through the
    catalog's update service."""
    ids = _ticked(request)
    season_id = request.POST.get("season", "")
    season = Season.objects.filter(pk=season_id).first() if season_id.isdigit() else None
    if season_id and season is None:
        raise _Refused("season", f"no season {season_id}")
    with transaction.atomic():
        for product_id in ids:
            catalog_services.update_product(
                product_id=product_id, changes={"season": season.name if season else None}
            )
    return f"{len(ids)} products now in {season.name if season else 'no season'}"


def _publish(request: HttpRequest) -> str:
    """Publish the ticked products to a channel: a publish listings run of just those, started
    on a worker (its progress on the run log)."""
    ids = _ticked(request)
    channel = _channel(request)
    run_requests.start_run(
        channel_id=channel.pk,
        operation=PUBLISH,
        arguments={"products": ",".join(str(i) for i in ids)},
    )
    return f"Publishing {_products(len(ids))} to {channel.name}: see the run log of {PUBLISH}"


def _pause(request: HttpRequest) -> str:
    """Pause the ticked products' listings on a channel: no pushes until resumed."""
    channel = _channel(request)
    n = pause_listings(channel_id=channel.pk, product_ids=_ticked(request))
    return f"{n} listings paused on {channel.name}"


def _resume(request: HttpRequest) -> str:
    """Resume the ticked products' paused listings on a channel; their stock is pushed."""
    channel = _channel(request)
    n = resume_listings(channel_id=channel.pk, product_ids=_ticked(request))
    return f"{n} listings resumed on {channel.name}"


assign_season = _bulk(_assign_season)
publish = _bulk(_publish)
pause = _bulk(_pause)
resume = _bulk(_resume)
