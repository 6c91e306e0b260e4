"""Transfers between locations: shipped (out, in transit as incoming), received (in)."""

from __future__ import annotations

from collections.abc import Iterable

from django.db import transaction

from stockbridge.catalog.models import Variant
from stockbridge.platform import clock
from stockbridge.platform.bounds import check_quantity, check_text
from stockbridge.platform.errors import FieldError

from .. import ledger
from ..errors import AlreadyReceived, TransferNotFound, quantities_field, stock_of
from ..ledger import Change
from ..models import (
    Reason,
    Transfer,
    TransferLine,
    TransferStatus,
)
from .checks import require_location, require_variant


def create_transfer(
    *,
    source_id: int,
    destination_id: int,
    lines: Iterable[tuple[int, int]],
    note: str = "",
    actor: str = "",
) -> Transfer:
    """Ship stock from `source_id` to `destination_id`: on_hand goes down at the source
    (transferred out) and the units show as `incoming` at the destination until received.
    `lines` are (variant id, quantity). Raises FieldError (destination_id/lines),
    UnknownLocation, UnknownVariant, InsufficientStock (field `lines[i].quantity`)."""
    items = list(lines)
    if not items:
        raise FieldError("lines", "at least one line is required")
    check_text("note", note)
    for i, (_, quantity) in enumerate(items):
        check_quantity(f"lines[{i}].quantity", quantity)
    if source_id == destination_id:
        raise FieldError("destination_id", "must differ from source_id")
    with transaction.atomic():
        require_location(source_id, "source_id")
        require_location(destination_id, "destination_id")
        transfer = Transfer.objects.create(
            source_id=source_id,
            destination_id=destination_id,
            status=TransferStatus.IN_TRANSIT,
            note=note,
            created_at=clock.now(),
        )
        changes: list[Change] = []
        for i, (variant_id, quantity) in enumerate(items):
            require_variant(variant_id, f"lines[{i}].variant_id")
            line = TransferLine.objects.create(
                transfer=transfer, variant_id=variant_id, quantity=quantity
            )
            ref = f"transfer:{transfer.pk}"
            changes.append(
                Change(
                    variant_id=variant_id,
                    location_id=source_id,
                    reason=Reason.TRANSFERRED_OUT,
                    on_hand=-quantity,
                    reference=ref,
                    field=f"lines[{i}].quantity",
                )
            )
            changes.append(
                Change(
                    variant_id=line.variant_id,
                    location_id=destination_id,
                    reason=Reason.TRANSFERRED_IN,
                    incoming=quantity,
                    reference=ref,
                )
            )
        ledger.apply(changes, actor=actor)
        return transfer


def _not_on(variant_id: int, transfer_id: int) -> FieldError:
    """A variant to receive that is not on the transfer (read on the error path)."""
    sku = Variant.objects.filter(pk=variant_id).values_list("sku", flat=True).first()
    field = quantities_field(sku, variant_id)
    if sku is None:
        return FieldError(field, f"no variant {variant_id}", code="not_found")
    return FieldError(field, f"{stock_of(sku)} is not on transfer {transfer_id}")


def receive_transfer(
    *,
    transfer_id: int,
    quantities: dict[int, int] | None = None,
    actor: str = "",
) -> Transfer:
    """Receive a transfer at its destination, fully or `quantities` {variant id: units}:
    on_hand goes up (transferred in) and incoming down. Raises TransferNotFound, FieldError
    (`quantities["<SKU>"]`) when more is received than is in transit, AlreadyReceived when
    nothing is in transit any more (a received transfer keeps its date)."""
    with transaction.atomic():
        transfer = Transfer.objects.select_for_update().filter(pk=transfer_id).first()
        if transfer is None:
            raise TransferNotFound(transfer_id)
        if transfer.status == TransferStatus.RECEIVED:
            raise AlreadyReceived(transfer_id, transfer.received_at)
        lines = {line.variant_id: line for line in transfer.lines.select_related("variant")}
        wanted = (
            {v: line.in_transit for v, line in lines.items()}
            if quantities is None
            else dict(quantities)
        )
        changes = []
        for variant_id, units in wanted.items():
            line = lines.get(variant_id)
            if line is None:
                raise _not_on(variant_id, transfer_id)
            field = quantities_field(line.variant.sku, variant_id)
            check_quantity(field, units, minimum=0)
            if units == 0:
                continue
            if units > line.in_transit:
                raise FieldError(field, f"only {line.in_transit} in transit, {units} received")
            line.received += units
            line.save(update_fields=["received"])
            changes.append(
                Change(
                    variant_id=variant_id,
                    location_id=transfer.destination_id,
                    reason=Reason.TRANSFERRED_IN,
                    on_hand=units,
                    incoming=-units,
                    reference=f"transfer:{transfer.pk}",
                    field=field,
                )
            )
        ledger.apply(changes, actor=actor)
        done = all(line.in_transit == 0 for line in lines.values())
        transfer.status = TransferStatus.RECEIVED if done else TransferStatus.PARTIALLY_RECEIVED
        transfer.received_at = clock.now() if done else None
        transfer.save(update_fields=["status", "received_at"])
        return transfer
