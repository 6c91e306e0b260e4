"""Which of our locations feed which of the store's: one choice per hub location among the
store's own locations (read from the store), an unmapped one suggesting the store location of
the same name. Saving maps and unmaps through the channel services."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse

from stockbridge.channels import services
from stockbridge.channels.models import Channel, LocationMapping
from stockbridge.channels.port import RemoteLocation
from stockbridge.inventory.models import Location
from stockbridge.platform.errors import FieldError

from .access import staff_required
from .channel_views import SECTION, channel_or_404

NOT_MAPPED = ""


class LocationsForm(forms.Form):
    """One select per hub location: the store location it feeds, or none."""

    def __init__(
        self,
        ours: list[Location],
        theirs: list[RemoteLocation],
        current: dict[int, str],
        *args: object,
        **kwargs: object,
    ) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        by_name = {r.name.casefold(): r.remote_id for r in theirs}
        choices = [(NOT_MAPPED, "not sent to this store"), *((r.remote_id, r.name) for r in theirs)]
        self.locations = {f"location_{loc.pk}": loc for loc in ours}
        for name, loc in self.locations.items():
            self.fields[name] = forms.ChoiceField(
                label=f"{loc.name} ({loc.code})", choices=choices, required=False
            )
            self.initial[name] = current.get(loc.pk, by_name.get(loc.name.casefold(), NOT_MAPPED))


@staff_required
def locations(request: HttpRequest, channel_id: int) -> HttpResponse:
    found = channel_or_404(channel_id)
    target = reverse("backoffice:channel", args=[found.pk])
    try:
        theirs = services.remote_locations(channel=found)
    except FieldError as exc:
        messages.error(request, f"{exc.field}: {exc.reason}")
        return HttpResponseRedirect(target)
    ours = list(Location.objects.filter(is_active=True).order_by("code"))
    current = dict(
        LocationMapping.objects.filter(channel=found).values_list(
            "location_id", "remote_location_id"
        )
    )
    form = LocationsForm(ours, theirs, current, request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            mapped = _save(found, form, current)
        except FieldError as exc:
            form.add_error(None, f"{exc.field}: {exc.reason}")
        else:
            feed = "1 location feeds" if mapped == 1 else f"{mapped} locations feed"
            messages.success(request, f"{feed} {found.name}")
            return HttpResponseRedirect(target)
    return render(
        request,
        "backoffice/channels/locations.html",
        {**SECTION, "channel": found, "form": form},
        status=400 if request.method == "POST" else 200,
    )


def _save(channel: Channel, form: LocationsForm, current: dict[int, str]) -> int:
    mapped = 0
    for name, loc in form.locations.items():
        remote_id = form.cleaned_data[name]
        if remote_id:
            if current.get(loc.pk) != remote_id:
                services.map_location(
                    channel=channel, location=loc.pk, remote_location_id=remote_id
                )
            mapped += 1
        elif loc.pk in current:
            services.unmap_location(channel=channel, location=loc.pk)
    return mapped
