"""Creating orders: in the hub (drafts included, even waiting for a customer that does not
exist yet), completing such a draft, and importing a channel's order exactly once."""

from __future__ import annotations

import uuid
from decimal import Decimal
from typing import Any

from django.db import IntegrityError, transaction

from stockbridge.customers.models import AddressKind, Customer
from stockbridge.inventory.errors import InsufficientStock, UnknownLocation
from stockbridge.inventory.models import Location
from stockbridge.platform import clock
from stockbridge.platform.bounds import check_text
from stockbridge.platform.errors import Conflict, FieldError, NotFound, ValidationErrors

from .. import events, rows, spec_checks, totals
from ..models import (
    InvoicingMethod,
    Order,
    OrderHistory,
    OrderLine,
    OrderTag,
    ShippingLine,
    TotalsPolicy,
)
from ..specs import OrderSpec
from ..states import Action, OrderStatus, financial_status, require
from .billing import create_invoice, invoice_and_pay_new
from .lifecycle import confirm_locked, confirm_order
from .line_variants import is_id, resolve_variants
from .loading import lock_order

ZERO = Decimal("0")
ADDRESS_FIELDS = (
    "name",
    "company",
    "address1",
    "address2",
    "city",
    "region",
    "postal_code",
    "country_code",
    "phone",
)


def _raise_if(errors: list[FieldError]) -> None:
    if len(errors) == 1:
        raise errors[0]
    if errors:
        raise ValidationErrors(errors)


def _check_spec(spec: OrderSpec) -> list[FieldError]:
    errors = spec_checks.check_order_values(spec, ADDRESS_FIELDS)
    if not spec.lines:
        errors.append(FieldError("lines", "at least one line is required"))
    if spec.invoicing not in InvoicingMethod.values:
        errors.append(FieldError("invoicing", f"must be hub or channel, got {spec.invoicing!r}"))
    if spec.totals_policy not in TotalsPolicy.values:
        errors.append(
            FieldError(
                "totals_policy", f"must be reject, flag or channel, got {spec.totals_policy!r}"
            )
        )
    if bool(spec.channel) != bool(spec.external_id):
        field = "external_id" if spec.channel else "channel"
        errors.append(FieldError(field, "channel and external_id go together"))
    if spec.awaiting_customer and spec.customer_id is not None:
        errors.append(FieldError("customer_id", "a draft awaiting a customer has no customer yet"))
    if spec.awaiting_customer and not spec.email:
        errors.append(FieldError("email", "a draft awaiting a customer needs the customer's email"))
    for i, tag in enumerate(spec.tags):
        if isinstance(tag, str) and not tag.strip():
            errors.append(FieldError(f"tags[{i}]", "must not be blank"))
    return errors


def _snapshot(customer: Customer | None, kind: str, given: dict[str, Any]) -> dict[str, Any]:
    if given or customer is None:
        return {k: v for k, v in given.items() if v not in (None, "")}
    address = rows.first_address(customer.pk, kind, ADDRESS_FIELDS)
    if address is None:
        return {}
    return {k: v for k, v in address.items() if v}


def _create(
    spec: OrderSpec, actor: str
) -> tuple[Order, list[OrderLine], list[ShippingLine], list[OrderHistory]]:
    """Insert the order with its lines, shipping lines and tags. Its number (made from its id)
    and its timeline entries are returned unsaved: the caller saves them with what follows in
    the same transaction (`_save_created`, or the confirmation)."""
    errors = _check_spec(spec)
    variants, variant_errors = resolve_variants(spec.lines)
    errors += variant_errors
    customer = None
    if is_id(spec.customer_id):
        customer = rows.customer(spec.customer_id)
        if customer is None:
            errors.append(NotFound("customer_id", f"no customer {spec.customer_id}"))
    location_id = spec.requested_location_id
    if is_id(location_id) and not Location.objects.filter(pk=location_id).exists():
        errors.append(UnknownLocation("requested_location_id", spec.requested_location_id))
    _raise_if(errors)
    currency = spec.currency
    prices = [
        line.unit_price if line.unit_price is not None else variants[i].price
        for i, line in enumerate(spec.lines)
    ]
    unlinked = sum(1 for line in spec.lines if line.unlinked_reason)
    figures = totals.compute(
        [
            totals.LineInput(
                quantity=line.quantity,
                unit_price=prices[i],
                discounts=tuple(d.amount for d in line.discounts),
                taxes=line.taxes,
            )
            for i, line in enumerate(spec.lines)
        ],
        [totals.ShippingInput(s.price, s.discount, s.taxes) for s in spec.shipping_lines],
        currency,
    )
    verdict = totals.settle_total(
        computed=figures.total,
        stated=spec.stated_total,
        policy=spec.totals_policy,
        currency=currency,
    )
    now = clock.now()
    order = rows.new(
        Order,
        number=f"tmp-{uuid.uuid4().hex}",
        channel=spec.channel,
        external_id=spec.external_id,
        external_name=spec.external_name,
        customer=customer,
        email=(spec.email or (customer.email if customer else "")).strip().lower(),
        awaiting_customer=spec.awaiting_customer,
        billing_address=_snapshot(customer, AddressKind.BILLING, spec.billing_address),
        shipping_address=_snapshot(customer, AddressKind.SHIPPING, spec.shipping_address),
        currency=currency,
        financial_status=financial_status(
            total=verdict.total, authorized=ZERO, paid=ZERO, refunded=ZERO
        ),
        invoicing=spec.invoicing,
        requested_location_id=spec.requested_location_id,
        subtotal=figures.subtotal,
        discount_total=figures.discount_total,
        shipping_total=figures.shipping_total,
        tax_total=figures.tax_total,
        total=verdict.total,
        computed_total=figures.total,
        channel_total=spec.stated_total,
        totals_policy=spec.totals_policy,
        totals_flag=verdict.flag,
        note=spec.note,
        custom_fields=dict(spec.custom_fields),
        placed_at=spec.placed_at or now,
        created_at=now,
        updated_at=now,
    )
    rows.insert([order])
    order.number = f"SB-{order.pk:06d}"
    lines = [
        rows.new(
            OrderLine,
            order=order,
            position=i + 1,
            variant_id=variants[i].pk if i in variants else None,
            unlinked_reason=line.unlinked_reason[:255],
            sku=variants[i].sku if i in variants else line.sku,
            title=line.title or variants[i].title,
            quantity=line.quantity,
            unit_price=totals.money(prices[i], currency),
            discounts=[{"title": d.title, "amount": str(d.amount)} for d in line.discounts],
            taxes=[
                {"title": t.title, "rate": str(t.rate), "amount": str(amount)}
                for t, amount in zip(line.taxes, figures.lines[i].taxes, strict=True)
            ],
            subtotal=figures.lines[i].subtotal,
            discount_total=figures.lines[i].discount,
            tax_total=figures.lines[i].tax,
            total=figures.lines[i].total,
        )
        for i, line in enumerate(spec.lines)
    ]
    rows.insert(lines)
    shipping = [
        rows.new(
            ShippingLine,
            order=order,
            title=s.title,
            code=s.code,
            price=figures.shipping[i].subtotal,
            discount=figures.shipping[i].discount,
            taxes=[
                {"title": t.title, "rate": str(t.rate), "amount": str(amount)}
                for t, amount in zip(s.taxes, figures.shipping[i].taxes, strict=True)
            ],
            tax_total=figures.shipping[i].tax,
            total=figures.shipping[i].total,
        )
        for i, s in enumerate(spec.shipping_lines)
    ]
    rows.insert(shipping)
    tags = sorted({t.strip() for t in spec.tags})
    if tags:
        rows.insert([rows.new(OrderTag, order=order, name=t) for t in tags])
    origin = f"{spec.channel} {spec.external_name or spec.external_id}" if spec.channel else "hub"
    history = [
        events.entry(
            order,
            "created",
            f"Order {order.number} created ({origin}), total {order.total} {currency}",
            data={"total": str(order.total), "channel": spec.channel},
            actor=actor,
        )
    ]
    if verdict.flag:
        history.append(events.entry(order, "totals_flagged", verdict.flag, actor=actor))
    if unlinked:
        reasons = "; ".join(
            f"{line.sku or line.title}: {line.unlinked_reason}"
            for line in spec.lines
            if line.unlinked_reason
        )
        history.append(
            events.entry(
                order,
                "lines_unlinked",
                f"{unlinked} line(s) imported without a product (no stock held): {reasons}"[:512],
                actor=actor,
            )
        )
    return order, lines, shipping, history


def _save_created(order: Order, history: list[OrderHistory]) -> None:
    rows.update([order], ["number"])
    events.record_all(history)


def create_order(*, spec: OrderSpec, confirm: bool = False, actor: str = "") -> Order:
    """Create an order (a draft, confirmed at once with `confirm`). Totals are computed from
    lines, discounts, taxes and shipping; a stated total is checked by `spec.totals_policy`.

    Raises FieldError / ValidationErrors naming the field (lines[i].sku, currency...),
    TotalsMismatch, Conflict (channel, external_id already imported: use
    `import_channel_order` for idempotent imports), and what `confirm_order` raises."""
    _check_origin(spec)
    with transaction.atomic():
        if (
            spec.channel
            and Order.objects.filter(channel=spec.channel, external_id=spec.external_id).exists()
        ):
            raise _duplicate(spec)
        if spec.channel:
            # Another process may import the same channel order in between: the unique
            # constraint decides, and only this insert rolls back.
            try:
                with transaction.atomic():
                    order, lines, _shipping, history = _create(spec, actor)
            except IntegrityError as exc:
                raise _duplicate(spec) from exc
        else:
            order, lines, _shipping, history = _create(spec, actor)
        if confirm:
            # One UPDATE saves the number with the confirmation, one INSERT the timeline.
            return confirm_locked(
                order, lines=lines, history=history, save_also=("number",), actor=actor
            )
        _save_created(order, history)
        return order


def _check_origin(spec: OrderSpec) -> None:
    """The channel origin is bounded before it is looked up (PostgreSQL refuses NUL)."""
    check_text("channel", spec.channel, limit=spec_checks.CHANNEL_MAX)
    check_text("external_id", spec.external_id)


def _duplicate(spec: OrderSpec) -> Conflict:
    return Conflict(
        "external_id", f"order {spec.external_id!r} of {spec.channel!r} is already imported"
    )


def complete_draft(
    *, order_id: int, customer_id: int, confirm: bool = True, actor: str = ""
) -> Order:
    """Give a draft its customer (one created since the draft was saved), snapshot the
    customer's addresses where the draft has none, and confirm it (unless `confirm` is
    false). Raises OrderNotFound, IllegalTransition (not a draft), NotFound (customer_id)."""
    with transaction.atomic():
        order = lock_order(order_id)
        require(order.status, Action.EDIT_DRAFT, order=order.number)
        customer = Customer.objects.filter(pk=customer_id).first()
        if customer is None:
            raise NotFound("customer_id", f"no customer {customer_id}")
        order.customer = customer
        order.awaiting_customer = False
        order.email = order.email or customer.email
        order.billing_address = order.billing_address or _snapshot(
            customer, AddressKind.BILLING, {}
        )
        order.shipping_address = order.shipping_address or _snapshot(
            customer, AddressKind.SHIPPING, {}
        )
        order.updated_at = clock.now()
        order.save()
        events.record(order, "customer_set", f"Customer {customer} attached", actor=actor)
        if confirm:
            return confirm_order(order_id=order.pk, actor=actor)
        return order


def import_channel_order(
    *,
    spec: OrderSpec,
    confirm: bool = True,
    invoice: bool = True,
    pay: bool = True,
    actor: str = "",
    looked_up: bool = False,
) -> tuple[Order, bool]:
    """Bring in a channel's order exactly once: (order, created). A redelivered order (same
    channel and external id), even from another process at the same instant, returns the
    existing order with created=False — the unique constraint decides, the loser's
    transaction is rolled back whole. `looked_up`: the caller has just found no such order in
    this transaction (it is not looked up again; the constraint still decides).

    With `confirm` the order is reserved at once (when stock is short it stays a draft and the
    timeline says why); with `invoice` and `pay` (the legacy Stitchex import) an invoice for the
    whole order is issued and paid in full, gateway = the channel. Raises what `create_order`
    raises (a mismatching stated total per `spec.totals_policy`)."""
    if not spec.channel or not spec.external_id:
        field = "channel" if not spec.channel else "external_id"
        raise FieldError(field, "is required to import a channel order")
    _check_origin(spec)
    if not looked_up:
        existing = Order.objects.filter(channel=spec.channel, external_id=spec.external_id).first()
        if existing is not None:
            return existing, False
    try:
        with transaction.atomic():
            order, lines, shipping, history = _create(spec, actor)
            if confirm:
                order = _confirm_or_keep_draft(order, lines, history, actor)
            else:
                _save_created(order, history)
            if invoice and pay and order.status == OrderStatus.CONFIRMED:
                # From the order and lines in hand; the order's amounts are updated on it.
                invoice_and_pay_new(
                    order,
                    lines,
                    gateway=spec.channel,
                    reference=spec.external_id,
                    actor=actor,
                    shipping=shipping,
                )
            elif invoice and order.status == OrderStatus.CONFIRMED:
                create_invoice(order_id=order.pk, actor=actor)
                order.refresh_from_db()
            return order, True
    except IntegrityError:
        existing = Order.objects.filter(channel=spec.channel, external_id=spec.external_id).first()
        if existing is None:
            raise
        return existing, False


def _confirm_or_keep_draft(
    order: Order, lines: list[OrderLine], history: list[OrderHistory], actor: str
) -> Order:
    """Confirm the order just created (its number and `history` saved with the confirmation,
    one UPDATE and one INSERT), else save them and keep it a draft saying why."""
    try:
        with transaction.atomic():
            return confirm_locked(
                order, lines=lines, history=history, save_also=("number",), actor=actor
            )
    except InsufficientStock as exc:
        _save_created(order, history)
        events.record(
            order,
            "stock_short",
            f"Not confirmed: {exc.reason}",
            data={"field": exc.field},
            actor=actor,
        )
        return order
