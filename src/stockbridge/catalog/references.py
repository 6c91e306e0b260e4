"""How a product names its season and its supplier: one rule for every writer.

A key may match a record by its name or by its code, and a key can match one record's code
and another record's name. The rule, used by the single-product services and the bulk upsert
alike:
- a **supplier** key is its code first, then its name (export writes the supplier's code);
- a **season** key is its name first, then its code (export writes the season's name).
So whatever an export wrote names the same record when it is imported again.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings

from .models import Season, Supplier


def season_keys(rows: list[tuple[int, str, str | None]]) -> dict[str, tuple[int, str]]:
    """(id, name, code) rows -> key -> (id, name as stored in a spec); names win over codes."""
    keys: dict[str, tuple[int, str]] = {code: (pk, name) for pk, name, code in rows if code}
    keys.update((name, (pk, name)) for pk, name, _ in rows)
    return keys


def supplier_keys(rows: list[tuple[int, str, str]]) -> dict[str, tuple[int, str]]:
    """(id, name, code) rows -> key -> (id, code as stored in a spec); codes win over names."""
    keys: dict[str, tuple[int, str]] = {name: (pk, code) for pk, name, code in rows}
    keys.update((code, (pk, code)) for pk, _, code in rows)
    return keys


def find_season(key: str) -> Season | None:
    """The season `key` names under the rule above, or None."""
    return Season.objects.filter(name=key).first() or Season.objects.filter(code=key).first()


def find_supplier(key: str) -> Supplier | None:
    """The supplier `key` names under the rule above, or None."""
    return Supplier.objects.filter(code=key).first() or Supplier.objects.filter(name=key).first()


@dataclass(slots=True)
class References:
    """Seasons and suppliers by every key a spec may use, loaded once for a bulk upsert."""

    seasons: dict[str, tuple[int, str]]
    suppliers: dict[str, tuple[int, str]]
    currency: str

    @classmethod
    def load(cls) -> References:
        return cls(
            season_keys(list(Season.objects.values_list("id", "name", "code"))),
            supplier_keys(list(Supplier.objects.values_list("id", "name", "code"))),
            settings.STOCKBRIDGE_CURRENCY,
        )

    def season_id(self, key: str | None) -> int | None:
        return self.seasons[key][0] if key else None

    def supplier_id(self, key: str | None) -> int | None:
        return self.suppliers[key][0] if key else None
