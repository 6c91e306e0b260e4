"""`stockbridge orders ...`: list, show (with the timeline, newest first), confirm, cancel,
close, fulfil, refund, invoice and pay — each through the order services."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from decimal import Decimal, InvalidOperation
from typing import Any

from stockbridge import bootstrap


def _run(action: Callable[[], int]) -> int:
    from stockbridge.platform.errors import FieldError, ValidationErrors

    try:
        return action()
    except ValidationErrors as exc:
        for e in exc.errors:
            print(f"{e.field}: {e.reason}", file=sys.stderr)
        return 1
    except FieldError as exc:
        print(f"{exc.field}: {exc.reason}", file=sys.stderr)
        return 1


def _location_id(code: str) -> int:
    from stockbridge.inventory.errors import UnknownLocation
    from stockbridge.inventory.models import Location

    found = Location.objects.filter(code=code).values_list("pk", flat=True).first()
    if found is None:
        raise UnknownLocation("location", repr(code))
    return found


def _money(value: str | None, field: str) -> Decimal | None:
    from stockbridge.platform.errors import FieldError

    if value is None:
        return None
    try:
        return Decimal(value)
    except InvalidOperation as exc:
        raise FieldError(field, f"not an amount: {value!r}") from exc


def _print_order(order: Any) -> None:
    print(
        f"{order.number}  {order.status}  {order.financial_status}  "
        f"{order.total} {order.currency}  {order.channel or 'hub'}"
        + (f" {order.external_name or order.external_id}" if order.channel else "")
    )


def list_command(args: argparse.Namespace) -> int:
    bootstrap.configure()
    from stockbridge.orders import queries

    for order in queries.orders(status=args.status, channel=args.channel, tag=args.tag)[
        : args.limit
    ]:
        print(f"{order.pk:>8}  ", end="")
        _print_order(order)
    return 0


def show_command(args: argparse.Namespace) -> int:
    bootstrap.configure()
    from stockbridge.orders import queries
    from stockbridge.orders.errors import OrderNotFound

    def act() -> int:
        order = queries.order(args.order_id)
        if order is None:
            raise OrderNotFound(args.order_id)
        _print_order(order)
        for line in sorted(order.lines.all(), key=lambda x: x.position):
            print(
                f"  line {line.pk}: {line.quantity} x {line.sku} @ {line.unit_price}"
                f"  shipped {line.fulfilled_quantity}, open {line.open_quantity}"
            )
        print("timeline (newest first):")
        for entry in queries.timeline(order.pk):
            print(f"  {entry.at:%Y-%m-%d %H:%M:%S}  {entry.kind:<18} {entry.message}")
        return 0

    return _run(act)


def _simple(name: str) -> Callable[[argparse.Namespace], int]:
    def command(args: argparse.Namespace) -> int:
        bootstrap.configure()
        from stockbridge.orders import services

        def act() -> int:
            kwargs: dict[str, Any] = {"order_id": args.order_id, "actor": "cli"}
            if name == "cancel_order":
                kwargs["reason"] = args.reason
                kwargs["refund"] = not args.no_refund
            order = getattr(services, name)(**kwargs)
            _print_order(order)
            return 0

        return _run(act)

    return command


def fulfil_command(args: argparse.Namespace) -> int:
    bootstrap.configure()
    from stockbridge.orders import services
    from stockbridge.orders.specs import FulfilLine, Tracking

    def act() -> int:
        lines = None
        if args.line:
            lines = [
                FulfilLine(int(a), int(b)) for a, _, b in (x.partition(":") for x in args.line)
            ]
        fulfilment = services.fulfil_order(
            order_id=args.order_id,
            location_id=_location_id(args.location),
            lines=lines,
            tracking=Tracking(
                carrier=args.carrier,
                number=args.tracking,
                url=args.url,
                notify_customer=args.notify,
            ),
            actor="cli",
        )
        print(f"fulfilment {fulfilment.pk} shipped from {args.location}")
        return 0

    return _run(act)


def refund_command(args: argparse.Namespace) -> int:
    bootstrap.configure()
    from stockbridge.orders import services
    from stockbridge.orders.specs import RefundLineSpec, RefundSpec

    def act() -> int:
        lines = []
        for item in args.line:
            parts = item.split(":")
            location = _location_id(parts[3]) if len(parts) > 3 and parts[3] else None
            lines.append(
                RefundLineSpec(
                    line_id=int(parts[0]),
                    quantity=int(parts[1]),
                    restock=parts[2] if len(parts) > 2 else "no_restock",
                    location_id=location,
                    damaged=args.damaged,
                )
            )
        refund = services.refund_order(
            order_id=args.order_id,
            spec=RefundSpec(
                lines=tuple(lines),
                shipping_amount=_money(args.shipping, "shipping") or Decimal("0"),
                amount=_money(args.amount, "amount"),
                note=args.note,
            ),
            actor="cli",
        )
        print(f"refund {refund.pk}: {refund.amount}")
        return 0

    return _run(act)


def invoice_command(args: argparse.Namespace) -> int:
    bootstrap.configure()
    from stockbridge.orders import services

    def act() -> int:
        invoice = services.create_invoice(
            order_id=args.order_id, fulfilment_id=args.fulfilment, actor="cli"
        )
        print(f"{invoice.number}: {invoice.total} {invoice.currency} (invoice id {invoice.pk})")
        return 0

    return _run(act)


def pay_command(args: argparse.Namespace) -> int:
    bootstrap.configure()
    from stockbridge.orders import services

    def act() -> int:
        payment = services.record_payment(
            invoice_id=args.invoice_id,
            amount=_money(args.amount, "amount"),
            authorize_only=args.authorize,
            gateway=args.gateway,
            actor="cli",
        )
        print(f"payment {payment.pk}: {payment.amount} {payment.status}")
        return 0

    return _run(act)


def tracking_command(args: argparse.Namespace) -> int:
    bootstrap.configure()
    from stockbridge.orders import services
    from stockbridge.orders.models import Fulfilment
    from stockbridge.orders.specs import Tracking
    from stockbridge.platform.errors import NotFound

    def act() -> int:
        if not Fulfilment.objects.filter(pk=args.fulfilment, order_id=args.order_id).exists():
            raise NotFound(
                "fulfilment", f"order {args.order_id} has no fulfilment {args.fulfilment}"
            )
        services.update_tracking(
            fulfilment_id=args.fulfilment,
            tracking=Tracking(
                carrier=args.carrier,
                number=args.tracking,
                url=args.url,
                notify_customer=args.notify,
            ),
            actor="cli",
        )
        print(
            f"fulfilment {args.fulfilment}: tracking {args.carrier or '-'} {args.tracking or '-'}"
        )
        return 0

    return _run(act)


def register(commands: Any) -> None:
    orders = commands.add_parser("orders", help="orders: list, show, confirm, fulfil, refund...")
    sub = orders.add_subparsers(dest="orders_command", required=True)
    p = sub.add_parser("list", help="orders, filtered")
    p.add_argument("--status")
    p.add_argument("--channel")
    p.add_argument("--tag")
    p.add_argument("--limit", type=int, default=50)
    p.set_defaults(handler=list_command)
    p = sub.add_parser("show", help="one order with its lines and timeline (newest first)")
    p.add_argument("order_id", type=int)
    p.set_defaults(handler=show_command)
    for name, service in (
        ("confirm", "confirm_order"),
        ("cancel", "cancel_order"),
        ("close", "close_order"),
    ):
        p = sub.add_parser(name, help=f"{name} an order")
        p.add_argument("order_id", type=int)
        if name == "cancel":
            p.add_argument("--reason", default="")
            p.add_argument(
                "--no-refund",
                action="store_true",
                help="refuse to cancel a paid order instead of refunding what was paid",
            )
        p.set_defaults(handler=_simple(service))
    p = sub.add_parser("fulfil", help="ship units from a location")
    p.add_argument("order_id", type=int)
    p.add_argument("--location", required=True, help="location code")
    p.add_argument("--line", action="append", help="LINE_ID:QTY (repeat); all open when none")
    p.add_argument("--carrier", default="")
    p.add_argument("--tracking", default="")
    p.add_argument("--url", default="")
    p.add_argument("--notify", action="store_true")
    p.set_defaults(handler=fulfil_command)
    p = sub.add_parser("tracking", help="change a fulfilment's tracking after shipment")
    p.add_argument("order_id", type=int)
    p.add_argument("fulfilment", type=int)
    p.add_argument("--carrier", default="")
    p.add_argument("--tracking", default="", help="the number(s), comma-separated")
    p.add_argument("--url", default="")
    p.add_argument("--notify", action="store_true")
    p.set_defaults(handler=tracking_command)
    p = sub.add_parser("refund", help="refund units and money")
    p.add_argument("order_id", type=int)
    p.add_argument(
        "--line",
        action="append",
        default=[],
        help="LINE_ID:QTY[:no_restock|cancel|return[:LOCATION]] (repeat)",
    )
    p.add_argument("--shipping", help="shipping amount to refund")
    p.add_argument("--amount", help="amount (default: what the units and shipping cost)")
    p.add_argument("--damaged", action="store_true", help="returned units are damaged")
    p.add_argument("--note", default="")
    p.set_defaults(handler=refund_command)
    p = sub.add_parser("invoice", help="invoice an order (or one fulfilment)")
    p.add_argument("order_id", type=int)
    p.add_argument("--fulfilment", type=int)
    p.set_defaults(handler=invoice_command)
    p = sub.add_parser("pay", help="record a payment against an invoice")
    p.add_argument("invoice_id", type=int)
    p.add_argument("--amount")
    p.add_argument("--authorize", action="store_true", help="authorize only")
    p.add_argument("--gateway", default="")
    p.set_defaults(handler=pay_command)
