"""Apply one channel order (or refund) to the hub, in the order's own sequence.

Everything for one channel order happens under a lock of its `ChannelOrder` row, in one
transaction: two events of the same order (a webhook and the schedule, two workers) apply
one after the other. An order is imported once (the orders domain's unique channel + id
decides); an update whose `updated_at` is older than the one last applied is ignored; an
order not imported yet is judged by `admit` (waits, is skipped, or is imported), then
follows its channel (`following.follow`). The tag to add on the channel is recorded here
and added after the commit (`tagging`).
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db import connection, transaction

from stockbridge.catalog.models import ProductStatus, Variant
from stockbridge.channels.models import Listing
from stockbridge.channels.port_orders import RemoteOrder, RemoteRefund
from stockbridge.orders import services as orders
from stockbridge.orders.models import Order, OrderLine
from stockbridge.platform import clock

from ..models import ChannelOrder
from ..nudge import after_commit
from . import admit, following, mapping
from .context import Context
from .customers import match_customer
from .tagging import tag_channel_orders

PAID = ("paid", "partially_refunded", "refunded")


@dataclass(frozen=True, slots=True)
class Applied:
    """What applying did: created, updated, unchanged, waiting, skipped or stale, in words."""

    outcome: str
    message: str = ""
    order_id: int | None = None


_STATE_COLUMNS = (
    "channel_id",
    "remote_id",
    "name",
    "state",
    "reason",
    "lines",
    "tag",
    "tag_error",
    "created_at",
    "updated_at",
)
_STATE_INSERT = (
    f"INSERT INTO {ChannelOrder._meta.db_table} ({', '.join(_STATE_COLUMNS)})"  # noqa: S608
    f" VALUES ({', '.join(['%s'] * len(_STATE_COLUMNS))})"
    " ON CONFLICT (channel_id, remote_id) DO NOTHING RETURNING id"
)


def lock_state(ctx: Context, remote_id: str, name: str = "") -> ChannelOrder:
    """The order's `ChannelOrder` row, created when new, locked for this transaction: one
    INSERT that does nothing when the row exists (the `channel_order_once` constraint decides,
    so two workers at the same instant make one row; a row inserted here is this
    transaction's own until it commits), else the row read under lock."""
    now = clock.now()
    lines = ChannelOrder._meta.get_field("lines").get_db_prep_save({}, connection)
    stamp = connection.ops.adapt_datetimefield_value(now)
    with connection.cursor() as cursor:
        cursor.execute(
            _STATE_INSERT,
            (ctx.channel.pk, remote_id, name[:255], "new", "", lines, "", "", stamp, stamp),
        )
        row = cursor.fetchone()
    if row is None:
        rows = ChannelOrder.objects.select_for_update()
        return rows.get(channel=ctx.channel, remote_id=remote_id)
    state = ChannelOrder(
        pk=row[0], channel=ctx.channel, remote_id=remote_id, name=name[:255], created_at=now
    )
    state.updated_at = now
    state._state.adding = False  # saved: its next save() updates the row
    state._state.db = connection.alias
    return state


def _links(ctx: Context, remote: RemoteOrder) -> tuple[dict[str, int], dict[str, int]]:
    ids = {line.variant_remote_id for line in remote.lines if line.variant_remote_id}
    live = Variant.objects.exclude(product__status=ProductStatus.ARCHIVED)
    known = ctx.links
    wanted = ids if known is None else ids - known.keys()
    found = (
        dict(
            Listing.objects.filter(
                channel=ctx.channel,
                remote_variant_id__in=sorted(wanted),
                variant__in=live.values("id"),
            ).values_list("remote_variant_id", "variant_id")
        )
        if wanted
        else {}
    )
    if known is None:
        variant_of = found
    else:
        known.update({i: found.get(i) for i in wanted})
        variant_of = {i: v for i in ids if (v := known[i]) is not None}
    skus = {
        line.sku for line in remote.lines if line.sku and line.variant_remote_id not in variant_of
    }
    by_sku = dict(live.filter(sku__in=sorted(skus)).values_list("sku", "id")) if skus else {}
    return variant_of, by_sku


def _import(
    ctx: Context,
    remote: RemoteOrder,
    state: ChannelOrder,
    legacy: bool,
    customer_id: int | None = None,
) -> Order:
    """Import `remote` once (the caller found it not imported, under the lock of its
    `ChannelOrder` row); its customer is `customer_id` when given (an account the hub pushed),
    else matched or created from the order (`match_customer`)."""
    variant_of, by_sku = _links(ctx, remote)
    mapped = mapping.order_spec(
        remote,
        origin=ctx.origin,
        settings=ctx.settings,
        variant_of=variant_of,
        variant_by_sku=by_sku,
        customer_id=customer_id if customer_id is not None else match_customer(ctx.origin, remote),
        location_id=ctx.location_of.get(remote.location_remote_id or ""),
    )
    paid = legacy or remote.financial_status in PAID
    order, _created = orders.import_channel_order(
        spec=mapped.spec, confirm=True, invoice=paid, pay=paid, actor=ctx.actor, looked_up=True
    )
    positions = dict(OrderLine.objects.filter(order=order).values_list("position", "id"))
    state.lines = {rid: positions[i + 1] for i, rid in enumerate(mapped.line_ids)}
    return order


def apply_order(ctx: Context, remote: RemoteOrder, *, legacy: bool = False) -> Applied:
    """Apply the channel's order as it is in `remote` (from a webhook or a read)."""
    with transaction.atomic():
        state = lock_state(ctx, remote.remote_id, remote.name)
        if state.remote_updated_at is not None and remote.updated_at < state.remote_updated_at:
            return Applied("stale", "an older update: a newer one is applied", state.order_id)
        order = Order.objects.filter(channel=ctx.origin, external_id=remote.remote_id).first()
        outcome = "updated"
        said: list[str] = []
        if order is None:
            verdict = admit.admit(remote, ctx.settings, legacy=legacy)
            if verdict.action != admit.IMPORT:
                state.state = "waiting" if verdict.action == admit.WAIT else "skipped"
                state.reason = verdict.reason[:500]
                _save(state, remote)
                return Applied(
                    "waiting" if verdict.action == admit.WAIT else "skipped", verdict.reason
                )
            order = _import(ctx, remote, state, legacy)
            outcome = "created"
            said.append(f"imported as {order.number} ({order.status})")
            if ctx.settings.tag_after_import and not state.tagged_at:
                state.tag = ctx.settings.tag_after_import
        state.order = order
        state.state = "imported"
        state.reason = ""
        said += following.follow(ctx, order, state, remote)
        _save(state, remote)
        if state.tag and state.tagged_at is None:
            after_commit(tag_channel_orders, ctx.channel.pk)
        if outcome == "updated" and not said:
            outcome = "unchanged"
        return Applied(outcome, "; ".join(said), order.pk)


def _save(state: ChannelOrder, remote: RemoteOrder) -> None:
    if state.remote_updated_at is None or remote.updated_at > state.remote_updated_at:
        state.remote_updated_at = remote.updated_at
    state.name = remote.name[:255] or state.name
    state.updated_at = clock.now()
    state.save()


def apply_refund(ctx: Context, refund: RemoteRefund) -> Applied | None:
    """Apply a refund of an imported order; None when its order is not imported yet (the
    caller reads the order from the channel and applies it whole, refunds included)."""
    with transaction.atomic():
        state = lock_state(ctx, refund.order_remote_id)
        order = Order.objects.filter(channel=ctx.origin, external_id=refund.order_remote_id).first()
        if order is None:
            return None
        said = following.refund(ctx, order, state, refund)
        return Applied("updated" if said else "unchanged", said, order.pk)
