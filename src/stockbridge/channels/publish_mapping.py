"""The mapping template of "Publish listings": which hub field fills which channel field,
whether it is published at all, and how it is transformed on the way (truncate, prefix, value
map); and the category rules (a hub category -> a taxonomy category id). Pure: plain values
in, plain values out (AGENTS.md rule 6); stored in the operation's settings (`mapping`,
`category_rules`) and validated by `parse_template` / `parse_rules`.

Defaults follow the Flxpoint seed's "Available Mappings": Title -> Title, Description -> Body
HTML, Brand/vendor -> Vendor, product type -> Product Type, SKU -> SKU, List Price -> Price,
MSRP -> Compare At Price, Cost -> Cost, weight -> weight, plus status, tags, barcode and SEO
(from the custom fields `seo_title` / `seo_description`), each enabled. Images and options are
not fields of the template (settings and attributes decide them)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from stockbridge.platform.bounds import check_text
from stockbridge.platform.errors import FieldError

PRODUCT_SOURCES = (
    "title",
    "description_html",
    "vendor",
    "brand",
    "product_type",
    "product_group",
    "category",
    "status",
    "tags",
    "season",
    "supplier",
)
VARIANT_SOURCES = ("sku", "barcode", "price", "compare_at_price", "cost", "weight")
CUSTOM = "custom_fields."
TEXT_TARGETS = (
    "product.title",
    "product.description_html",
    "product.vendor",
    "product.product_type",
    "product.seo_title",
    "product.seo_description",
    "variant.barcode",
)
TARGETS = (
    *TEXT_TARGETS,
    "product.status",
    "product.tags",
    "variant.sku",
    "variant.price",
    "variant.compare_at_price",
    "variant.cost",
    "variant.weight",
)
METAFIELD = ".metafield."  # product.metafield.<key> / variant.metafield.<key>
TRANSFORMS = ("truncate", "prefix", "map")
MAX_ROWS = 100
MAX_RULES = 1000


@dataclass(frozen=True, slots=True)
class Transform:
    kind: str  # truncate, prefix, map
    length: int = 0
    text: str = ""
    values: tuple[tuple[str, str], ...] = ()

    def apply(self, value: str) -> str:
        if self.kind == "truncate":
            return value[: self.length]
        if self.kind == "prefix":
            return self.text + value if value else value
        return dict(self.values).get(value, value)

    def as_dict(self) -> dict[str, Any]:
        if self.kind == "truncate":
            return {"kind": "truncate", "length": self.length}
        if self.kind == "prefix":
            return {"kind": "prefix", "text": self.text}
        return {"kind": "map", "values": dict(self.values)}


@dataclass(frozen=True, slots=True)
class MappingRow:
    source: str
    target: str
    enabled: bool = True
    transforms: tuple[Transform, ...] = ()

    def as_dict(self) -> dict[str, Any]:
        return {
            "source": self.source,
            "target": self.target,
            "enabled": self.enabled,
            "transforms": [t.as_dict() for t in self.transforms],
        }


@dataclass(frozen=True, slots=True)
class CategoryRule:
    category: str  # a hub category (its first level, or its whole path "A > B")
    taxonomy: str  # the channel's category id (gid://shopify/TaxonomyCategory/ap-1)

    def as_dict(self) -> dict[str, str]:
        return {"category": self.category, "taxonomy": self.taxonomy}


DEFAULT_TEMPLATE: tuple[MappingRow, ...] = (
    MappingRow("title", "product.title"),
    MappingRow("description_html", "product.description_html"),
    MappingRow("vendor", "product.vendor"),
    MappingRow("product_type", "product.product_type"),
    MappingRow("status", "product.status"),
    MappingRow("tags", "product.tags"),
    MappingRow("custom_fields.seo_title", "product.seo_title"),
    MappingRow("custom_fields.seo_description", "product.seo_description"),
    MappingRow("sku", "variant.sku"),
    MappingRow("barcode", "variant.barcode"),
    MappingRow("price", "variant.price"),
    MappingRow("compare_at_price", "variant.compare_at_price"),
    MappingRow("cost", "variant.cost"),
    MappingRow("weight", "variant.weight"),
)


def _transform(where: str, data: Any) -> Transform:
    if not isinstance(data, Mapping):
        raise FieldError(where, "must be an object with a kind (truncate, prefix or map)")
    kind = data.get("kind")
    if kind not in TRANSFORMS:
        raise FieldError(f"{where}.kind", f"must be one of {', '.join(TRANSFORMS)}")
    if kind == "truncate":
        length = data.get("length")
        if isinstance(length, bool) or not isinstance(length, int) or not 1 <= length <= 65535:
            raise FieldError(f"{where}.length", "must be a whole number from 1 to 65535")
        return Transform("truncate", length=length)
    if kind == "prefix":
        text = data.get("text")
        if not isinstance(text, str) or not text:
            raise FieldError(f"{where}.text", "must be a non-empty text")
        return Transform("prefix", text=check_text(f"{where}.text", text))
    values = data.get("values")
    if not isinstance(values, Mapping) or not values:
        raise FieldError(f"{where}.values", "must be an object of hub value: channel value")
    pairs = []
    for key, value in values.items():
        if not isinstance(value, str):
            raise FieldError(f"{where}.values.{key}", "must be a text")
        pairs.append(
            (check_text(f"{where}.values", str(key)), check_text(f"{where}.values.{key}", value))
        )
    return Transform("map", values=tuple(pairs))


def _check_source(where: str, source: Any, target: str) -> str:
    if not isinstance(source, str):
        raise FieldError(where, "must be a hub field name")
    if source.startswith(CUSTOM) and len(source) > len(CUSTOM):
        return check_text(where, source)
    known = VARIANT_SOURCES if target.startswith("variant.") else PRODUCT_SOURCES
    if source not in known:
        raise FieldError(
            where,
            f"{source!r} is not a {target.split('.')[0]} field "
            f"(known: {', '.join(known)}, or custom_fields.<key>)",
        )
    return source


def _check_target(where: str, target: Any) -> str:
    if not isinstance(target, str):
        raise FieldError(where, "must be a channel field name")
    if METAFIELD in target:
        owner, _, key = target.partition(METAFIELD)
        if owner in ("product", "variant") and metafield_key_ok(key):
            return target
        raise FieldError(
            where, "a metafield target is product.metafield.<key> or variant.metafield.<key>"
        )
    if target not in TARGETS:
        raise FieldError(where, f"{target!r} is not one of {', '.join(TARGETS)} (or a metafield)")
    return target


def metafield_key_ok(key: str) -> bool:
    """Shopify's rule for a metafield key: 2 to 64 letters, digits, '-' or '_'."""
    return 2 <= len(key) <= 64 and all(c.isascii() and (c.isalnum() or c in "-_") for c in key)


def parse_template(data: Any) -> tuple[MappingRow, ...]:
    """The template from stored or submitted JSON (a list of rows); FieldError naming the
    row and the key otherwise."""
    if data is None:
        return DEFAULT_TEMPLATE
    if not isinstance(data, Sequence) or isinstance(data, str):
        raise FieldError("mapping", "must be a list of {source, target, enabled, transforms}")
    if len(data) > MAX_ROWS:
        raise FieldError("mapping", f"holds at most {MAX_ROWS} rows")
    rows: list[MappingRow] = []
    seen: set[str] = set()
    for index, item in enumerate(data):
        where = f"mapping.{index}"
        if not isinstance(item, Mapping):
            raise FieldError(where, "must be an object {source, target, enabled, transforms}")
        unknown = set(item) - {"source", "target", "enabled", "transforms"}
        if unknown:
            raise FieldError(f"{where}.{sorted(unknown)[0]}", "unknown key")
        target = _check_target(f"{where}.target", item.get("target"))
        if target in seen:
            raise FieldError(f"{where}.target", f"{target} is mapped twice")
        seen.add(target)
        source = _check_source(f"{where}.source", item.get("source"), target)
        enabled = item.get("enabled", True)
        if not isinstance(enabled, bool):
            raise FieldError(f"{where}.enabled", "must be true or false")
        raw = item.get("transforms", [])
        if not isinstance(raw, list):
            raise FieldError(f"{where}.transforms", "must be a list")
        transforms = tuple(_transform(f"{where}.transforms.{i}", t) for i, t in enumerate(raw))
        if transforms and target not in TEXT_TARGETS and METAFIELD not in target:
            raise FieldError(f"{where}.transforms", f"{target} takes no transforms (not a text)")
        rows.append(MappingRow(source, target, enabled, transforms))
    return tuple(rows)


def parse_rules(data: Any) -> tuple[CategoryRule, ...]:
    if data is None:
        return ()
    if not isinstance(data, list):
        raise FieldError("category_rules", "must be a list of {category, taxonomy}")
    if len(data) > MAX_RULES:
        raise FieldError("category_rules", f"holds at most {MAX_RULES} rules")
    rules = []
    for index, item in enumerate(data):
        where = f"category_rules.{index}"
        if not isinstance(item, Mapping) or set(item) != {"category", "taxonomy"}:
            raise FieldError(where, "must be an object {category, taxonomy}")
        category, taxonomy = item["category"], item["taxonomy"]
        if not isinstance(category, str) or not category.strip():
            raise FieldError(f"{where}.category", "must be a hub category")
        if not isinstance(taxonomy, str) or not taxonomy.strip():
            raise FieldError(f"{where}.taxonomy", "must be a taxonomy category id")
        rules.append(
            CategoryRule(
                check_text(f"{where}.category", category).strip(),
                check_text(f"{where}.taxonomy", taxonomy).strip(),
            )
        )
    return tuple(rules)


def category_levels(category: str) -> list[str]:
    """A hub category path ("Live Animals > Dogs") as its levels."""
    return [part.strip() for part in category.split(">") if part.strip()]


def taxonomy_of(category: str, rules: Sequence[CategoryRule]) -> str | None:
    """The taxonomy id of the first rule naming the category's whole path or its first
    level (case-insensitive), or None."""
    levels = category_levels(category)
    if not levels:
        return None
    whole = " > ".join(levels).casefold()
    for rule in rules:
        wanted = " > ".join(category_levels(rule.category)).casefold()
        if wanted in (whole, levels[0].casefold()):
            return rule.taxonomy
    return None


def category_tags(category: str) -> list[str]:
    """The category's levels beyond the first, travelling as tags."""
    return category_levels(category)[1:]


def apply(
    template: Sequence[MappingRow], source: Mapping[str, Any], *, owner: str
) -> dict[str, Any]:
    """{target: value} of the rows of `owner` ("product" or "variant") that are enabled, from
    the record `source` (hub field -> value; `custom_fields` a mapping). Text values pass
    through the row's transforms in order; a missing custom field is None."""
    out: dict[str, Any] = {}
    for row in template:
        if not row.enabled or not row.target.startswith(owner + "."):
            continue
        value = _read(source, row.source)
        if isinstance(value, str):
            for transform in row.transforms:
                value = transform.apply(value)
        out[row.target] = value
    return out


def _read(source: Mapping[str, Any], name: str) -> Any:
    if name.startswith(CUSTOM):
        custom = source.get("custom_fields") or {}
        value = custom.get(name[len(CUSTOM) :]) if isinstance(custom, Mapping) else None
        return None if value is None else value if isinstance(value, str) else str(value)
    return source.get(name)
