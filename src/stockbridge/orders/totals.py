"""Order money: line, shipping and order totals in Decimal, and the check of a stated total.
Pure: plain values in, plain values out, no database.

Prices exclude tax. A line's subtotal is quantity x unit price; its discounts come off the
subtotal; each tax line has a rate (applied to the discounted subtotal) or a stated amount.
Every figure is rounded half-up to the currency's minor unit.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from stockbridge.platform.errors import FieldError

from .errors import TotalsMismatch

ZERO = Decimal("0")
NO_MINOR_UNIT = frozenset({"JPY", "KRW", "VND", "CLP", "ISK", "UGX", "XAF", "XOF"})
THREE_DECIMALS = frozenset({"BHD", "KWD", "OMR", "JOD", "TND"})


def exponent(currency: str) -> Decimal:
    """The smallest amount in `currency` (0.01 for most)."""
    if currency in NO_MINOR_UNIT:
        return Decimal("1")
    if currency in THREE_DECIMALS:
        return Decimal("0.001")
    return Decimal("0.01")


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


def _check_amount(field: str, value: Decimal) -> None:
    if not isinstance(value, Decimal) or not value.is_finite():
        raise FieldError(field, f"must be a decimal amount, got {value!r}")
    if value < 0:
        raise FieldError(field, f"must be >= 0, got {value}")


def _taxes(field: str, base: Decimal, taxes: Sequence[Tax], currency: str) -> tuple[Decimal, ...]:
    out = []
    for i, tax in enumerate(taxes):
        if tax.amount is not None:
            _check_amount(f"{field}[{i}].amount", tax.amount)
            out.append(money(tax.amount, currency))
        else:
            _check_amount(f"{field}[{i}].rate", tax.rate)
            out.append(money(base * tax.rate, currency))
    return tuple(out)


def line_amounts(line: LineInput, currency: str, field: str = "line") -> Amounts:
    if isinstance(line.quantity, bool) or not isinstance(line.quantity, int) or line.quantity < 1:
        raise FieldError(f"{field}.quantity", f"must be an integer >= 1, got {line.quantity!r}")
    _check_amount(f"{field}.unit_price", line.unit_price)
    subtotal = money(line.unit_price * line.quantity, currency)
    for i, d in enumerate(line.discounts):
        _check_amount(f"{field}.discounts[{i}].amount", d)
    discount = money(sum(line.discounts, ZERO), currency)
    if discount > subtotal:
        raise FieldError(f"{field}.discounts", f"{discount} is more than the subtotal {subtotal}")
    taxes = _taxes(f"{field}.taxes", subtotal - discount, line.taxes, currency)
    tax = sum(taxes, ZERO)
    return Amounts(subtotal, discount, taxes, tax, subtotal - discount + tax)


def shipping_amounts(line: ShippingInput, currency: str, field: str = "shipping") -> Amounts:
    _check_amount(f"{field}.price", line.price)
    _check_amount(f"{field}.discount", line.discount)
    price = money(line.price, currency)
    discount = money(line.discount, currency)
    if discount > price:
        raise FieldError(f"{field}.discount", f"{discount} is more than the price {price}")
    taxes = _taxes(f"{field}.taxes", price - discount, line.taxes, currency)
    tax = sum(taxes, ZERO)
    return Amounts(price, discount, taxes, tax, price - discount + tax)


def compute(
    lines: Sequence[LineInput], shipping: Sequence[ShippingInput], currency: str
) -> OrderTotals:
    """Every figure of an order. Raises FieldError naming `lines[i].x` / `shipping_lines[i].x`."""
    line_figures = tuple(line_amounts(x, currency, f"lines[{i}]") for i, x in enumerate(lines))
    ship = tuple(
        shipping_amounts(x, currency, f"shipping_lines[{i}]") for i, x in enumerate(shipping)
    )
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
    _check_amount("total", stated)
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
