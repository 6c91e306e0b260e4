"""Refunds: money back by line and quantity plus shipping, each line with its restock policy
(no restock, cancel, return); the inventory ledger records every stock effect."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django.db import transaction
from django.db.models import Sum

from stockbridge.inventory import services as inventory
from stockbridge.inventory.errors import UnknownLocation
from stockbridge.inventory.models import Location
from stockbridge.platform import clock
from stockbridge.platform.errors import Conflict, FieldError, ValidationErrors

from .. import events, spec_checks, totals
from ..errors import AmountTooLarge, LineNotFound, TooMany
from ..events import EventKind
from ..models import Fulfilment, Order, OrderLine, Refund, RefundLine, RestockPolicy, ShippingLine
from ..specs import RefundLineSpec, RefundSpec
from ..states import Action, OrderStatus, after_shipping, require
from . import reserving
from .loading import check_source, lock_order, refresh_financial_status

ZERO = Decimal("0")


@dataclass(slots=True)
class _Planned:
    line: OrderLine
    spec: RefundLineSpec
    amount: Decimal
    location_id: int | None


def _last_location(line: OrderLine) -> int | None:
    return (
        Fulfilment.objects.filter(lines__line=line)
        .order_by("-id")
        .values_list("location_id", flat=True)
        .first()
    )


def _plan(order: Order, specs: tuple[RefundLineSpec, ...]) -> list[_Planned]:
    lines = {line.pk: line for line in OrderLine.objects.filter(order=order)}
    cancelled = order.status == OrderStatus.CANCELLED
    unshipped: dict[int, int] = {}
    shipped: dict[int, int] = {}
    amounts: dict[int, Decimal] = {}
    units: dict[int, int] = {}
    planned = []
    for i, spec in enumerate(specs):
        line = lines.get(spec.line_id)
        if line is None:
            raise LineNotFound(f"lines[{i}].line_id", spec.line_id)
        q = spec.quantity
        field = f"lines[{i}].quantity"
        if isinstance(q, bool) or not isinstance(q, int) or q < 1:
            raise FieldError(field, "must be a whole number of at least 1")
        if spec.restock not in RestockPolicy.values:
            raise FieldError(
                f"lines[{i}].restock", f"must be no_restock, cancel or return, got {spec.restock!r}"
            )
        if spec.damaged and spec.restock != RestockPolicy.RETURN:
            raise FieldError(f"lines[{i}].damaged", "only returned units can come back damaged")
        location_id = None
        if spec.restock == RestockPolicy.CANCEL:
            allowed = 0 if cancelled else line.open_quantity - unshipped.get(line.pk, 0)
            if q > allowed:
                raise TooMany(field, requested=q, allowed=allowed, what="unfulfilled units")
            unshipped[line.pk] = unshipped.get(line.pk, 0) + q
        else:
            allowed = (
                line.fulfilled_quantity - line.shipped_refunded_quantity - shipped.get(line.pk, 0)
            )
            if q > allowed:
                raise TooMany(
                    field, requested=q, allowed=allowed, what="shipped units not refunded"
                )
            shipped[line.pk] = shipped.get(line.pk, 0) + q
            if spec.restock == RestockPolicy.RETURN:
                location_id = spec.location_id or _last_location(line)
                if location_id is None or not Location.objects.filter(pk=location_id).exists():
                    raise UnknownLocation(f"lines[{i}].location_id", location_id)
        before = line.removed_quantity + line.shipped_refunded_quantity + units.get(line.pk, 0)
        amount = totals.share(
            total=Decimal(line.total),
            quantity=line.quantity,
            units=q,
            already=Decimal(line.refunded_amount) + amounts.get(line.pk, ZERO),
            already_units=before,
            currency=order.currency,
        )
        amounts[line.pk] = amounts.get(line.pk, ZERO) + amount
        units[line.pk] = units.get(line.pk, 0) + q
        planned.append(_Planned(line, spec, amount, location_id))
    return planned


def _check_money(order: Order, spec: RefundSpec, lines_amount: Decimal) -> Decimal:
    shipping = spec.shipping_amount
    if not isinstance(shipping, Decimal) or shipping < 0:
        raise FieldError("shipping_amount", "must be a decimal amount, not negative")
    shipping_refunded = Refund.objects.filter(order=order).aggregate(s=Sum("shipping_amount"))["s"]
    shipping_charged = ShippingLine.objects.filter(order=order).aggregate(s=Sum("total"))["s"]
    shipping_left = totals.money(
        (shipping_charged or ZERO) - (shipping_refunded or ZERO), order.currency
    )
    if shipping > shipping_left:
        raise AmountTooLarge(
            "shipping_amount", requested=shipping, allowed=shipping_left, what="shipping left"
        )
    refundable = totals.money(
        Decimal(order.amount_paid) - Decimal(order.amount_refunded), order.currency
    )
    if spec.amount is None:
        # Without a stated amount, the money given back is what the refunded units and
        # shipping cost, but never more than was paid and not yet refunded.
        return min(lines_amount + shipping, refundable)
    if not isinstance(spec.amount, Decimal) or spec.amount < 0:
        raise FieldError("amount", "must be a decimal amount, not negative")
    amount = totals.money(spec.amount, order.currency)
    if amount > refundable:
        raise AmountTooLarge(
            "amount", requested=amount, allowed=refundable, what="paid and not refunded"
        )
    return amount


def refund_order(
    *,
    order_id: int,
    spec: RefundSpec,
    channel: str = "",
    external_id: str = "",
    actor: str = "",
    cancelling: bool = False,
) -> Refund:
    """Refund money and units. Per line: `no_restock` (shipped units, stock unchanged),
    `cancel` (unfulfilled units: their reservation is released, available goes up), `return`
    (shipped units come back on hand at the chosen location — or the one they shipped from —
    or, `damaged`, are recorded returned and written off). The amount defaults to what the
    units and shipping cost, capped at what was paid and not refunded; a stated amount above
    that raises AmountTooLarge; a refund of 0 that takes no units back is refused. A channel's
    refund (`channel` and `external_id`) is recorded once: sent again, the refund already
    recorded is returned and nothing changes. Raises OrderNotFound, IllegalTransition (a
    draft), TooMany (more units than shipped / unfulfilled), Conflict (the channel's refund
    belongs to another order), FieldError; nothing changes then. Emits order.refunded (with
    `"cause": "cancel"` when `cancelling`: the refund a cancellation makes, which a channel
    makes itself as it cancels)."""
    check_source(channel, external_id)
    bounded = spec_checks.check_refund_values(spec, None)
    if bounded:
        raise bounded[0] if len(bounded) == 1 else ValidationErrors(bounded)
    if not spec.lines and spec.shipping_amount == 0 and not spec.amount:
        raise FieldError("lines", "a refund needs lines, shipping or an amount")
    with transaction.atomic():
        order = lock_order(order_id)
        if external_id:
            existing = Refund.objects.filter(channel=channel, external_id=external_id).first()
            if existing is not None:
                if existing.order_id != order.pk:
                    raise Conflict(
                        "external_id",
                        f"refund {external_id!r} of {channel!r} belongs to another order",
                    )
                return existing
        require(order.status, Action.REFUND, order=order.number)
        bounded = spec_checks.check_refund_values(spec, order.currency)
        if bounded:
            raise bounded[0] if len(bounded) == 1 else ValidationErrors(bounded)
        planned = _plan(order, spec.lines)
        amount = _check_money(order, spec, sum((p.amount for p in planned), ZERO))
        takes_units_back = any(p.spec.restock != RestockPolicy.NO_RESTOCK for p in planned)
        if amount == 0 and not takes_units_back:
            raise FieldError(
                "amount",
                f"a refund of 0 {order.currency} gives nothing back: refund an amount above 0 "
                "(nothing is left to refund when nothing was paid), or take units back with "
                "restock cancel or return",
                code="nothing_to_refund",
            )
        now = clock.now()
        refund = Refund.objects.create(
            order=order,
            amount=amount,
            shipping_amount=spec.shipping_amount,
            note=spec.note,
            channel=channel,
            external_id=external_id,
            created_at=now,
        )
        moved = []
        cancels = sum(p.spec.restock == RestockPolicy.CANCEL for p in planned)
        returns = sum(p.spec.restock == RestockPolicy.RETURN for p in planned)
        if min(cancels, 1) + returns > 1:
            # Several inventory calls: their stock rows are locked first, in the global order
            # (see inventory.lock_levels), so two refunds cannot deadlock each other.
            inventory.lock_levels(variant_ids={p.line.variant_id for p in planned})
        reserving.release_lines(
            [(p.line, p.spec.quantity) for p in planned if p.spec.restock == RestockPolicy.CANCEL],
            actor=actor,
        )
        for p in planned:
            line, q, policy = p.line, p.spec.quantity, p.spec.restock
            if policy == RestockPolicy.CANCEL:
                line.removed_quantity += q
            else:
                line.shipped_refunded_quantity += q
            if policy == RestockPolicy.RETURN:
                assert p.location_id is not None
                inventory.return_stock(
                    variant_id=line.variant_id,
                    location_id=p.location_id,
                    quantity=q,
                    reference=f"order:{order.pk}:refund:{refund.pk}:line:{line.pk}",
                    restock=not p.spec.damaged,
                    actor=actor,
                )
            line.refunded_amount += p.amount
            line.save(
                update_fields=["removed_quantity", "shipped_refunded_quantity", "refunded_amount"]
            )
            moved.append(
                {
                    "line_id": line.pk,
                    "sku": line.sku,
                    "quantity": q,
                    "restock": policy,
                    "location_id": p.location_id,
                    "damaged": p.spec.damaged,
                    "amount": str(p.amount),
                }
            )
        RefundLine.objects.bulk_create(
            RefundLine(
                refund=refund,
                line=p.line,
                quantity=p.spec.quantity,
                restock=p.spec.restock,
                location_id=p.location_id,
                damaged=p.spec.damaged,
                amount=p.amount,
            )
            for p in planned
        )
        order.amount_refunded += amount
        refresh_financial_status(order)
        lines = list(OrderLine.objects.filter(order=order))
        order.status = after_shipping(
            order.status,
            to_ship=sum(x.quantity - x.removed_quantity for x in lines),
            shipped=sum(x.fulfilled_quantity for x in lines),
        )
        order.updated_at = now
        order.save(update_fields=["amount_refunded", "financial_status", "status", "updated_at"])
        payload = {
            "refund_id": refund.pk,
            "amount": str(amount),
            "shipping_amount": str(spec.shipping_amount),
            "currency": order.currency,
            "lines": moved,
        }
        if cancelling:
            payload["cause"] = "cancel"
        events.record(
            order,
            "refunded",
            f"Refunded {amount} {order.currency}" + (f" ({spec.note})" if spec.note else ""),
            data=payload,
            actor=actor,
        )
        events.emit(order, EventKind.REFUNDED, payload)
        return refund
