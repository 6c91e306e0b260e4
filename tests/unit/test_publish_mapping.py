"""The mapping template of "Publish listings" and the drafts it makes: pure functions over
plain values (no database)."""

from __future__ import annotations

from decimal import Decimal

import pytest

from stockbridge.channels.port_publish import PublishedProduct, PublishedVariant
from stockbridge.channels.publish_mapping import (
    DEFAULT_TEMPLATE,
    CategoryRule,
    apply,
    category_tags,
    parse_rules,
    parse_template,
    taxonomy_of,
)
from stockbridge.channels.publish_settings import PublishSettings
from stockbridge.platform.errors import FieldError
from stockbridge.sync.publish.changes import changes
from stockbridge.sync.publish.drafts import Refusal, draft_of, fingerprint, metafield_key
from stockbridge.sync.publish.source import SourceImage, SourceProduct, SourceVariant

PRODUCT = {
    "title": "Harbour Jacket",
    "description_html": "<p>Waxed.</p>",
    "vendor": "Quay",
    "brand": "Quay Outdoor",
    "product_type": "Outerwear",
    "category": "Apparel > Coats > Rain",
    "status": "active",
    "tags": ["rain"],
    "custom_fields": {"seo_title": "Harbour | Quay", "season_code": 27},
}


def variant(n: int, *values: str, price: str = "10.00") -> SourceVariant:
    return SourceVariant(
        id=n,
        sku=f"SKU-{n}",
        values=values,
        position=n,
        currency="USD",
        fields={
            "sku": f"SKU-{n}",
            "barcode": "",
            "price": Decimal(price),
            "compare_at_price": None,
            "cost": None,
            "weight": None,
        },
    )


def product(*variants: SourceVariant, attributes: tuple = (), **fields: object) -> SourceProduct:  # type: ignore[type-arg]
    return SourceProduct(
        id=1,
        handle="harbour",
        fields={**PRODUCT, **fields},
        attributes=attributes,
        variants=variants,
    )


def test_the_default_template_follows_the_flxpoint_seed() -> None:
    assert [(r.source, r.target) for r in DEFAULT_TEMPLATE] == [
        ("title", "product.title"),
        ("description_html", "product.description_html"),
        ("vendor", "product.vendor"),
        ("product_type", "product.product_type"),
        ("status", "product.status"),
        ("tags", "product.tags"),
        ("custom_fields.seo_title", "product.seo_title"),
        ("custom_fields.seo_description", "product.seo_description"),
        ("sku", "variant.sku"),
        ("barcode", "variant.barcode"),
        ("price", "variant.price"),
        ("compare_at_price", "variant.compare_at_price"),
        ("cost", "variant.cost"),
        ("weight", "variant.weight"),
    ]
    assert all(r.enabled and r.transforms == () for r in DEFAULT_TEMPLATE)


def test_transforms_run_in_order_and_disabled_rows_are_not_published() -> None:
    template = parse_template(
        [
            {
                "source": "brand",
                "target": "product.vendor",
                "transforms": [
                    {"kind": "map", "values": {"Quay Outdoor": "Quay & Co"}},
                    {"kind": "prefix", "text": "By "},
                    {"kind": "truncate", "length": 7},
                ],
            },
            {"source": "title", "target": "product.title", "enabled": False},
            {"source": "custom_fields.season_code", "target": "product.metafield.season"},
        ]
    )

    assert apply(template, PRODUCT, owner="product") == {
        "product.vendor": "By Quay",
        "product.metafield.season": "27",
    }


@pytest.mark.parametrize(
    ("rows", "field", "reason"),
    [
        ("x", "mapping", "must be a list of {source, target, enabled, transforms}"),
        ([{"source": "title", "target": "product.nope"}], "mapping.0.target", None),
        ([{"source": "sku", "target": "product.title"}], "mapping.0.source", None),
        (
            [{"source": "price", "target": "variant.price", "transforms": [{"kind": "prefix"}]}],
            "mapping.0.transforms.0.text",
            "must be a non-empty text",
        ),
        (
            [
                {
                    "source": "price",
                    "target": "variant.price",
                    "transforms": [{"kind": "truncate", "length": 3}],
                }
            ],
            "mapping.0.transforms",
            "variant.price takes no transforms (not a text)",
        ),
        (
            [{"source": "title", "target": "product.title"}] * 2,
            "mapping.1.target",
            "product.title is mapped twice",
        ),
        (
            [{"source": "title", "target": "product.metafield.x"}],
            "mapping.0.target",
            "a metafield target is product.metafield.<key> or variant.metafield.<key>",
        ),
    ],
)
def test_a_bad_template_names_the_row_and_the_key(
    rows: object, field: str, reason: str | None
) -> None:
    with pytest.raises(FieldError) as caught:
        parse_template(rows)
    assert caught.value.field == field
    if reason is not None:
        assert caught.value.reason == reason


def test_category_rules_match_the_first_level_or_the_whole_path() -> None:
    rules = parse_rules(
        [
            {"category": "Apparel > Coats", "taxonomy": "gid://shopify/TaxonomyCategory/aa-1"},
            {"category": "apparel", "taxonomy": "gid://shopify/TaxonomyCategory/aa"},
        ]
    )
    assert taxonomy_of("Apparel > Coats", rules) == "gid://shopify/TaxonomyCategory/aa-1"
    assert taxonomy_of("Apparel > Shoes", rules) == "gid://shopify/TaxonomyCategory/aa"
    assert taxonomy_of("Toys", rules) is None
    assert category_tags("Apparel > Coats > Rain") == ["Coats", "Rain"]
    assert rules[0] == CategoryRule("Apparel > Coats", "gid://shopify/TaxonomyCategory/aa-1")


def test_settings_refuse_an_unknown_key_and_a_bad_choice() -> None:
    with pytest.raises(FieldError) as caught:
        PublishSettings.from_dict({"long_title": "cut"})
    assert (caught.value.field, caught.value.reason) == (
        "long_title",
        "must be one of fail, truncate",
    )
    with pytest.raises(FieldError) as unknown:
        PublishSettings.from_dict({"colour": True})
    assert unknown.value.field == "colour"
    assert PublishSettings.from_dict({}).as_dict()["long_title"] == "fail"


def test_a_new_product_is_positioned_by_option_order() -> None:
    attributes = (("Colour", ("Navy", "Moss")), ("Size", ("S", "M")))
    source = product(
        variant(1, "Moss", "M"),
        variant(2, "Navy", "M"),
        variant(3, "Moss", "S"),
        variant(4, "Navy", "S"),
        attributes=attributes,
    )

    draft = draft_of(source, PublishSettings(), remote=None, uploaded={}, currency="USD")

    assert [(v.sku, v.position) for v in draft.variants] == [
        ("SKU-1", 4),
        ("SKU-2", 2),
        ("SKU-3", 3),
        ("SKU-4", 1),
    ]
    assert draft.tags == ("rain", "Coats", "Rain")
    assert (draft.seo_title, draft.seo_description) == ("Harbour | Quay", None)


def test_extra_attributes_become_metafields_with_the_chosen_separator() -> None:
    attributes = (
        ("Colour", ("Navy",)),
        ("Size", ("S",)),
        ("Fit", ("Slim",)),
        ("Lining Type", ("Fleece",)),
    )
    source = product(variant(1, "Navy", "S", "Slim", "Fleece"), attributes=attributes)

    dashed = draft_of(
        source,
        PublishSettings(metafield_underscore=False),
        remote=None,
        uploaded={},
        currency="USD",
    )

    assert dashed.option_names == ("Colour", "Size", "Fit")
    assert [(m.namespace, m.key, m.value) for m in dashed.variants[0].metafields] == [
        ("custom", "lining-type", "Fleece")
    ]
    assert metafield_key("Lining Type", underscore=True) == "lining_type"


def test_an_image_already_uploaded_is_referenced_not_sent_again() -> None:
    logo = SourceImage(key="a" * 32, url="https://cdn.example.com/logo.png")
    source = SourceProduct(
        id=1,
        handle="h",
        fields=PRODUCT,
        attributes=(),
        variants=(variant(1),),
        images=(logo,),
    )

    draft = draft_of(
        source, PublishSettings(), remote=None, uploaded={"a" * 32: "gid://M/1"}, currency="USD"
    )
    fresh = draft_of(
        source,
        PublishSettings(image_dedup=False),
        remote=None,
        uploaded={"a" * 32: "gid://M/1"},
        currency="USD",
    )

    assert [i.remote_id for i in draft.images or ()] == ["gid://M/1"]
    assert [i.remote_id for i in fresh.images or ()] == [None]
    assert fingerprint(draft) == fingerprint(fresh)  # the channel's ids are not content


def test_a_variant_priced_in_another_currency_is_refused() -> None:
    source = product(variant(1))
    with pytest.raises(Refusal) as caught:
        draft_of(source, PublishSettings(), remote=None, uploaded={}, currency="EUR")
    assert caught.value.reason == (
        "the variant SKU-1 is priced in USD, the store sells in EUR: nothing is converted"
    )


def test_changes_of_a_linked_product_name_only_what_differs() -> None:
    source = SourceProduct(
        id=1,
        handle="harbour",
        fields=PRODUCT,
        attributes=(),
        variants=(variant(1, price="12.5"),),
        linked={1: "gid://V/1"},
        remote_id="gid://P/1",
    )
    held = PublishedProduct(
        remote_id="gid://P/1",
        handle="harbour",
        title="Harbour Jacket",
        status="active",
        description_html="<p>Old.</p>",
        vendor="Quay",
        product_type="Outerwear",
        tags=("Rain", "Coats", "rain"),
        seo_title="Harbour | Quay",
        seo_description=None,
        category=None,
        option_names=("Title",),
        variants=(
            PublishedVariant(
                remote_id="gid://V/1",
                inventory_item_id="gid://I/1",
                sku="SKU-1",
                options=("Default Title",),
                position=1,
                barcode=None,
                price=Decimal("10.00"),
                tracked=True,
            ),
        ),
    )

    draft = draft_of(source, PublishSettings(), remote=held, uploaded={}, currency="USD")

    assert changes(draft, held) == {
        "description_html": ["<p>Old.</p>", "<p>Waxed.</p>"],
        "variants.SKU-1.price": ["10.00", "12.50"],
    }
