"""The order notes a hub fulfilment leaves on a WooCommerce order.

WooCommerce core has no shipment object, and the REST reference this connector is proven on
documents no tracking field (the Shipment Tracking extension's fields are not in it): a hub
fulfilment is an order note (`POST /orders/<id>/notes`) that says what left and how it is
tracked, in words a merchant reads in wp-admin and that this module reads back:

    Shipped by Stockbridge (fulfilment:12): 2 x TEE-S [23], 1 x MUG [31].
    Carrier: UPS.
    Tracking: 1Z999 https://ups.example/1Z999

A fulfilment's channel id is `<order id>/<note id>`. A tracking change is a further note
naming it (`Tracking of shipment 311 changed.` and the new tracking): notes cannot be edited
through the REST API, and the latest one holds."""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from stockbridge.channels.port_fulfilment import LineRef, TrackingInfo

SHIPPED = re.compile(r"^Shipped by Stockbridge \(([^)]{1,100})\): (.*?)\.$", re.M)
CHANGED = re.compile(r"^Tracking of shipment (\d+) changed\.$", re.M)
LINE = re.compile(r"^(\d+) x (.*) \[(\d*)\]$")
TRACKING = re.compile(r"^Tracking: (.*)$", re.M)


@dataclass(frozen=True, slots=True)
class Shipment:
    note_id: int
    ref: str
    lines: tuple[LineRef, ...]
    numbers: tuple[str, ...]


def tracking_text(tracking: TrackingInfo) -> str:
    parts = []
    if tracking.company:
        parts.append(f"Carrier: {tracking.company}.")
    if tracking.numbers:
        pairs = [
            f"{n} {tracking.urls[i]}" if i < len(tracking.urls) else n
            for i, n in enumerate(tracking.numbers)
        ]
        parts.append("Tracking: " + ", ".join(pairs))
    return "\n".join(parts)


def shipped_note(ref: str, lines: Sequence[LineRef], tracking: TrackingInfo) -> str:
    units = ", ".join(f"{x.quantity} x {x.sku or '-'} [{x.remote_variant_id or ''}]" for x in lines)
    body = f"Shipped by Stockbridge ({ref}): {units}."
    more = tracking_text(tracking)
    return f"{body}\n{more}" if more else body


def changed_note(note_id: int, tracking: TrackingInfo) -> str:
    more = tracking_text(tracking) or "Tracking: none"
    return f"Tracking of shipment {note_id} changed.\n{more}"


def _numbers(text: str) -> tuple[str, ...]:
    found = TRACKING.search(text)
    if not found:
        return ()
    return tuple(p.split(" ")[0] for p in found.group(1).split(", ") if p and p != "none")


def shipments(notes: Sequence[Mapping[str, Any]]) -> list[Shipment]:
    """The hub's shipments among an order's notes (oldest first), each with its latest
    tracking."""
    made: dict[int, Shipment] = {}
    for note in sorted(notes, key=lambda n: int(n.get("id") or 0)):
        text = str(note.get("note") or "")
        note_id = int(note.get("id") or 0)
        shipped = SHIPPED.search(text)
        if shipped:
            lines = []
            for part in shipped.group(2).split(", "):
                one = LINE.match(part)
                if one:
                    sku = "" if one.group(2) == "-" else one.group(2)
                    lines.append(LineRef(one.group(3) or None, sku, int(one.group(1))))
            made[note_id] = Shipment(note_id, shipped.group(1), tuple(lines), _numbers(text))
            continue
        changed = CHANGED.search(text)
        if changed and int(changed.group(1)) in made:
            old = made[int(changed.group(1))]
            made[old.note_id] = Shipment(old.note_id, old.ref, old.lines, _numbers(text))
    return list(made.values())
