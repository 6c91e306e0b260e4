"""The settings of "Import listings" (Pull All Products), typed and validated.

Stored as JSON in `OperationSettings.settings` for the operation `import_listings`; read with
`ImportSettings.from_dict`, which refuses an unknown key or a bad value with a FieldError
naming the field. Defaults follow the seeds:
- Flxpoint "Import Listings": mode create only, master SKU the variant SKU, new listings not
  paused, quantity imported as a total for all locations (unless the channel maps its
  locations: then per mapped location, see `quantities`), metafields as custom fields,
  weights with their units, images by their store URLs;
- Stitchex "Pull All Products": no season unless one is chosen for published and for
  unpublished products, prices imported ("Do you want to import prices?" answered yes).

`quantities`: "per_location" sets each hub location mapped to a remote location
(`LocationMapping`) to that location's available; "total" sets `location` (a hub location
code; the hub's first location by priority when empty) to the sum over every remote location;
"none" leaves hub stock alone. Unset (null, the default) it follows the channel's location
mode, as sync listings does when it pushes: "per_location" when the channel has location
mappings, "total" when it has none (`quantities_for`).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, fields
from typing import Any

from stockbridge.platform import bounds
from stockbridge.platform.errors import FieldError

MODES = ("create_only", "create_and_overwrite")
MASTER_SKUS = ("sku", "barcode")
QUANTITIES = ("per_location", "total", "none")


@dataclass(frozen=True, slots=True)
class ImportSettings:
    mode: str = "create_only"
    master_sku: str = "sku"
    pause_new_listings: bool = False
    import_prices: bool = True
    season_for_published: str | None = None
    season_for_unpublished: str | None = None
    quantities: str | None = None  # None: follow the channel's location mode
    location: str | None = None
    metafields_as_custom_fields: bool = True
    weights: bool = True
    images: bool = True

    @property
    def overwrite(self) -> bool:
        return self.mode == "create_and_overwrite"

    def quantities_for(self, *, mapped: bool) -> str:
        """The quantities mode an import uses on a channel that has location mappings
        (`mapped`) or none: the setting when set, else per location or total."""
        if self.quantities is not None:
            return self.quantities
        return "per_location" if mapped else "total"

    @classmethod
    def from_dict(cls, data: Mapping[str, Any] | None) -> ImportSettings:
        """Settings from stored JSON; missing keys take their defaults."""
        data = dict(data or {})
        known = {f.name for f in fields(cls)}
        for key in data:
            if key not in known:
                raise FieldError(
                    str(key),
                    f"is not a setting of import listings (known: {', '.join(sorted(known))})",
                )
        values: dict[str, Any] = {}
        for name in ("mode", "master_sku", "quantities"):
            if name in data and not (name == "quantities" and data[name] is None):
                values[name] = _choice(name, data[name])
        for name in (
            "pause_new_listings",
            "import_prices",
            "metafields_as_custom_fields",
            "weights",
            "images",
        ):
            if name in data:
                if not isinstance(data[name], bool):
                    raise FieldError(name, f"must be true or false, got {data[name]!r}")
                values[name] = data[name]
        for name in ("season_for_published", "season_for_unpublished", "location"):
            if name in data and data[name] is not None:
                value = data[name]
                if not isinstance(value, str):
                    raise FieldError(name, f"must be a name, got {value!r}")
                bounds.check_text(name, value)
                values[name] = value.strip() or None
        return cls(**values)

    def as_dict(self) -> dict[str, Any]:
        return {f.name: getattr(self, f.name) for f in fields(self)}


def _choice(name: str, value: Any) -> str:
    allowed = {"mode": MODES, "master_sku": MASTER_SKUS, "quantities": QUANTITIES}[name]
    if value not in allowed:
        raise FieldError(name, f"must be one of {', '.join(allowed)}, got {value!r}")
    return str(value)
