"""Invoices and payments: invoice an order (in full or per fulfilment), record payments
(captured, or authorized then captured or voided) against an invoice; the order's financial
status follows."""

from __future__ import annotations

import uuid
from decimal import Decimal

from django.db import IntegrityError, transaction

from stockbridge.platform import clock
from stockbridge.platform.bounds import check_money, check_text
from stockbridge.platform.errors import Conflict, FieldError

from .. import events, rows, totals
from ..errors import AmountTooLarge, InvoiceNotFound, PaymentNotFound
from ..models import (
    Fulfilment,
    Invoice,
    InvoiceLine,
    InvoiceStatus,
    InvoicingMethod,
    Order,
    OrderLine,
    Payment,
    PaymentKind,
    PaymentStatus,
    ShippingLine,
)
from ..states import Action, require
from .loading import check_source, lock_order, refresh_financial_status

ZERO = Decimal("0")
GATEWAY_MAX = Payment._meta.get_field("gateway").max_length or 120
NUMBER_MAX = Invoice._meta.get_field("number").max_length or 64
ADJUSTMENT = "Adjustment to the channel's total"


def _number(order: Order, invoice: Invoice) -> str:
    """INV-000001 for the hub. For orders invoiced by the channel, the channel's order name
    (`stitchex:#1001`, `-2` for its second invoice) — unless that number is taken (stores reuse
    order names across channels and after deletions) or too long for the column: then the
    hub's own order number makes it unique (`stitchex:#1001/SB-000042`)."""
    hub = f"INV-{invoice.pk:06d}"
    if order.invoicing != InvoicingMethod.CHANNEL:
        return hub
    n = Invoice.objects.filter(order=order).count()
    return _channel_number(order, n) or f"{(order.channel or 'channel')[:20]}:{hub}"


def _channel_number(order: Order, n: int) -> str | None:
    """The channel's number of the order's `n`th invoice, or None when both forms are taken
    or too long."""
    suffix = "" if n == 1 else f"-{n}"
    channel = order.channel or "channel"
    name = order.external_name or order.external_id or order.number
    for candidate in (f"{channel}:{name}{suffix}", f"{channel}:{name}/{order.number}{suffix}"):
        if len(candidate) <= NUMBER_MAX and not Invoice.objects.filter(number=candidate).exists():
            return candidate
    return None


def _give_number(order: Order, invoice: Invoice) -> None:
    """Number a saved invoice (`_number`); when another transaction took the same number in
    between, the invoice's own id makes it unique."""
    invoice.number = _number(order, invoice)
    try:
        with transaction.atomic():
            invoice.save(update_fields=["number"])
    except IntegrityError:
        invoice.number = f"{(order.channel or 'channel')[:20]}:INV-{invoice.pk:06d}"
        invoice.save(update_fields=["number"])


def _channel_adjustment(
    order: Order,
    lines: dict[int, OrderLine],
    items: list[tuple[OrderLine, int, Decimal]],
    shipping: list[ShippingLine],
) -> Decimal:
    """For totals from channel: the invoice that completes the order carries the difference
    between the channel's total and ours, so invoices add up to the order total."""
    difference = Decimal(order.total) - Decimal(order.computed_total)
    if not difference:
        return ZERO
    now_invoiced = {line.pk: q for line, q, _ in items}
    complete = all(
        line.invoiced_quantity + now_invoiced.get(pk, 0) >= line.quantity - line.removed_quantity
        for pk, line in lines.items()
    )
    shipping_done = bool(shipping) or not ShippingLine.objects.filter(order=order).exists()
    if not (complete and (shipping_done or _shipping_invoiced(order))):
        return ZERO
    return difference


Item = tuple[OrderLine, int, Decimal]  # an order line, the units invoiced, their amount


def _items(order: Order, wanted: list[tuple[OrderLine, int]]) -> list[Item]:
    """Each line's units to invoice (at most what is left of it uninvoiced) and their share of
    the line's total."""
    items = []
    for line, units in wanted:
        q = min(units, line.quantity - line.removed_quantity - line.invoiced_quantity)
        if q <= 0:
            continue
        amount = totals.share(
            total=Decimal(line.total),
            quantity=line.quantity,
            units=q,
            already=Decimal(line.invoiced_amount),
            already_units=line.invoiced_quantity,
            currency=order.currency,
        )
        items.append((line, q, amount))
    return items


def _total(
    order: Order, items: list[Item], shipping: list[ShippingLine], adjustment: Decimal
) -> Decimal:
    return totals.money(
        sum((a for _, _, a in items), ZERO)
        + sum((Decimal(s.total) for s in shipping), ZERO)
        + adjustment,
        order.currency,
    )


def _write_lines(
    invoice: Invoice, items: list[Item], shipping: list[ShippingLine], adjustment: Decimal
) -> None:
    """The invoice's lines (order lines, shipping, the channel's adjustment) and the order
    lines' invoiced units and amounts."""
    rows.insert(
        [
            rows.new(
                InvoiceLine,
                invoice=invoice,
                line=line,
                description=line.title,
                quantity=q,
                amount=a,
            )
            for line, q, a in items
        ]
        + [
            rows.new(InvoiceLine, invoice=invoice, description=s.title, amount=s.total)
            for s in shipping
        ]
        + (
            [rows.new(InvoiceLine, invoice=invoice, description=ADJUSTMENT, amount=adjustment)]
            if adjustment
            else []
        )
    )
    for line, q, a in items:
        line.invoiced_quantity += q
        line.invoiced_amount += a
    rows.update([line for line, _, _ in items], ["invoiced_quantity", "invoiced_amount"])


def _shipping_invoiced(order: Order) -> bool:
    return InvoiceLine.objects.filter(invoice__order=order, line__isnull=True).exists()


def create_invoice(*, order_id: int, fulfilment_id: int | None = None, actor: str = "") -> Invoice:
    """Invoice what is not yet invoiced: the whole order, or the units of one fulfilment.
    Shipping goes on the first invoice. Numbered INV-000001... by the hub, or after the
    channel's order for orders invoiced by the channel. Raises OrderNotFound,
    IllegalTransition (draft or cancelled), NotFound (fulfilment_id), Conflict (fulfilment
    already invoiced), FieldError (nothing left to invoice)."""
    with transaction.atomic():
        order = lock_order(order_id)
        require(order.status, Action.INVOICE, order=order.number)
        lines = {line.pk: line for line in OrderLine.objects.filter(order=order)}
        if fulfilment_id is not None:
            fulfilment = Fulfilment.objects.filter(pk=fulfilment_id, order=order).first()
            if fulfilment is None:
                raise FieldError(
                    "fulfilment_id",
                    f"no fulfilment {fulfilment_id} on this order",
                    code="not_found",
                )
            if Invoice.objects.filter(fulfilment=fulfilment).exists():
                raise Conflict("fulfilment_id", f"fulfilment {fulfilment_id} is already invoiced")
            wanted = [(lines[fl.line_id], fl.quantity) for fl in fulfilment.lines.all()]
        else:
            wanted = [(line, line.quantity) for line in lines.values()]
        items = _items(order, wanted)
        shipping = []
        if not _shipping_invoiced(order):
            shipping = list(ShippingLine.objects.filter(order=order))
        if not items and not shipping:
            raise FieldError("order_id", "nothing left to invoice")
        adjustment = _channel_adjustment(order, lines, items, shipping)
        total = _total(order, items, shipping, adjustment)
        now = clock.now()
        invoice = Invoice.objects.create(
            order=order,
            number=f"tmp-{uuid.uuid4().hex}",
            fulfilment_id=fulfilment_id,
            currency=order.currency,
            total=total,
            status=InvoiceStatus.PAID if total == 0 else InvoiceStatus.OPEN,
            issued_at=now,
        )
        _give_number(order, invoice)
        _write_lines(invoice, items, shipping, adjustment)
        events.record(
            order,
            "invoiced",
            f"Invoice {invoice.number} issued for {total} {order.currency}",
            data={"invoice_id": invoice.pk, "total": str(total)},
            actor=actor,
        )
        return invoice


def invoice_and_pay_new(
    order: Order,
    lines: list[OrderLine],
    *,
    gateway: str,
    reference: str,
    actor: str = "",
    shipping: list[ShippingLine] | None = None,
) -> Invoice | None:
    """Invoice a confirmed order made in this transaction in full and record its payment in
    full (a channel's paid order as it is imported): the rows, amounts, statuses and timeline
    entries `create_invoice` then `record_payment` write, from the order and lines in hand
    (nothing of them is invoiced or paid yet), without reading the order again. None when
    there is nothing to invoice (no lines and no shipping); the order's amounts and financial
    status are updated on `order` too. `shipping`: the order's shipping lines when the caller
    has them in hand (they are read otherwise)."""
    check_text("gateway", gateway, limit=GATEWAY_MAX)
    check_text("reference", reference)
    require(order.status, Action.INVOICE, order=order.number)
    items = _items(order, [(line, line.quantity) for line in lines])
    if shipping is None:
        shipping = list(ShippingLine.objects.filter(order=order))
    if not items and not shipping:
        return None
    # Everything is invoiced at once: this invoice completes the order (`_channel_adjustment`).
    adjustment = Decimal(order.total) - Decimal(order.computed_total)
    total = _total(order, items, shipping, adjustment)
    if total > 0:
        check_money("amount", total, currency=order.currency, allow_zero=False)
    now = clock.now()
    chosen = _channel_number(order, 1) if order.invoicing == InvoicingMethod.CHANNEL else None
    invoice = rows.new(
        Invoice,
        order=order,
        number=chosen or f"tmp-{uuid.uuid4().hex}",
        currency=order.currency,
        total=total,
        amount_paid=total,
        status=InvoiceStatus.PAID,
        issued_at=now,
    )
    try:
        with transaction.atomic():
            rows.insert([invoice])
    except IntegrityError:  # the number was taken in between: numbered by its id below
        chosen = None
        invoice.number = f"tmp-{uuid.uuid4().hex}"
        rows.insert([invoice])
    if chosen is None:
        _give_number(order, invoice)
    _write_lines(invoice, items, shipping, adjustment)
    history = [
        events.entry(
            order,
            "invoiced",
            f"Invoice {invoice.number} issued for {total} {order.currency}",
            data={"invoice_id": invoice.pk, "total": str(total)},
            actor=actor,
        )
    ]
    if total > 0:
        payment = rows.new(
            Payment,
            order=order,
            invoice=invoice,
            kind=PaymentKind.CAPTURE,
            status=PaymentStatus.PAID,
            amount=total,
            gateway=gateway,
            reference=reference,
            created_at=clock.now(),
        )
        rows.insert([payment])
        order.amount_paid = Decimal(order.amount_paid) + total
        refresh_financial_status(order)
        order.updated_at = clock.now()
        rows.update([order], ["amount_paid", "amount_authorized", "financial_status", "updated_at"])
        history.append(
            events.entry(
                order,
                "paid",
                f"{total} {order.currency} paid on {invoice.number}"
                + (f" via {gateway}" if gateway else ""),
                data={"payment_id": payment.pk, "invoice_id": invoice.pk, "amount": str(total)},
                actor=actor,
            )
        )
    events.record_all(history)
    return invoice


def _lock_invoice(invoice_id: int) -> Invoice:
    invoice = Invoice.objects.select_for_update().filter(pk=invoice_id).first()
    if invoice is None:
        raise InvoiceNotFound(invoice_id)
    return invoice


def _settle(invoice: Invoice, order: Order, now_saved: bool = True) -> None:
    if invoice.amount_paid >= invoice.total:
        invoice.status = InvoiceStatus.PAID
    invoice.save(update_fields=["amount_paid", "amount_authorized", "status"])
    refresh_financial_status(order)
    order.updated_at = clock.now()
    order.save(update_fields=["amount_paid", "amount_authorized", "financial_status", "updated_at"])


def record_payment(
    *,
    invoice_id: int,
    amount: Decimal | None = None,
    authorize_only: bool = False,
    gateway: str = "",
    reference: str = "",
    channel: str = "",
    external_id: str = "",
    actor: str = "",
) -> Payment:
    """Record a payment against an invoice: captured (paid), or only authorized with
    `authorize_only`. `amount` defaults to the invoice's open balance. A channel's payment
    (`channel` and `external_id`) is recorded once: sent again, the payment already recorded
    is returned and nothing changes. Raises InvoiceNotFound, FieldError (amount <= 0, or more
    places than the currency uses), AmountTooLarge (more than the balance), Conflict (the
    channel's payment is recorded on another invoice)."""
    check_text("gateway", gateway, limit=GATEWAY_MAX)
    check_text("reference", reference)
    check_source(channel, external_id)
    if amount is not None:
        if not isinstance(amount, Decimal):
            raise FieldError("amount", "must be a decimal amount")
        check_money("amount", amount, allow_zero=False)
    with transaction.atomic():
        invoice = _lock_invoice(invoice_id)
        order = lock_order(invoice.order_id)
        if external_id:
            existing = Payment.objects.filter(channel=channel, external_id=external_id).first()
            if existing is not None:
                if existing.invoice_id != invoice.pk:
                    raise Conflict(
                        "external_id",
                        f"payment {external_id!r} of {channel!r} is recorded on another invoice",
                    )
                return existing
        balance = totals.money(invoice.balance, order.currency)
        if amount is None and balance <= 0:
            raise FieldError("amount", f"nothing is left to pay on {invoice.number}")
        value = balance if amount is None else amount
        check_money("amount", value, currency=order.currency, allow_zero=False)
        value = totals.money(value, order.currency)
        if value > balance:
            raise AmountTooLarge("amount", requested=value, allowed=balance, what="left to pay")
        kind = PaymentKind.AUTHORIZATION if authorize_only else PaymentKind.CAPTURE
        payment = Payment.objects.create(
            order=order,
            invoice=invoice,
            kind=kind,
            status=PaymentStatus.AUTHORIZED if authorize_only else PaymentStatus.PAID,
            amount=value,
            gateway=gateway,
            reference=reference,
            channel=channel,
            external_id=external_id,
            created_at=clock.now(),
        )
        if authorize_only:
            invoice.amount_authorized += value
            order.amount_authorized += value
        else:
            invoice.amount_paid += value
            order.amount_paid += value
        _settle(invoice, order)
        verb = "authorized" if authorize_only else "paid"
        events.record(
            order,
            verb,
            f"{value} {order.currency} {verb} on {invoice.number}"
            + (f" via {gateway}" if gateway else ""),
            data={"payment_id": payment.pk, "invoice_id": invoice.pk, "amount": str(value)},
            actor=actor,
        )
        return payment


def _lock_authorization(payment_id: int) -> Payment:
    payment = Payment.objects.select_for_update().filter(pk=payment_id).first()
    if payment is None:
        raise PaymentNotFound(payment_id)
    if payment.status != PaymentStatus.AUTHORIZED:
        raise FieldError(
            "payment_id", f"payment {payment_id} is {payment.status}, not authorized", code="state"
        )
    return payment


def capture_payment(*, payment_id: int, actor: str = "") -> Payment:
    """Capture an authorized payment in full. Raises PaymentNotFound, FieldError (not an open
    authorization)."""
    with transaction.atomic():
        payment = _lock_authorization(payment_id)
        invoice = _lock_invoice(payment.invoice_id)
        order = lock_order(payment.order_id)
        payment.status = PaymentStatus.PAID
        payment.save(update_fields=["status"])
        for holder in (invoice, order):
            holder.amount_authorized -= payment.amount
            holder.amount_paid += payment.amount
        _settle(invoice, order)
        events.record(
            order,
            "captured",
            f"{payment.amount} {order.currency} captured on {invoice.number}",
            data={"payment_id": payment.pk},
            actor=actor,
        )
        return payment


def void_payment(*, payment_id: int, actor: str = "") -> Payment:
    """Void an authorized payment. Raises PaymentNotFound, FieldError (not an open
    authorization)."""
    with transaction.atomic():
        payment = _lock_authorization(payment_id)
        invoice = _lock_invoice(payment.invoice_id)
        order = lock_order(payment.order_id)
        payment.status = PaymentStatus.VOIDED
        payment.save(update_fields=["status"])
        invoice.amount_authorized -= payment.amount
        order.amount_authorized -= payment.amount
        _settle(invoice, order)
        events.record(
            order,
            "voided",
            f"Authorization of {payment.amount} {order.currency} voided",
            data={"payment_id": payment.pk},
            actor=actor,
        )
        return payment
