"""Linking a variant to a channel listing by hand, and unlinking it."""

from __future__ import annotations

from decimal import Decimal

import pytest

from stockbridge.catalog.services import create_product
from stockbridge.catalog.specs import AttributeSpec, ProductSpec, VariantSpec
from stockbridge.channels.manual_links import link_variant, unlink_variant
from stockbridge.channels.models import Listing
from stockbridge.channels.services import add_channel
from stockbridge.platform.errors import Conflict, FieldError, NotFound

pytestmark = pytest.mark.django_db


def test_link_refuses_what_would_link_twice_and_unlink_removes_the_listing() -> None:
    channel = add_channel(kind="shopify", name="Moor", domain="moor.myshopify.com")
    product = create_product(
        spec=ProductSpec(
            title="Mug",
            attributes=(AttributeSpec("Size", ("1", "2")),),
            variants=(
                VariantSpec(
                    sku="MUG-1", price=Decimal("9"), currency="USD", attribute_values=("1",)
                ),
                VariantSpec(
                    sku="MUG-2", price=Decimal("9"), currency="USD", attribute_values=("2",)
                ),
            ),
        )
    )
    one, two = product.variants.order_by("sku")
    listing = link_variant(
        channel_id=channel.pk,
        variant_id=one.pk,
        remote_product_id=" gid://shopify/Product/1 ",
        remote_variant_id="gid://shopify/ProductVariant/1",
    )
    assert (listing.remote_product_id, listing.status) == ("gid://shopify/Product/1", "linked")

    with pytest.raises(Conflict) as twice:
        link_variant(
            channel_id=channel.pk,
            variant_id=one.pk,
            remote_product_id="gid://shopify/Product/1",
            remote_variant_id="gid://shopify/ProductVariant/9",
        )
    assert (twice.value.field, twice.value.reason) == (
        "variant_id",
        "SKU MUG-1 is already linked on this channel: unlink it first",
    )
    with pytest.raises(FieldError) as empty:
        link_variant(
            channel_id=channel.pk, variant_id=two.pk, remote_product_id="p", remote_variant_id=" "
        )
    assert empty.value.field == "remote_variant_id"
    with pytest.raises(NotFound) as nothing:
        unlink_variant(channel_id=channel.pk, variant_id=two.pk)
    assert nothing.value.reason == f"variant {two.pk} is not linked on channel {channel.pk}"

    unlink_variant(channel_id=channel.pk, variant_id=one.pk)
    assert Listing.objects.count() == 0
