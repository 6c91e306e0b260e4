"""Money as its currency shows it: `$1,421.00`, `€12.50`, `¥1,200`, `CHF 8.00`. The one
formatting function every screen uses (back office pages, the admin); the API keeps exact
decimal strings."""

from __future__ import annotations

from decimal import ROUND_HALF_EVEN, Decimal, InvalidOperation

from .bounds import CURRENCY_PLACES

# Symbols written before the amount with no space; any other currency is its code and a space.
SYMBOLS: dict[str, str] = {
    "USD": "$",
    "EUR": "€",
    "GBP": "£",
    "JPY": "¥",
    "CAD": "CA$",
    "AUD": "A$",
    "NZD": "NZ$",
    "INR": "₹",
    "KRW": "₩",
    "CNY": "CN¥",
    "BRL": "R$",
    "MXN": "MX$",
    "ILS": "₪",
    "VND": "₫",
}


def format_money(amount: Decimal | int | str | None, currency: str) -> str:
    """`amount` rounded half-even to the currency's minor unit, grouped by thousands, with its
    symbol (`$1,421.00`, `-$5.00`) or code (`CHF 8.00`). None (no amount) shows as an empty
    string; an unreadable amount shows as it is, never as a made-up figure."""
    if amount is None:
        return ""
    try:
        number = Decimal(amount)
    except (InvalidOperation, TypeError, ValueError):
        return str(amount)
    if not number.is_finite():
        return str(amount)
    places = CURRENCY_PLACES.get(currency, 2)
    rounded = number.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_EVEN)
    sign = "-" if rounded < 0 else ""
    digits = f"{abs(rounded):,.{places}f}"
    symbol = SYMBOLS.get(currency)
    if symbol:
        return f"{sign}{symbol}{digits}"
    return f"{sign}{currency} {digits}".strip() if currency else f"{sign}{digits}"
