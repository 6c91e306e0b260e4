"""Pure catalog rules: what makes a product, its attributes and its variants valid. No I/O."""

from __future__ import annotations

import re
from decimal import Decimal

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
MONEY_MAX = Decimal("9999999999.9999")


def handle_from_title(title: str) -> str:
    """The URL handle Shopify would derive from a title: lowercase words joined by dashes."""
    words = re.findall(r"[a-z0-9]+", title.lower())
    return "-".join(words)[:255].strip("-") or "product"


def _text(errors: list[FieldError], field: str, value: str, *, limit: int, required: bool) -> None:
    if required and not value.strip():
        errors.append(FieldError(field, "is required"))
    elif len(value) > limit:
        errors.append(FieldError(field, f"is longer than {limit} characters"))


def _money(errors: list[FieldError], field: str, value: Decimal | None) -> None:
    if value is None:
        return
    if not value.is_finite():
        errors.append(FieldError(field, "must be a number"))
    elif value < 0:
        errors.append(FieldError(field, "must not be negative"))
    elif value > MONEY_MAX:
        errors.append(FieldError(field, f"must be at most {MONEY_MAX}"))
    elif value.as_tuple().exponent < -4:  # type: ignore[operator]
        errors.append(FieldError(field, "has more than 4 decimal places"))


def _measure(errors: list[FieldError], field: str, value: Decimal | None) -> None:
    if value is None:
        return
    if not value.is_finite() or value < 0:
        errors.append(FieldError(field, "must be a number that is not negative"))


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
        _text(errors, f"{where}.name", attribute.name, limit=64, required=True)
        key = attribute.name.strip().lower()
        if key and key in seen:
            errors.append(FieldError(f"{where}.name", f"duplicate attribute {attribute.name!r}"))
        seen.add(key)
        if not attribute.values:
            errors.append(FieldError(f"{where}.values", "needs at least one value"))
        if len(set(attribute.values)) != len(attribute.values):
            errors.append(FieldError(f"{where}.values", "values must be unique"))
        for j, value in enumerate(attribute.values):
            _text(errors, f"{where}.values[{j}]", value, limit=255, required=True)
    return errors


def validate_variant(
    variant: VariantSpec, attributes: tuple[AttributeSpec, ...], where: str
) -> list[FieldError]:
    errors: list[FieldError] = []
    _text(errors, f"{where}.sku", variant.sku, limit=255, required=True)
    if variant.sku != variant.sku.strip():
        errors.append(FieldError(f"{where}.sku", "must not start or end with spaces"))
    _text(errors, f"{where}.barcode", variant.barcode, limit=64, required=False)
    if variant.currency is not None and not CURRENCY_RE.match(variant.currency):
        errors.append(FieldError(f"{where}.currency", "must be a 3-letter ISO 4217 code"))
    if variant.price is None:
        errors.append(FieldError(f"{where}.price", "is required"))
    for name in ("price", "compare_at_price", "cost", "wholesale_price"):
        _money(errors, f"{where}.{name}", getattr(variant, name))
    for name in ("weight", "length", "width", "height"):
        _measure(errors, f"{where}.{name}", getattr(variant, name))
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


def validate_product(spec: ProductSpec) -> list[FieldError]:
    """Every rule a whole product must meet on its own (database checks come after)."""
    errors: list[FieldError] = []
    _text(errors, "title", spec.title, limit=255, required=True)
    if spec.handle and not HANDLE_RE.match(spec.handle):
        errors.append(FieldError("handle", "must be lowercase letters, digits and single dashes"))
    if spec.status not in STATUSES:
        errors.append(FieldError("status", f"must be one of {', '.join(STATUSES)}"))
    for name in ("brand", "vendor", "product_type", "category", "product_group"):
        _text(errors, name, getattr(spec, name), limit=255, required=False)
    for i, tag in enumerate(spec.tags):
        _text(errors, f"tags[{i}]", tag, limit=255, required=True)
    if not isinstance(spec.custom_fields, dict):
        errors.append(FieldError("custom_fields", "must be an object"))
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
        errors.extend(validate_variant(variant, spec.attributes, where))
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
