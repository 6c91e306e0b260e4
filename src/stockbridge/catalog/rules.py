"""Pure catalog rules: what makes a product, its attributes and its variants valid. No I/O.

Every stored value is bounded here with `platform.bounds` (text length and the NUL character,
money per currency, ISO 4217 codes, whole numbers), so whatever passes can be stored on SQLite
and PostgreSQL alike and read back by every view. Selling prices (`price`,
`compare_at_price`, `wholesale_price`) are held to their currency's minor units (2 for EUR,
0 for JPY); `cost` may carry up to 4 places, as a unit cost worked out from a bulk purchase
often does.
"""

from __future__ import annotations

import json
import operator
import re
from decimal import Decimal
from typing import Any

from stockbridge.platform import bounds, figures
from stockbridge.platform.errors import FieldError

from .specs import AttributeSpec, ImageSpec, ProductSpec, VariantSpec

MAX_ATTRIBUTES = 5
MAX_VARIANTS = 2048
STATUSES = ("active", "draft", "archived")
WEIGHT_UNITS = ("g", "kg", "oz", "lb")
DIMENSION_UNITS = ("mm", "cm", "m", "in")
UNIT_TYPES = ("fixed", "per_unit")
HANDLE_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
CURRENCY_RE = re.compile(r"^[A-Z]{3}$")
MONEY_MAX = bounds.MONEY_MAX
MEASURE_MAX = 10**8  # weight and dimensions are stored with 12 digits, 4 after the point
_MEASURE_MAX = Decimal(MEASURE_MAX)  # (a Decimal compares faster with a Decimal than an int)
_ZERO = Decimal(0)
SELLING_PRICES = ("price", "compare_at_price", "wholesale_price")
MONEY_NAMES = ("price", "compare_at_price", "cost", "wholesale_price")
MEASURE_NAMES = ("weight", "length", "width", "height")
_money_values = operator.attrgetter(*MONEY_NAMES)
_measure_values = operator.attrgetter(*MEASURE_NAMES)
LIMITS = {  # characters, by stored column
    "title": bounds.TEXT_SHORT,
    "handle": bounds.TEXT_SHORT,
    "description_html": bounds.TEXT_LONG,
    "text": bounds.TEXT_SHORT,
    "attribute_name": 64,
    "barcode": 64,
    "url": 2048,
    "alt": 512,
    "custom_fields": bounds.TEXT_LONG,
}


def handle_from_title(title: str) -> str:
    """The URL handle Shopify would derive from a title: lowercase words joined by dashes."""
    words = re.findall(r"[a-z0-9]+", title.lower())
    return "-".join(words)[:255].strip("-") or "product"


def _text(errors: list[FieldError], field: str, value: str, *, limit: int, required: bool) -> None:
    if required and isinstance(value, str) and not value.strip():
        errors.append(FieldError(field, "is required"))
        return
    try:
        bounds.check_text(field, value, limit=limit)
    except FieldError as error:
        errors.append(error)


def _plain(value: object, limit: int) -> bool:
    """`value` is text `_text` would pass as it is: ASCII (so no lone surrogate), no NUL,
    within `limit` (whether it is required is for the caller)."""
    return type(value) is str and len(value) <= limit and value.isascii() and "\x00" not in value


def _money(
    errors: list[FieldError], field: str, value: Decimal | None, currency: str | None
) -> None:
    if value is None:
        return
    if not isinstance(value, Decimal) or not value.is_finite():
        errors.append(FieldError(field, "must be a number"))
        return
    if value < 0:
        errors.append(FieldError(field, "must not be negative"))
        return
    if value > MONEY_MAX:
        errors.append(FieldError(field, f"must be at most {MONEY_MAX}"))
        return
    exponent = int(value.as_tuple().exponent)  # an int: the value is finite
    if exponent < -bounds.MONEY_PLACES:
        errors.append(FieldError(field, f"has more than {bounds.MONEY_PLACES} decimal places"))
    elif currency is not None and exponent < -bounds.CURRENCY_PLACES.get(currency, 4):
        # Maybe more places than the currency has (or only trailing zeros: 19.9000 is fine).
        try:
            bounds.check_money(field, value, currency=currency)
        except FieldError as error:
            errors.append(error)


def _measure(errors: list[FieldError], field: str, value: Decimal | None) -> None:
    if value is None:
        return
    if not isinstance(value, Decimal) or not value.is_finite() or value < 0:
        errors.append(FieldError(field, "must be a number that is not negative"))
    elif value >= MEASURE_MAX:
        errors.append(FieldError(field, f"must be below {MEASURE_MAX}"))
    elif value.as_tuple().exponent < -4:  # type: ignore[operator]
        errors.append(FieldError(field, "has more than 4 decimal places"))


def _json_text(errors: list[FieldError], field: str, value: Any) -> None:
    """Every key and text inside a JSON value is free of NUL (PostgreSQL refuses it)."""
    if isinstance(value, str):
        _text(errors, field, value, limit=LIMITS["custom_fields"], required=False)
    elif isinstance(value, dict):
        for key, item in value.items():
            _json_text(errors, f"{field}.{key}", str(key))
            _json_text(errors, f"{field}.{key}", item)
    elif isinstance(value, list):
        for i, item in enumerate(value):
            _json_text(errors, f"{field}[{i}]", item)


def _custom_fields(errors: list[FieldError], value: Any) -> None:
    if not isinstance(value, dict):
        errors.append(FieldError("custom_fields", "must be an object"))
        return
    if not value:
        return
    try:
        size = len(json.dumps(value, ensure_ascii=False))
    except (TypeError, ValueError):
        errors.append(FieldError("custom_fields", "must hold only JSON values"))
        return
    if size > LIMITS["custom_fields"]:
        errors.append(
            FieldError("custom_fields", f"is longer than {LIMITS['custom_fields']} characters")
        )
    found: list[FieldError] = []
    _json_text(found, "custom_fields", value)
    errors.extend(found[:1])


def _currency(errors: list[FieldError], field: str, value: str | None) -> str | None:
    """The currency a variant's prices are in, or None when it is not a usable code."""
    if value is None:
        return None
    if not isinstance(value, str) or not CURRENCY_RE.match(value):
        errors.append(FieldError(field, "must be a 3-letter ISO 4217 code"))
        return None
    try:
        return bounds.check_currency(field, value)
    except FieldError as error:
        errors.append(error)
        return None


def validate_attributes(attributes: tuple[AttributeSpec, ...]) -> list[FieldError]:
    errors: list[FieldError] = []
    if len(attributes) > MAX_ATTRIBUTES:
        errors.append(
            FieldError(
                "attributes",
                f"a product has at most {MAX_ATTRIBUTES} attributes, got {len(attributes)}",
            )
        )
    seen: set[str] = set()
    for i, attribute in enumerate(attributes):
        where = f"attributes[{i}]"
        _text(
            errors, f"{where}.name", attribute.name, limit=LIMITS["attribute_name"], required=True
        )
        key = attribute.name.strip().lower()
        if key and key in seen:
            errors.append(FieldError(f"{where}.name", f"duplicate attribute {attribute.name!r}"))
        seen.add(key)
        if not attribute.values:
            errors.append(FieldError(f"{where}.values", "needs at least one value"))
        if len(set(attribute.values)) != len(attribute.values):
            errors.append(FieldError(f"{where}.values", "values must be unique"))
        for j, value in enumerate(attribute.values):
            _text(errors, f"{where}.values[{j}]", value, limit=LIMITS["text"], required=True)
    return errors


def validate_variant(
    variant: VariantSpec,
    attributes: tuple[AttributeSpec, ...],
    where: str,
    default_currency: str | None = None,
) -> list[FieldError]:
    """A variant's own rules; prices are checked in its currency, else `default_currency`."""
    # Field names are built only for a value that may be wrong (plain values take a fast
    # path: an import checks a hundred thousand variants).
    errors: list[FieldError] = []
    sku = variant.sku
    if not _plain(sku, LIMITS["text"]) or not sku or sku != sku.strip():
        _text(errors, f"{where}.sku", sku, limit=LIMITS["text"], required=True)
        if isinstance(sku, str) and sku != sku.strip():
            errors.append(FieldError(f"{where}.sku", "must not start or end with spaces"))
    if not _plain(variant.barcode, LIMITS["barcode"]):
        _text(errors, f"{where}.barcode", variant.barcode, limit=LIMITS["barcode"], required=False)
    currency = variant.currency
    if currency is None:
        currency = default_currency or None
    elif type(currency) is not str or currency not in bounds.CURRENCY_PLACES:
        # (every code CURRENCY_PLACES holds is 3 capital letters: `_currency` passes it)
        currency = _currency(errors, f"{where}.currency", currency)
    if variant.price is None:
        errors.append(FieldError(f"{where}.price", "is required"))
    # The places a selling price may have in its currency, checked here at once: a value
    # that may be wrong goes to `_money`, which says why.
    selling = -min(bounds.CURRENCY_PLACES.get(currency, 4), 4) if currency else -4
    for name, value in zip(MONEY_NAMES, _money_values(variant), strict=True):
        if value is not None and not (
            type(value) is Decimal
            and value.is_finite()
            and _ZERO <= value <= MONEY_MAX
            and figures.exponent(value)
            >= (selling if name in SELLING_PRICES else -bounds.MONEY_PLACES)
        ):
            in_currency = currency if name in SELLING_PRICES else None
            _money(errors, f"{where}.{name}", value, in_currency)
    for name, value in zip(MEASURE_NAMES, _measure_values(variant), strict=True):
        if value is not None and not (
            type(value) is Decimal
            and value.is_finite()
            and _ZERO <= value < _MEASURE_MAX
            and figures.exponent(value) >= -4
        ):
            _measure(errors, f"{where}.{name}", value)
    if variant.position is not None and not (
        type(variant.position) is int and 1 <= variant.position <= bounds.MAX_INT32
    ):
        try:
            bounds.check_quantity(
                f"{where}.position", variant.position, minimum=1, maximum=bounds.MAX_INT32
            )
        except FieldError as error:
            errors.append(error)
    if variant.weight_unit not in WEIGHT_UNITS:
        errors.append(
            FieldError(f"{where}.weight_unit", f"must be one of {', '.join(WEIGHT_UNITS)}")
        )
    if variant.dimension_unit not in DIMENSION_UNITS:
        errors.append(
            FieldError(f"{where}.dimension_unit", f"must be one of {', '.join(DIMENSION_UNITS)}")
        )
    if variant.unit_type not in UNIT_TYPES:
        errors.append(FieldError(f"{where}.unit_type", f"must be one of {', '.join(UNIT_TYPES)}"))
    if len(variant.attribute_values) != len(attributes):
        errors.append(
            FieldError(
                f"{where}.attribute_values",
                f"the product has {len(attributes)} attributes, the variant gives "
                f"{len(variant.attribute_values)} values",
            )
        )
    else:
        for attribute, value in zip(attributes, variant.attribute_values, strict=True):
            if value not in attribute.values:
                errors.append(
                    FieldError(
                        f"{where}.attribute_values",
                        f"{value!r} is not a value of attribute {attribute.name!r}",
                    )
                )
    return errors


def validate_images(images: tuple[ImageSpec, ...], skus: set[str]) -> list[FieldError]:
    errors: list[FieldError] = []
    for i, image in enumerate(images):
        _text(errors, f"images[{i}].url", image.url, limit=LIMITS["url"], required=False)
        _text(errors, f"images[{i}].alt", image.alt, limit=LIMITS["alt"], required=False)
        if not image.url.startswith(("http://", "https://")):
            errors.append(FieldError(f"images[{i}].url", "must be an http(s) URL"))
        if image.md5 and not re.fullmatch(r"[0-9a-f]{32}", image.md5):
            errors.append(FieldError(f"images[{i}].md5", "must be 32 lowercase hex digits"))
        for sku in image.variant_skus:
            if sku not in skus:
                errors.append(
                    FieldError(f"images[{i}].variant_skus", f"no variant has SKU {sku!r}")
                )
    return errors


def validate_product(spec: ProductSpec, *, default_currency: str | None = None) -> list[FieldError]:
    """Every rule a whole product must meet on its own (database checks come after).

    `default_currency` is the currency of variants that name none (the shop's), so their
    prices are held to its minor units too."""
    errors: list[FieldError] = []
    _text(errors, "title", spec.title, limit=LIMITS["title"], required=True)
    _text(errors, "handle", spec.handle, limit=LIMITS["handle"], required=False)
    if spec.handle and isinstance(spec.handle, str) and not HANDLE_RE.match(spec.handle):
        errors.append(FieldError("handle", "must be lowercase letters, digits and single dashes"))
    if spec.status not in STATUSES:
        errors.append(FieldError("status", f"must be one of {', '.join(STATUSES)}"))
    _text(
        errors,
        "description_html",
        spec.description_html,
        limit=LIMITS["description_html"],
        required=False,
    )
    for name in ("brand", "vendor", "product_type", "category", "product_group"):
        _text(errors, name, getattr(spec, name), limit=LIMITS["text"], required=False)
    for name in ("season", "supplier"):
        if getattr(spec, name) is not None:
            _text(errors, name, getattr(spec, name), limit=LIMITS["text"], required=False)
    for i, tag in enumerate(spec.tags):
        _text(errors, f"tags[{i}]", tag, limit=LIMITS["text"], required=True)
    _custom_fields(errors, spec.custom_fields)
    errors.extend(validate_attributes(spec.attributes))
    if len(spec.variants) > MAX_VARIANTS:
        errors.append(FieldError("variants", f"a product has at most {MAX_VARIANTS} variants"))
    if not spec.attributes and len(spec.variants) > 1:
        errors.append(
            FieldError("variants", "a product without attributes has at most one variant")
        )
    skus: set[str] = set()
    combos: set[tuple[str, ...]] = set()
    for i, variant in enumerate(spec.variants):
        where = f"variants[{i}]"
        errors.extend(validate_variant(variant, spec.attributes, where, default_currency))
        if variant.sku in skus:
            errors.append(FieldError(f"{where}.sku", f"SKU {variant.sku!r} is given twice"))
        skus.add(variant.sku)
        if spec.attributes and variant.attribute_values in combos:
            errors.append(
                FieldError(
                    f"{where}.attribute_values",
                    f"another variant already has {' / '.join(variant.attribute_values)}",
                )
            )
        combos.add(variant.attribute_values)
    errors.extend(validate_images(spec.images, skus))
    return errors
