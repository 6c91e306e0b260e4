"""Facts about Decimal figures that bulk work asks of every value, remembered per object.

An import reads a hundred thousand variants whose prices, costs and weights are a few
distinct figures, each parsed once into one shared Decimal (Decimals never change). Asking
each value for its exponent (`as_tuple()` builds a tuple of its digits) or its text costs
more than the rest of its checks; here each object is asked once. Entries hold their object,
so an id is never taken for another object while it is remembered; the memory is bounded.
"""

from __future__ import annotations

from decimal import Decimal

SIZE = 4096  # objects remembered (then forgotten all at once)

_exponents: dict[int, tuple[Decimal, int]] = {}
_texts: dict[int, tuple[Decimal, str]] = {}


def exponent(value: Decimal) -> int:
    """`value.as_tuple().exponent` of a finite Decimal."""
    found = _exponents.get(id(value))
    if found is not None and found[0] is value:
        return found[1]
    answer = int(value.as_tuple().exponent)
    if len(_exponents) >= SIZE:
        _exponents.clear()
    _exponents[id(value)] = (value, answer)
    return answer


def text(value: Decimal) -> str:
    """`str(value)`."""
    found = _texts.get(id(value))
    if found is not None and found[0] is value:
        return found[1]
    answer = str(value)
    if len(_texts) >= SIZE:
        _texts.clear()
    _texts[id(value)] = (value, answer)
    return answer
