"""Channel screens: the channels, adding one, connecting it (OAuth button, or a token),
testing and disconnecting it; each operation's settings and schedule, "Preview" and "Run
now" (htmx: a worker runs it and the page shows its progress live until it ends); the run log
with per-item results filterable by outcome and "Retry failed items"."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_POST

from stockbridge.channels import queries as channel_queries
from stockbridge.channels import registry, services
from stockbridge.channels.models import Channel, OperationSettings, ScheduleKind
from stockbridge.channels.port import Outcome
from stockbridge.channels.services.webhooks import ORDER_EVENTS
from stockbridge.platform.errors import FieldError, ValidationErrors
from stockbridge.sync import queries as run_queries
from stockbridge.sync import run_requests
from stockbridge.sync.models import Run, RunTrigger
from stockbridge.sync.operations import JOBS, run_operation

from .access import staff_required
from .channel_forms import AddChannelForm, DisconnectForm, OperationForm, TokenForm
from .channel_oauth1 import onboarding
from .form_errors import show_error
from .paging import page_of

SECTION = {"section": "channels"}


def channel_or_404(channel_id: int) -> Channel:
    found = Channel.objects.filter(pk=channel_id).first()
    if found is None:
        raise Http404(f"no channel {channel_id}")
    return found


@staff_required
def channels(request: HttpRequest) -> HttpResponse:
    form = AddChannelForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            made = services.add_channel(
                kind=data["kind"],
                name=data["name"],
                domain=data["domain"],
                base_url=data["base_url"] or None,
            )
        except (FieldError, ValidationErrors) as exc:
            show_error(form, exc)
        else:
            messages.success(request, f"Channel {made.name} added: connect it below")
            return HttpResponseRedirect(reverse("backoffice:channel", args=[made.pk]))
    page = page_of(request, Channel.objects.order_by("name", "id"))
    return render(
        request,
        "backoffice/channels/list.html",
        {**SECTION, "page": page, "form": form},
        status=400 if request.method == "POST" else 200,
    )


def _channel_page(
    request: HttpRequest, channel: Channel, bound: dict[str, Any] | None = None, status: int = 200
) -> HttpResponse:
    bound = bound or {}
    stored = {row.operation: row for row in OperationSettings.objects.filter(channel=channel)}
    operations = [
        stored.get(name) or _default_row(channel, name)
        for name in sorted(set(stored) | set(_offered(channel)))
    ]
    last = {
        r.operation: r
        for r in Run.objects.filter(
            pk__in=[
                Run.objects.filter(channel=channel, operation=op.operation)
                .order_by("-id")
                .values_list("pk", flat=True)
                .first()
                or 0
                for op in operations
            ]
        )
    }
    context = {
        **SECTION,
        "channel": channel,
        "operations": [(op, last.get(op.operation), op.operation in JOBS) for op in operations],
        "mappings": list(channel_queries.mappings(channel)),
        "token_form": bound.get("token") or TokenForm(),
        "disconnect_form": bound.get("disconnect") or DisconnectForm(),
        **onboarding(channel, bound.get("onboarding")),
    }
    return render(request, "backoffice/channels/channel.html", context, status=status)


@staff_required
def channel(request: HttpRequest, channel_id: int) -> HttpResponse:
    return _channel_page(request, channel_or_404(channel_id))


@staff_required
@require_POST
def channel_action(request: HttpRequest, channel_id: int, action: str) -> HttpResponse:
    """Connect with a token, start the OAuth install, test, disconnect."""
    found = channel_or_404(channel_id)
    target = reverse("backoffice:channel", args=[found.pk])
    if action == "install":
        redirect = request.build_absolute_uri(
            reverse("backoffice:channel_callback", args=[found.kind])
        )
        try:
            url = services.begin_install(channel=found, redirect_uri=redirect)
        except FieldError as exc:
            messages.error(request, f"{exc.field}: {exc.reason}")
            return HttpResponseRedirect(target)
        return HttpResponseRedirect(url)
    if action == "connect":
        form = TokenForm(request.POST)
        if form.is_valid():
            try:
                services.connect_with_token(channel=found, token=form.cleaned_data["token"])
            except FieldError as exc:
                show_error(form, exc)
            else:
                messages.success(request, f"{found.name} is connected")
                return HttpResponseRedirect(target)
        return _channel_page(request, found, {"token": form}, status=400)
    if action == "test":
        try:
            report = services.test_connection(channel=found)
        except FieldError as exc:
            messages.error(request, f"{exc.field}: {exc.reason}")
        else:
            missing = ", ".join(report.missing_scopes) or "none"
            messages.success(
                request,
                f"Connected to {report.shop_name} ({report.plan}); scopes missing: {missing}",
            )
        return HttpResponseRedirect(target)
    if action == "webhooks":
        return _subscribe(request, found, target)
    if action == "disconnect":
        reason = DisconnectForm(request.POST)
        if reason.is_valid():
            services.disconnect(channel=found, reason=reason.cleaned_data["reason"])
            messages.success(request, f"{found.name} is disconnected")
            return HttpResponseRedirect(target)
        return _channel_page(request, found, {"disconnect": reason}, status=400)
    raise Http404(f"no action {action}")


def _subscribe(request: HttpRequest, found: Channel, target: str) -> HttpResponse:
    """Have the store send its orders, refunds and customers here, at
    STOCKBRIDGE_PUBLIC_URL or else the address this page was asked at."""
    base = services.public_url() or request.build_absolute_uri("/")
    try:
        results = services.subscribe_webhooks(channel=found, base_url=base, kinds=ORDER_EVENTS)
    except FieldError as exc:
        messages.error(request, f"{exc.field}: {exc.reason}")
        return HttpResponseRedirect(target)
    refused = [f"{r.topic}: {r.message}" for r in results if not r.ok]
    if refused:
        messages.error(request, "Refused: " + "; ".join(refused))
    else:
        topics = ", ".join(r.topic for r in results)
        messages.success(request, f"{found.name} sends {topics} to this hub")
    return HttpResponseRedirect(target)


def _offered(channel: Channel) -> list[str]:
    """The operations the channel's kind offers (each has a page, saved or not yet)."""
    return [str(op) for op in registry.kind(channel.kind).capabilities.scopes_by_operation]


def _default_row(channel: Channel, operation: str) -> OperationSettings:
    """An operation not set yet, as `set_operation` makes it on its first save: enabled,
    no schedule, default settings (unsaved)."""
    return OperationSettings(
        channel=channel, operation=operation, enabled=True, schedule=ScheduleKind.OFF
    )


def _operation_row(channel: Channel, operation: str) -> OperationSettings:
    row = OperationSettings.objects.filter(channel=channel, operation=operation).first()
    if row is not None:
        return row
    if operation in _offered(channel):
        return _default_row(channel, operation)
    raise Http404(f"{channel.name} has no operation {operation}")


@staff_required
def operation(request: HttpRequest, channel_id: int, operation: str) -> HttpResponse:
    """One operation's settings and schedule, with Preview and Run now."""
    found = channel_or_404(channel_id)
    row = _operation_row(found, operation)
    form = OperationForm(row, request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.set_operation(
                channel=found,
                operation=operation,
                enabled=data["enabled"],
                settings=form.settings() if form.setting_names else None,
                schedule=data["schedule"],
                every_minutes=data["every_minutes"],
                daily_at=data["daily_at"],
            )
        except (FieldError, ValidationErrors) as exc:
            show_error(form, exc, {f"settings.{n}": n for n in form.setting_names})
        else:
            messages.success(request, f"{operation} settings saved")
            return HttpResponseRedirect(reverse("backoffice:operation", args=[found.pk, operation]))
    runs = page_of(request, run_queries.runs(channel_id=found.pk, operation=operation), 20)
    return render(
        request,
        "backoffice/channels/operation.html",
        {
            **SECTION,
            "channel": found,
            "row": row,
            "form": form,
            "runs": runs,
            "runnable": operation in JOBS,
        },
        status=400 if request.method == "POST" else 200,
    )


@staff_required
@require_POST
def run_now(request: HttpRequest, channel_id: int, operation: str) -> HttpResponse:
    """Run (or, with `dry_run`, preview) the operation now. Under htmx a worker runs it and
    the answer is its live progress, swapped in where the buttons were (it polls until the
    run ends); without JavaScript the run happens in the request and its page follows."""
    found = channel_or_404(channel_id)
    _operation_row(found, operation)
    dry_run = request.POST.get("dry_run") == "1"
    if request.htmx:  # type: ignore[attr-defined]
        after = run_requests.start_run(channel_id=found.pk, operation=operation, dry_run=dry_run)
        return _progress(request, found, operation, after=after, dry_run=dry_run)
    try:
        done = run_operation(channel_id=found.pk, operation=operation, dry_run=dry_run)
    except FieldError as exc:
        messages.error(request, f"{exc.field}: {exc.reason}")
        return HttpResponseRedirect(reverse("backoffice:operation", args=[found.pk, operation]))
    return HttpResponseRedirect(reverse("backoffice:run", args=[done.pk]))


@staff_required
def progress(request: HttpRequest, channel_id: int, operation: str) -> HttpResponse:
    """The fragment "Run now" polls: waiting for a worker, then the run's summary (which
    polls itself while the run goes, and stops once it ends)."""
    found = channel_or_404(channel_id)
    _operation_row(found, operation)
    try:
        after = int(request.GET.get("after", ""))
    except ValueError as exc:
        raise Http404("after: not a run id") from exc
    return _progress(
        request, found, operation, after=after, dry_run=request.GET.get("dry_run") == "1"
    )


def _progress(
    request: HttpRequest, channel: Channel, operation: str, *, after: int, dry_run: bool
) -> HttpResponse:
    started = run_requests.started_since(
        channel_id=channel.pk, operation=operation, after=after, dry_run=dry_run
    )
    if started is not None:
        return render(request, "backoffice/channels/run_summary.html", {"run": started})
    context = {"channel": channel, "operation": operation, "after": after, "dry_run": dry_run}
    return render(request, "backoffice/channels/run_waiting.html", context)


@staff_required
def run(request: HttpRequest, run_id: int) -> HttpResponse:
    """A run: its counts and message, and its items filterable by outcome, each with its
    reason; "Retry failed items" when some failed. While it runs, the summary refreshes."""
    try:
        found = run_queries.run(run_id)
    except FieldError as exc:
        raise Http404(exc.reason) from exc
    if request.htmx and request.GET.get("part") == "summary":  # type: ignore[attr-defined]
        return render(request, "backoffice/channels/run_summary.html", {"run": found})
    outcome = request.GET.get("outcome", "")
    if outcome not in run_queries.OUTCOMES:
        outcome = ""
    items = page_of(request, run_queries.run_items(found.pk, outcome=outcome or None))
    return render(
        request,
        "backoffice/channels/run.html",
        {
            **SECTION,
            "run": found,
            "page": items,
            "outcome": outcome,
            "outcomes": run_queries.OUTCOMES,
            "has_failed": int(found.counts.get(Outcome.FAILED.value, 0)) > 0,
        },
    )


@staff_required
@require_POST
def retry(request: HttpRequest, run_id: int) -> HttpResponse:
    """Send the run's failed items again (a new run that names this one)."""
    try:
        original = run_queries.run(run_id)
    except FieldError as exc:
        raise Http404(exc.reason) from exc
    if not run_queries.run_items(original.pk, outcome=Outcome.FAILED.value).exists():
        messages.error(request, f"run {original.pk} has no failed items to retry")
        return HttpResponseRedirect(reverse("backoffice:run", args=[original.pk]))
    try:
        again = run_operation(
            channel_id=original.channel_id,
            operation=original.operation,
            trigger=RunTrigger.RETRY,
            retry_of=original.pk,
        )
    except FieldError as exc:
        messages.error(request, f"{exc.field}: {exc.reason}")
        return HttpResponseRedirect(reverse("backoffice:run", args=[original.pk]))
    messages.success(request, f"Run {again.pk} retried the failed items of run {original.pk}")
    return HttpResponseRedirect(reverse("backoffice:run", args=[again.pk]))
