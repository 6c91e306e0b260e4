"""The catalog's request bodies: what the OpenAPI declares, and how loosely they are read.

The variant's bodies are built from `VariantSpec` itself (one field list, in `catalog.specs`);
the product's are checked against `ProductSpec` when this module loads."""

from __future__ import annotations

import dataclasses
import re
from decimal import Decimal
from typing import Annotated, Any

from ninja import Field
from pydantic import BeforeValidator, WithJsonSchema, create_model

from stockbridge.catalog import rules
from stockbridge.catalog.services import NULL_AS_EMPTY, NULLABLE, SEASON_CODE, SEASON_NAME
from stockbridge.catalog.specs import PRODUCT_FIELDS, VARIANT_FIELDS, ProductSpec, VariantSpec
from stockbridge.platform import bounds

from .inputs import NO_NUL, NON_BLANK, SPACES, Date, StrictIn, non_blank, text

# Request bodies ---------------------------------------------------------------------------------
# Each derives from StrictIn (an unknown field is refused). Their fields are read loosely (any
# text, any list, a decimal in plain notation) and the catalog services check them, answering
# 400 with the field's path (`variants[0].price`) and their own reasons, so the API, imports and
# the admin refuse the same values the same way and report every problem at once. The OpenAPI
# declares exactly what the services enforce (`catalog.rules`, `platform.bounds`): lengths,
# patterns, choices, ranges. What depends on another field or on what is stored is declared in
# the field's description only: a selling price in its currency's minor units (USD 2, JPY 0),
# a variant's attribute values among the product's attributes, an image's SKUs among the
# product's variants, a season or supplier that exists.


def _string(limit: int, *, required: bool = False, pattern: str | None = None) -> dict[str, Any]:
    return {
        "type": "string",
        **({"minLength": 1} if required else {}),
        "maxLength": limit,
        "pattern": pattern or (NON_BLANK if required else NO_NUL),
    }


def _nullable(schema: dict[str, Any]) -> dict[str, Any]:
    """`schema` or null; keywords that apply to one JSON type stay at the top (they do not
    constrain null), `enum` moves into its branch."""
    outer = {k: v for k, v in schema.items() if k not in ("type", "anyOf", "enum")}
    branches = list(schema.get("anyOf", [{"type": schema.get("type")}]))
    if "enum" in schema:
        branches = [{**branches[0], "enum": schema["enum"]}]
    return {**outer, "anyOf": [*branches, {"type": "null"}]}


def _decimal(places: int, digits: int, maximum: dict[str, Any], description: str) -> Any:
    """A decimal field: read from a string in plain notation or an integer (never a float),
    its sign, size and places left to the service; declared as the service bounds it."""
    loose = re.compile(rf"^-?(0|[1-9][0-9]*|[0-9]{{1,{digits}}})(\.[0-9]+)?$")

    def parse(value: Any) -> Any:
        if isinstance(value, float) and value.is_integer():
            value = int(value)
        if isinstance(value, bool) or not isinstance(value, (str, int, Decimal)):
            raise ValueError('must be a decimal number written as a string ("10.50") or integer')
        if isinstance(value, str) and not loose.match(value):
            raise ValueError("must be a decimal number such as 10.50")
        number = Decimal(str(value))
        if number == 0 and str(value).startswith("-"):  # "-0": refused as the schema says
            raise ValueError("must be a decimal number such as 10.50")
        return number

    pattern = rf"^[0-9]{{1,{digits}}}(\.[0-9]{{1,{places}}})?$"
    schema = {
        "anyOf": [{"type": "string", "pattern": pattern}, {"type": "integer"}],
        "minimum": 0,
        **maximum,
        "description": description,
    }
    return Annotated[Decimal, BeforeValidator(parse)], schema


def _integer(value: Any) -> Any:
    return int(value) if isinstance(value, float) and value.is_integer() else value


_MONEY_DIGITS = len(str(int(bounds.MONEY_MAX)))
SELLING_PRICE_NOTE = (
    "A decimal amount as a string or an integer, in at most the places of the variant's "
    "currency (USD 2, JPY 0, KWD 3; 4 at most)."
)
SellingPrice = _decimal(
    bounds.MONEY_PLACES, _MONEY_DIGITS, {"maximum": float(bounds.MONEY_MAX)}, SELLING_PRICE_NOTE
)
Cost = _decimal(
    bounds.MONEY_PLACES,
    _MONEY_DIGITS,
    {"maximum": float(bounds.MONEY_MAX)},
    "A decimal amount as a string or an integer, at most 4 decimal places.",
)
Measure = _decimal(
    4,
    len(str(rules.MEASURE_MAX)) - 1,
    {"exclusiveMaximum": rules.MEASURE_MAX},
    "A decimal as a string or an integer, below 10^8, at most 4 decimal places.",
)
# Neither empty nor starting or ending with spaces (a SKU is matched as typed).
SKU_PATTERN = f"^[^{SPACES}\\x00]([^\\x00]*[^{SPACES}\\x00])?$"
HANDLE_PATTERN = "^([a-z0-9]+(-[a-z0-9]+)*)?$"
TEXT = rules.LIMITS["text"]
CURRENCY_SCHEMA: dict[str, Any] = {
    "type": "string",
    "enum": sorted(bounds.CURRENCY_PLACES),
    "pattern": "^[A-Z]{3}$",
    "description": "An active ISO 4217 code; the shop's when absent.",
}

# Each variant field: (the Python type read, its OpenAPI schema).
VARIANT_TYPES: dict[str, tuple[Any, dict[str, Any]]] = {
    "sku": (str, _string(TEXT, required=True, pattern=SKU_PATTERN)),
    "price": SellingPrice,
    "attribute_values": (
        list[str],
        {
            "type": "array",
            "items": _string(TEXT, required=True),
            "maxItems": rules.MAX_ATTRIBUTES,
            "description": "One value of each of the product's attributes, in their order.",
        },
    ),
    "barcode": (str, _string(rules.LIMITS["barcode"])),
    "currency": (str, CURRENCY_SCHEMA),
    "compare_at_price": SellingPrice,
    "cost": Cost,
    "wholesale_price": SellingPrice,
    "weight": Measure,
    "weight_unit": (str, {"type": "string", "enum": list(rules.WEIGHT_UNITS)}),
    "length": Measure,
    "width": Measure,
    "height": Measure,
    "dimension_unit": (str, {"type": "string", "enum": list(rules.DIMENSION_UNITS)}),
    "unit_type": (str, {"type": "string", "enum": list(rules.UNIT_TYPES)}),
    "position": (
        Annotated[int, BeforeValidator(_integer)],
        {"type": "integer", "minimum": 1, "maximum": bounds.MAX_INT32},
    ),
}
if set(VARIANT_TYPES) != set(VARIANT_FIELDS):  # pragma: no cover - a spec field was added
    raise ImportError("VARIANT_TYPES must name every VariantSpec field")


def _declared(python_type: Any, schema: dict[str, Any], *, nullable: bool, null_read: bool) -> Any:
    """`python_type` (or None when `null_read`: the service then names a refused null) declared
    in the OpenAPI as `schema` (or null when `nullable`)."""
    annotation = python_type | None if (nullable or null_read) else python_type
    if schema.get("x-items"):  # a list of objects: keep pydantic's schema, add the keywords
        keywords = {k: v for k, v in schema.items() if k != "x-items"}
        return Annotated[annotation, Field(json_schema_extra=_adding(keywords, nullable))]
    return Annotated[annotation, WithJsonSchema(_nullable(schema) if nullable else schema)]


def _adding(keywords: dict[str, Any], nullable: bool) -> Any:
    def extra(schema: dict[str, Any]) -> None:
        branches = schema.pop("anyOf", None)
        if branches is not None and not nullable:  # read as None, declared without null
            schema.update(next(b for b in branches if b.get("type") != "null"))
        elif branches is not None:
            schema["anyOf"] = branches
        schema.update(keywords)

    return extra


def _patch_nullable(name: str) -> bool:
    """A null in a PATCH is read by the service as "clear" or "unset" (`catalog.services`);
    elsewhere the service refuses it naming the field, and the OpenAPI does not offer it."""
    return name in NULL_AS_EMPTY or name in NULLABLE


def _variant_model(name: str, *, patch: bool) -> type[StrictIn]:
    """A request body with every field of `VariantSpec`, declared as `VARIANT_TYPES` says."""
    fields: dict[str, Any] = {}
    for spec_field in dataclasses.fields(VariantSpec):
        python_type, schema = VARIANT_TYPES[spec_field.name]
        default: Any = spec_field.default
        if patch:
            nullable, default = _patch_nullable(spec_field.name), None
        else:
            nullable = default is None
            if default is dataclasses.MISSING:
                default = ...
            elif isinstance(default, tuple):
                default = list(default)
        annotation = _declared(python_type, schema, nullable=nullable, null_read=patch)
        fields[spec_field.name] = (annotation, Field(default))
    model: type[StrictIn] = create_model(name, __base__=StrictIn, __module__=__name__, **fields)
    return model


VariantIn = _variant_model("VariantIn", patch=False)
VariantPatch = _variant_model("VariantPatch", patch=True)


class AttributeIn(StrictIn):
    name: Annotated[str, WithJsonSchema(_string(rules.LIMITS["attribute_name"], required=True))]
    values: Annotated[
        list[str],
        WithJsonSchema(
            {
                "type": "array",
                "items": _string(TEXT, required=True),
                "minItems": 1,
                "uniqueItems": True,
            }
        ),
    ]


class ImageIn(StrictIn):
    url: Annotated[
        str,
        WithJsonSchema(
            {"type": "string", "maxLength": rules.LIMITS["url"], "pattern": "^https?://[^\\x00]*$"}
        ),
    ]
    alt: Annotated[str, WithJsonSchema(_string(rules.LIMITS["alt"]))] = ""
    md5: Annotated[str, WithJsonSchema({"type": "string", "pattern": "^([0-9a-f]{32})?$"})] = ""
    variant_skus: Annotated[
        list[str],
        WithJsonSchema(
            {
                "type": "array",
                "items": {"type": "string", "pattern": NO_NUL},
                "description": "SKUs of the product's own variants that the image shows.",
            }
        ),
    ] = []


# Each product field: (the Python type read, its OpenAPI schema).
PRODUCT_TYPES: dict[str, tuple[Any, dict[str, Any]]] = {
    "title": (str, _string(rules.LIMITS["title"], required=True)),
    "handle": (str, _string(rules.LIMITS["handle"], pattern=HANDLE_PATTERN)),
    "description_html": (str, _string(rules.LIMITS["description_html"])),
    "status": (str, {"type": "string", "enum": list(rules.STATUSES)}),
    "brand": (str, _string(TEXT)),
    "vendor": (str, _string(TEXT)),
    "product_type": (str, _string(TEXT)),
    "category": (str, _string(TEXT)),
    "product_group": (str, _string(TEXT)),
    "season": (str, {**_string(TEXT), "description": "The name or code of a season."}),
    "supplier": (str, {**_string(TEXT), "description": "The code of a supplier."}),
    "tags": (list[str], {"type": "array", "items": _string(TEXT, required=True)}),
    "custom_fields": (dict[str, Any], {"type": "object"}),
    # Lists of objects: pydantic declares the items; these keywords are added.
    "attributes": (list[AttributeIn], {"maxItems": rules.MAX_ATTRIBUTES, "x-items": True}),
    "images": (list[ImageIn], {"x-items": True}),
}
PRODUCT_DEFAULTS = {
    f.name: f.default for f in dataclasses.fields(ProductSpec) if f.name in PRODUCT_TYPES
}


def _product_model(name: str, *, patch: bool) -> type[StrictIn]:
    fields: dict[str, Any] = {}
    for field_name, (python_type, schema) in PRODUCT_TYPES.items():
        default: Any = PRODUCT_DEFAULTS.get(field_name, dataclasses.MISSING)
        if patch:
            nullable, default = _patch_nullable(field_name), None
        else:
            nullable = default is None
            if default is dataclasses.MISSING:
                default = [] if field_name in ("tags", "attributes", "images") else ...
            if field_name == "custom_fields":
                default = {}
        annotation = _declared(python_type, schema, nullable=nullable, null_read=patch)
        fields[field_name] = (annotation, Field(default))
    if not patch:
        fields["variants"] = (
            list[VariantIn],  # type: ignore[valid-type]
            Field(
                [],
                json_schema_extra={"maxItems": rules.MAX_VARIANTS},
                description="At most one without attributes.",
            ),
        )
    model: type[StrictIn] = create_model(name, __base__=StrictIn, __module__=__name__, **fields)
    return model


ProductIn = _product_model("ProductIn", patch=False)
ProductPatch = _product_model("ProductPatch", patch=True)
if set(ProductIn.model_fields) != {*PRODUCT_FIELDS, "variants"}:  # pragma: no cover
    raise ImportError("ProductIn must name every ProductSpec field")


class SeasonIn(StrictIn):
    name: non_blank(SEASON_NAME)  # type: ignore[valid-type]
    code: text(SEASON_CODE) | None = None  # type: ignore[valid-type]
    starts_on: Date | None = None
    ends_on: Date | None = Field(None, description="not before starts_on")
