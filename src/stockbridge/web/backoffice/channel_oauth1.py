"""The channel page's onboarding for kinds that connect by OAuth 1.0 out of band (a wholesale
portal): begin with the consumer pair the portal issued (the page then says where the brand
admin approves the application), finish with the verification code the admin read; and the
environment switch (production or sandbox host) for kinds living on fixed hosts. The same
services as the CLI (`channels.services.begin_oauth1`, `complete_oauth1`, `set_environment`)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django import forms
from django.contrib import messages
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse
from django.views.decorators.http import require_POST

from stockbridge.channels import registry, services
from stockbridge.channels.models import Channel
from stockbridge.platform.errors import FieldError

from .access import staff_required
from .form_errors import show_error

STYLES = (("portal", "The portal's own (hex)"), ("rfc5849", "RFC 5849 (base64)"))


class BeginForm(forms.Form):
    consumer_key = forms.CharField(label="Consumer key", max_length=255)
    consumer_secret = forms.CharField(
        label="Consumer secret", max_length=255, widget=forms.PasswordInput(render_value=False)
    )
    style = forms.ChoiceField(label="Signature style", choices=STYLES, initial="portal")


class VerifierForm(forms.Form):
    verifier = forms.CharField(
        label="Verification code", max_length=255, help_text="Shown by the portal on approval"
    )


class EnvironmentForm(forms.Form):
    environment = forms.ChoiceField(label="Environment")

    def __init__(self, *args: Any, choices: list[str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field: Any = self.fields["environment"]
        field.choices = [(name, name.capitalize()) for name in choices]


def onboarding(channel: Channel, bound: dict[str, Any] | None = None) -> dict[str, Any]:
    """What the channel page shows of this onboarding (nothing for other kinds)."""
    kind = registry.kind(channel.kind)
    bound = bound or {}
    context: dict[str, Any] = {}
    if kind.handshake is not None:
        context["oauth1"] = {
            "begin": bound.get("begin") or BeginForm(),
            "verifier": bound.get("verifier") or VerifierForm(),
            "pending": channel.install_state == "oauth1",
        }
    if kind.environments:
        context["environment"] = {
            "current": services.environment_of(channel) or "custom",
            "form": bound.get("environment")
            or EnvironmentForm(
                initial={"environment": services.environment_of(channel)},
                choices=sorted(kind.environments),
            ),
        }
    return context


def _submit(
    request: HttpRequest,
    channel: Channel,
    form: forms.Form,
    key: str,
    act: Callable[[dict[str, Any]], str],
) -> HttpResponse:
    """Run `act` on the form's values: its message and back to the channel page, or the page
    again with the form showing the refusal on its field."""
    if form.is_valid():
        try:
            said = act(form.cleaned_data)
        except FieldError as exc:
            show_error(form, exc)
        else:
            messages.success(request, said)
            return HttpResponseRedirect(reverse("backoffice:channel", args=[channel.pk]))
    from .channel_views import _channel_page

    return _channel_page(request, channel, {"onboarding": {key: form}}, status=400)


@staff_required
@require_POST
def oauth1_begin(request: HttpRequest, channel_id: int) -> HttpResponse:
    channel = Channel.objects.get(pk=channel_id)

    def begin(values: dict[str, Any]) -> str:
        grant = services.begin_oauth1(channel=channel, **values)
        return (
            f"Approve the pending application at {grant.approve_at} (Admin > API "
            "management), then enter the verification code the portal shows"
        )

    return _submit(request, channel, BeginForm(request.POST), "begin", begin)


@staff_required
@require_POST
def oauth1_complete(request: HttpRequest, channel_id: int) -> HttpResponse:
    channel = Channel.objects.get(pk=channel_id)

    def complete(values: dict[str, Any]) -> str:
        services.complete_oauth1(channel=channel, verifier=values["verifier"])
        return f"{channel.name} is connected"

    return _submit(request, channel, VerifierForm(request.POST), "verifier", complete)


@staff_required
@require_POST
def environment(request: HttpRequest, channel_id: int) -> HttpResponse:
    channel = Channel.objects.get(pk=channel_id)
    choices = sorted(registry.kind(channel.kind).environments)

    def switch(values: dict[str, Any]) -> str:
        moved = services.set_environment(channel=channel, environment=values["environment"])
        return f"{moved.name} now talks to {moved.domain}: connect again"

    form = EnvironmentForm(request.POST, choices=choices)
    return _submit(request, channel, form, "environment", switch)
