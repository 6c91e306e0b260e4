"""The stock an import sets: the available quantity each hub location should hold."""

from __future__ import annotations

from collections.abc import Mapping

from stockbridge.channels.import_settings import ImportSettings
from stockbridge.channels.port import RemoteVariant


def quantity_targets(
    variant: RemoteVariant,
    settings: ImportSettings,
    *,
    mapped: Mapping[str, tuple[int, ...]],
    total_location: int | None,
    label: str = "the channel",
) -> tuple[dict[int, int], list[str]]:
    """The available quantity each hub location should hold after the import (unset settings
    follow the location mode: per location when `mapped` names any), and notes for the
    merchant (a remote location fed by several hub locations can't be split); `label` names
    the channel kind in them."""
    notes: list[str] = []
    mode = settings.quantities_for(mapped=bool(mapped))
    if mode == "none" or not variant.tracked:
        return {}, notes
    if mode == "total":
        if total_location is None:
            return {}, ["no hub location to hold the imported quantity"]
        return {total_location: sum(q.available for q in variant.quantities)}, notes
    targets: dict[int, int] = {}
    for quantity in variant.quantities:
        hub_locations = mapped.get(quantity.location_remote_id, ())
        if len(hub_locations) == 1:
            targets[hub_locations[0]] = quantity.available
        elif len(hub_locations) > 1:
            notes.append(
                f"{label} location {quantity.location_remote_id} is fed by several hub "
                "locations; its quantity is not split between them"
            )
    return targets, notes
