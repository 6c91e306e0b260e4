"""Reading a 4th/5th attribute back (pure): which metafields and tags become attributes."""

from __future__ import annotations

from decimal import Decimal

from stockbridge.channels.port import Metafield, RemoteProduct, RemoteVariant
from stockbridge.channels.publish_settings import PublishSettings
from stockbridge.sync.publish.attributes_back import Back, name_of, widen

OPTIONS = ("Colour", "Size", "Width")
TEXT = "single_line_text_field"


def _variant(sku: str, *metafields: tuple[str, str, str]) -> RemoteVariant:
    return RemoteVariant(
        remote_id=f"gid://shopify/ProductVariant/{sku}",
        inventory_item_id=None,
        sku=sku,
        barcode="",
        title=sku,
        options=(("Colour", "Navy"), ("Size", sku), ("Width", "Wide")),
        price=Decimal("1.00"),
        metafields=tuple(Metafield(ns, key, TEXT, value) for ns, key, value in metafields),
    )


def _product(*variants: RemoteVariant, tags: tuple[str, ...] = ()) -> RemoteProduct:
    return RemoteProduct(
        remote_id="gid://shopify/Product/1",
        title="Boot",
        handle="boot",
        status="active",
        published=True,
        tags=tags,
        option_names=OPTIONS,
        variants=variants,
    )


def _back(**settings: object) -> Back:
    return Back.of(PublishSettings.from_dict(settings), options=3)


def test_metafield_keys_every_variant_holds_become_attributes_named_from_the_key() -> None:
    product = _product(
        _variant("S", ("custom", "lining_type", "Fleece"), ("custom", "toe", "Steel")),
        _variant("M", ("custom", "lining_type", "Wool"), ("other", "toe", "Steel")),
    )

    widened = widen(product, _back())

    assert widened.option_names == (*OPTIONS, "Lining Type")
    assert [v.options[3:] for v in widened.variants] == [
        (("Lining Type", "Fleece"),),
        (("Lining Type", "Wool"),),
    ]


def test_metafields_the_mapping_fills_are_not_attributes() -> None:
    product = _product(_variant("S", ("custom", "care", "Hand wash")))
    mapping = [
        {"source": "sku", "target": "variant.sku"},
        {"source": "custom_fields.care", "target": "variant.metafield.care"},
    ]

    assert widen(product, _back(mapping=mapping)) == product


def test_tags_with_one_value_become_attributes_and_several_values_stay_tags() -> None:
    product = _product(_variant("S"), tags=("Fit: Slim", "Zip: YKK", "Zip: Riri", "rain"))

    widened = widen(product, _back(extra_attributes="tags"))

    assert widened.option_names == (*OPTIONS, "Fit")
    assert widened.tags == ("Zip: YKK", "Zip: Riri", "rain")
    assert widened.variants[0].options[3] == ("Fit", "Slim")


def test_a_product_with_fewer_options_than_the_channel_allows_is_left_alone() -> None:
    product = _product(_variant("S"), tags=("Fit: Slim",))
    fewer = RemoteProduct(**{**_as_dict(product), "option_names": ("Colour", "Size")})

    assert widen(fewer, _back(extra_attributes="tags")) == fewer
    assert name_of("lining-type") == "Lining Type"


def _as_dict(product: RemoteProduct) -> dict[str, object]:
    return {name: getattr(product, name) for name in product.__slots__}
