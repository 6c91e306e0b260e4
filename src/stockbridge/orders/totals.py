"""Order money: line, shipping and order totals in Decimal, and the check of a stated total.
Pure: plain values in, plain values out, no database.

Prices exclude tax. A line's subtotal is quantity x unit price; its discounts come off the
subtotal; each tax line has a rate (applied to the discounted subtotal) or a stated amount.
Every figure is rounded half-up to the currency's minor unit (ISO 4217 places, from
`platform.bounds`). Every input is bounded by `platform.bounds` and every figure must fit the
money column: a line (or an order) whose amounts overflow it is refused naming the line.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from stockbridge.platform.bounds import (
    CURRENCY_PLACES,
    MONEY_MAX,
    check_money,
    check_quantity,
    check_tax_rate,
)
from stockbridge.platform.errors import FieldError

from .errors import TotalsMismatch

ZERO = Decimal("0")
DEFAULT_PLACES = 2


def exponent(currency: str) -> Decimal:
    """The smallest amount in `currency` (0.01 for most, 1 for JPY, 0.001 for KWD)."""
    return Decimal(1).scaleb(-CURRENCY_PLACES.get(currency, DEFAULT_PLACES))


def money(value: Decimal, currency: str) -> Decimal:
    return value.quantize(exponent(currency), rounding=ROUND_HALF_UP)


@dataclass(frozen=True, slots=True)
class Tax:
    title: str
    rate: Decimal = ZERO
    amount: Decimal | None = None


@dataclass(frozen=True, slots=True)
class LineInput:
    quantity: int
    unit_price: Decimal
    discounts: tuple[Decimal, ...] = ()
    taxes: tuple[Tax, ...] = ()


@dataclass(frozen=True, slots=True)
class ShippingInput:
    price: Decimal
    discount: Decimal = ZERO
    taxes: tuple[Tax, ...] = ()


@dataclass(frozen=True, slots=True)
class Amounts:
    """One line's (or one shipping line's) figures; `taxes` holds each tax line's amount."""

    subtotal: Decimal
    discount: Decimal
    taxes: tuple[Decimal, ...]
    tax: Decimal
    total: Decimal


@dataclass(frozen=True, slots=True)
class OrderTotals:
    lines: tuple[Amounts, ...]
    shipping: tuple[Amounts, ...]
    subtotal: Decimal
    discount_total: Decimal
    shipping_total: Decimal
    tax_total: Decimal
    total: Decimal


def _check_amount(field: str, value: Decimal, currency: str | None = None) -> None:
    """A money input: a finite Decimal, not negative, inside the money column (and, with
    `currency`, in at most its places: never rounded silently)."""
    if not isinstance(value, Decimal):
        raise FieldError(field, "must be a decimal amount")
    check_money(field, value, currency=currency)


def _fits(field: str, what: str, value: Decimal) -> None:
    if abs(value) > MONEY_MAX:
        raise FieldError(
            field, f"{what} comes to {value}, more than the largest amount {MONEY_MAX}"
        )


def _taxes(field: str, base: Decimal, taxes: Sequence[Tax], currency: str) -> tuple[Decimal, ...]:
    out = []
    for i, tax in enumerate(taxes):
        if tax.amount is not None:
            _check_amount(f"{field}[{i}].amount", tax.amount, currency)
            out.append(money(tax.amount, currency))
        else:
            if not isinstance(tax.rate, Decimal):
                raise FieldError(f"{field}[{i}].rate", "must be a decimal fraction")
            check_tax_rate(f"{field}[{i}].rate", tax.rate)
            out.append(money(base * tax.rate, currency))
    return tuple(out)


def line_amounts(line: LineInput, currency: str, field: str = "line") -> Amounts:
    """One line's figures. The unit price may carry more places than the currency (a unit
    price of 0.125); the subtotal is rounded. Raises FieldError naming `field.x`; a line
    whose quantity x unit price (or total) overflows the money column names its quantity."""
    check_quantity(f"{field}.quantity", line.quantity)
    _check_amount(f"{field}.unit_price", line.unit_price)
    subtotal = money(line.unit_price * line.quantity, currency)
    _fits(f"{field}.quantity", f"{line.quantity} x {line.unit_price} (the line subtotal)", subtotal)
    for i, d in enumerate(line.discounts):
        _check_amount(f"{field}.discounts[{i}].amount", d, currency)
    discount = money(sum(line.discounts, ZERO), currency)
    if discount > subtotal:
        raise FieldError(f"{field}.discounts", f"{discount} is more than the subtotal {subtotal}")
    taxes = _taxes(f"{field}.taxes", subtotal - discount, line.taxes, currency)
    tax = sum(taxes, ZERO)
    _fits(f"{field}.taxes", "the line tax", tax)
    _fits(f"{field}.quantity", "the line total", subtotal - discount + tax)
    return Amounts(subtotal, discount, taxes, tax, subtotal - discount + tax)


def shipping_amounts(line: ShippingInput, currency: str, field: str = "shipping") -> Amounts:
    _check_amount(f"{field}.price", line.price, currency)
    _check_amount(f"{field}.discount", line.discount, currency)
    price = money(line.price, currency)
    discount = money(line.discount, currency)
    if discount > price:
        raise FieldError(f"{field}.discount", f"{discount} is more than the price {price}")
    taxes = _taxes(f"{field}.taxes", price - discount, line.taxes, currency)
    tax = sum(taxes, ZERO)
    _fits(f"{field}.taxes", "the shipping tax", tax)
    _fits(f"{field}.price", "the shipping total", price - discount + tax)
    return Amounts(price, discount, taxes, tax, price - discount + tax)


def _check_sums(lines: Sequence[Amounts], shipping: Sequence[Amounts]) -> None:
    """Running sums of the order's figures stay inside the money column; the first line (or
    shipping line) that takes one over is named."""
    subtotal = tax = total = ZERO
    named = [(f"lines[{i}].quantity", a) for i, a in enumerate(lines)] + [
        (f"shipping_lines[{i}].price", a) for i, a in enumerate(shipping)
    ]
    for where, a in named:
        subtotal += a.subtotal
        tax += a.tax
        total += a.total
        _fits(where, "the order subtotal with this line", subtotal)
        _fits(where, "the order tax with this line", tax)
        _fits(where, "the order total with this line", total)


def compute(
    lines: Sequence[LineInput], shipping: Sequence[ShippingInput], currency: str
) -> OrderTotals:
    """Every figure of an order. Raises FieldError naming `lines[i].x` / `shipping_lines[i].x`."""
    line_figures = tuple(line_amounts(x, currency, f"lines[{i}]") for i, x in enumerate(lines))
    ship = tuple(
        shipping_amounts(x, currency, f"shipping_lines[{i}]") for i, x in enumerate(shipping)
    )
    _check_sums(line_figures, ship)
    subtotal = sum((a.subtotal for a in line_figures), ZERO)
    discount = sum((a.discount for a in line_figures), ZERO)
    shipping_total = sum((a.subtotal - a.discount for a in ship), ZERO)
    tax = sum((a.tax for a in line_figures + ship), ZERO)
    return OrderTotals(
        lines=line_figures,
        shipping=ship,
        subtotal=subtotal,
        discount_total=discount,
        shipping_total=shipping_total,
        tax_total=tax,
        total=subtotal - discount + shipping_total + tax,
    )


@dataclass(frozen=True, slots=True)
class Verdict:
    """The total to keep and, when the stated one differed, why it is flagged."""

    total: Decimal
    flag: str = ""


def settle_total(
    *, computed: Decimal, stated: Decimal | None, policy: str, currency: str
) -> Verdict:
    """Decide the order total when a channel states one.

    `reject`: a different stated total raises TotalsMismatch (field `total`). `flag`: keep the
    computed total and flag the difference. `channel`: keep the stated total (totals from
    channel) and flag the difference. A mismatch is never accepted silently."""
    if stated is None:
        return Verdict(computed)
    _check_amount("total", stated, currency)
    stated = money(stated, currency)
    if stated == computed:
        return Verdict(computed)
    if policy == "reject":
        raise TotalsMismatch("total", stated=stated, computed=computed)
    flag = f"channel total {stated} differs from computed {computed} by {stated - computed}"
    if policy == "flag":
        return Verdict(computed, flag)
    if policy == "channel":
        return Verdict(stated, flag)
    raise FieldError("totals_policy", f"must be reject, flag or channel, got {policy!r}")


def share(
    *,
    total: Decimal,
    quantity: int,
    units: int,
    already: Decimal,
    already_units: int,
    currency: str,
) -> Decimal:
    """The part of a line `total` (for `quantity` units) that `units` more units carry, given
    `already_units` units already took `already`. The last units take the exact remainder, so
    the parts always add up to the total."""
    if already_units + units >= quantity:
        return money(total - already, currency)
    return money(total * units / quantity, currency)
