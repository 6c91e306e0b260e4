"""Live progress of a run started from a screen: "Run now" (htmx) has a worker run it and
answers a fragment that polls, first waiting for the worker, then the run's summary (items
done of total, counts per outcome, state, a progress bar) which polls while the run goes
and stops polling once it ends."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.test import Client

from .test_catalog_pages import store  # noqa: F401 (a channel, not connected)

pytestmark = pytest.mark.django_db

HX = {"HTTP_HX_REQUEST": "true"}


def flat(response: Any) -> str:
    assert response.status_code == 200
    return re.sub(r"\s+", " ", response.content.decode()).strip()


def test_waiting_then_running_then_ended(staff: Client, store: Any) -> None:  # noqa: F811
    from stockbridge.channels.port import ItemResult, Outcome
    from stockbridge.sync import runs

    url = f"/channels/{store.pk}/operations/import_listings/progress"
    assert flat(staff.get(f"{url}?after=0&dry_run=0", **HX)) == (
        f'<div class="run-summary" hx-get="{url}?after=0&amp;dry_run=0" hx-trigger="every 1s" '
        'hx-swap="outerHTML"> <p><strong>Run starting:</strong> waiting for a worker to take '
        "it; its progress shows here.</p> </div>"
    )
    run = runs.open_run(channel_id=store.pk, operation="import_listings", total=10)
    runs.record(
        run,
        [
            ItemResult("A-1", Outcome.CREATED),
            ItemResult("A-2", Outcome.CREATED),
            ItemResult("A-3", Outcome.CREATED),
            ItemResult("A-4", Outcome.FAILED, "no price"),
        ],
    )
    running = flat(staff.get(f"{url}?after=0&dry_run=0", **HX))
    assert running == (
        f'<div class="run-summary" data-status="running" hx-get="/channels/runs/{run.pk}/'
        '?part=summary" hx-trigger="every 1s" hx-swap="outerHTML"> <p><strong>Run '
        f'{run.pk}: <span class="badge running">running</span></strong> 4 of 10 items: '
        f'3 created, 1 failed. <a href="/channels/runs/{run.pk}/">See each item</a></p> '
        '<progress max="10" value="4" aria-label="Items done">4</progress> </div>'
    )
    # a preview is not this run
    assert "waiting for a worker" in flat(staff.get(f"{url}?after=0&dry_run=1", **HX))
    runs.close_run(run)
    ended = flat(staff.get(f"/channels/runs/{run.pk}/?part=summary", **HX))
    assert "hx-trigger" not in ended
    assert ended == (
        f'<div class="run-summary" data-status="partial"> <p><strong>Run {run.pk}: <span '
        'class="badge partial">partial</span></strong> 4 of 10 items: 3 created, 1 failed. '
        f'<a href="/channels/runs/{run.pk}/">See each item</a></p> </div>'
    )
    assert flat(staff.get(f"{url}?after={run.pk}&dry_run=0", **HX)).endswith(
        "waiting for a worker to take it; its progress shows here.</p> </div>"
    )
    assert staff.get(f"{url}?after=x", **HX).status_code == 404


@pytest.mark.django_db(transaction=True)  # the job is enqueued after the commit
def test_run_now_answers_the_runs_progress_and_a_refused_run_ends_failed(
    staff: Client,
    store: Any,  # noqa: F811
) -> None:
    from stockbridge.sync.models import Run

    # the tests' queue runs the worker's job at once: the run has ended by the answer
    answer = flat(staff.post(f"/channels/{store.pk}/operations/publish_listings/run", **HX))
    run = Run.objects.get()
    assert (run.operation, run.trigger, run.status) == ("publish_listings", "user", "ok")
    assert answer == (
        f'<div class="run-summary" data-status="ok"> <p><strong>Run {run.pk}: <span class="badge '
        f'ok">ok</span></strong> 0 of 0 items. <a href="/channels/runs/{run.pk}/">See each item'
        "</a></p> </div>"
    )
    # a season the hub does not have: the run is refused before it starts, and says why
    staff.post(
        f"/channels/{store.pk}/operations/publish_listings/",
        {"enabled": "on", "schedule": "off", "season": "ZZ99", "long_title": "fail",
         "metafield_namespace": "custom", "extra_attributes": "metafields",
         "bulk_threshold": "100"},
    )  # fmt: skip
    answer = flat(staff.post(f"/channels/{store.pk}/operations/publish_listings/run", **HX))
    refused = Run.objects.order_by("-id").first()
    assert refused is not None and refused.pk != run.pk
    assert (refused.status, refused.message) == ("failed", "season: no season named 'ZZ99'")
    assert "season: no season named &#x27;ZZ99&#x27;" in answer
