"""orderCreate's money: every amount in the shop's currency and the presentment currency.

An order has two currencies: `currency` (the shop side, default the shop's) and
`presentmentCurrency` (what the buyer saw, default the shop side). Each amount the input gives
as a `MoneyBagInput` carries both sides; a bag without a presentment side counts its shop
amount there too. Totals are summed side by side, so the presentment totals are the sums of
the presentment amounts the input gave, never a conversion.

Total = line subtotal - discounts + shipping + taxes (taxes added unless `taxesIncluded`).
A fixed item discount code is spread over the lines in proportion to their totals (the last
line takes the rounding remainder); a percentage one takes its share of each line.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from stockbridge_sandboxes.shopify.resolvers.payloads import amount_text
from stockbridge_sandboxes.shopify.store import Obj

CENT = Decimal("0.01")


@dataclass(frozen=True)
class Pair:
    """An amount on the shop side and on the presentment side."""

    shop: Decimal
    presentment: Decimal

    def __add__(self, other: Pair) -> Pair:
        return Pair(self.shop + other.shop, self.presentment + other.presentment)

    def __sub__(self, other: Pair) -> Pair:
        return Pair(self.shop - other.shop, self.presentment - other.presentment)

    def times(self, factor: Decimal | int) -> Pair:
        return Pair(self.shop * factor, self.presentment * factor)

    def cents(self) -> Pair:
        return Pair(self.shop.quantize(CENT), self.presentment.quantize(CENT))


ZERO = Pair(Decimal(0), Decimal(0))


def _amount(side: Any) -> Decimal:
    return Decimal(str((side or {}).get("amount") or 0))


@dataclass(frozen=True)
class Currencies:
    shop: str
    presentment: str

    def pair(self, value: Any) -> Pair:
        """The two sides of a MoneyBagInput (a missing presentment side is the shop's)."""
        value = value or {}
        shop = _amount(value.get("shopMoney"))
        other = value.get("presentmentMoney")
        return Pair(shop, _amount(other) if other else shop)

    def bag(self, pair: Pair) -> Obj:
        return {
            "shopMoney": {"amount": amount_text(pair.shop), "currencyCode": self.shop},
            "presentmentMoney": {
                "amount": amount_text(pair.presentment),
                "currencyCode": self.presentment,
            },
        }

    def input_bag(self, value: Any) -> Obj:
        """A MoneyBag as the input gave it: a given presentment side keeps its own currency."""
        bag = self.bag(self.pair(value))
        other = (value or {}).get("presentmentMoney")
        if other and other.get("currencyCode"):
            bag["presentmentMoney"]["currencyCode"] = other["currencyCode"]
        shop = (value or {}).get("shopMoney")
        if shop and shop.get("currencyCode"):
            bag["shopMoney"]["currencyCode"] = shop["currencyCode"]
        return bag


def tax_lines(rows: list[Obj] | None, cur: Currencies) -> tuple[list[Obj], Pair]:
    lines, total = [], ZERO
    for row in rows or []:
        total = total + cur.pair(row.get("priceSet"))
        lines.append(
            {
                "title": row.get("title"),
                "rate": row.get("rate"),
                "ratePercentage": row.get("ratePercentage"),
                "priceSet": cur.input_bag(row.get("priceSet")),
            }
        )
    return lines, total


def item_discount(code: Obj, line_totals: list[Pair], cur: Currencies) -> list[Pair]:
    """What an item discount code takes off each line (empty when it is no item discount)."""
    if code.get("itemFixedDiscountCode"):
        amount = cur.pair(code["itemFixedDiscountCode"].get("amountSet"))
        whole = sum(line_totals, ZERO)
        shares: list[Pair] = []
        for index, line in enumerate(line_totals):
            if index == len(line_totals) - 1:
                shares.append(amount - sum(shares, ZERO))
                continue
            shares.append(
                Pair(
                    _share(amount.shop, line.shop, whole.shop),
                    _share(amount.presentment, line.presentment, whole.presentment),
                )
            )
        return shares
    if code.get("itemPercentageDiscountCode"):
        rate = Decimal(str(code["itemPercentageDiscountCode"].get("percentage") or 0)) / 100
        return [line.times(rate).cents() for line in line_totals]
    return []


def _share(amount: Decimal, part: Decimal, whole: Decimal) -> Decimal:
    return (amount * part / whole).quantize(CENT) if whole else Decimal(0)


def discount_allocations(share: Pair, cur: Currencies) -> list[Obj]:
    if share == ZERO:
        return []
    bag = cur.bag(share)
    # Made by a discount code: LineItem's discounted prices leave it out unless asked.
    return [{"allocatedAmountSet": bag, "allocatedAmount": bag["shopMoney"], "__codeBased": True}]
