"""Test set-up for channel imports: a hub channel for a sandbox store, with its settings."""

from __future__ import annotations

from typing import Any

from stockbridge.channels.access import seal
from stockbridge.channels.models import Channel, LocationMapping, OperationSettings
from stockbridge.channels.port import Credentials
from stockbridge.inventory.locations import LocationSpec, create_location
from stockbridge.inventory.models import Location
from stockbridge.platform import clock
from stockbridge.sync.models import Run, RunItem
from stockbridge.sync.operations import run_operation
from tests.support.shopify_stores import Store


def channel_for(store: Store, **settings: Any) -> Channel:
    channel = Channel.objects.create(
        kind="shopify",
        name=store.domain,
        domain=store.domain,
        base_url=store.base_url,
        credentials=seal(Credentials(access_token=store.token)),
        status="connected",
        created_at=clock.now(),
    )
    OperationSettings.objects.create(
        channel=channel, operation="import_listings", settings=settings
    )
    return channel


def set_import(channel: Channel, **settings: Any) -> None:
    OperationSettings.objects.filter(channel=channel, operation="import_listings").update(
        settings=settings
    )


def location(code: str) -> Location:
    return create_location(spec=LocationSpec(name=f"Location {code}", code=code))


def mapping(channel: Channel, hub: Location, remote_id: str) -> None:
    LocationMapping.objects.create(channel=channel, location=hub, remote_location_id=remote_id)


def run_import(channel: Channel, *, dry_run: bool = False, progress: Any = None) -> Run:
    return run_operation(
        channel_id=channel.pk, operation="import_listings", dry_run=dry_run, progress=progress
    )


def items(run: Run) -> list[tuple[str, str, str]]:
    """(ref, outcome, message) of every item of `run`, in order."""
    return list(RunItem.objects.filter(run=run).values_list("ref", "outcome", "message"))


def changes(run: Run) -> list[tuple[str, str, dict[str, Any]]]:
    return list(RunItem.objects.filter(run=run).values_list("ref", "outcome", "changes"))
