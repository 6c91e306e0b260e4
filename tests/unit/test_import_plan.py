"""The pure planning of Import listings: what one remote product does to the hub."""

from __future__ import annotations

from decimal import Decimal

from stockbridge.catalog.specs import AttributeSpec, ProductSpec, VariantSpec
from stockbridge.channels.import_settings import ImportSettings
from stockbridge.channels.port import Outcome, RemoteProduct, RemoteQuantity, RemoteVariant
from stockbridge.sync.jobs.import_plan import (
    Hub,
    HubListing,
    HubVariant,
    plan_product,
    quantity_targets,
)


def variant(n: int, sku: str, *, size: str = "", barcode: str = "", **kw: object) -> RemoteVariant:
    values = {
        "remote_id": f"gid://shopify/ProductVariant/{n}",
        "inventory_item_id": f"gid://shopify/InventoryItem/{n}",
        "sku": sku,
        "barcode": barcode,
        "title": size or "Default Title",
        "options": (("Size", size),) if size else (),
        "price": Decimal("10.00"),
        "position": n,
    }
    values.update(kw)
    return RemoteVariant(**values)  # type: ignore[arg-type]


def product(*variants: RemoteVariant, **kw: object) -> RemoteProduct:
    values = {
        "remote_id": "gid://shopify/Product/1",
        "title": "Fell Socks",
        "handle": "fell-socks",
        "status": "active",
        "published": True,
        "option_names": ("Size",) if any(v.options for v in variants) else (),
        "variants": variants,
    }
    values.update(kw)
    return RemoteProduct(**values)  # type: ignore[arg-type]


def outcomes(plan: object) -> list[tuple[str, Outcome, str]]:
    return [(i.ref, i.outcome, i.message) for i in plan.variants]  # type: ignore[attr-defined]


SETTINGS = ImportSettings()


def test_a_new_product_is_created_with_its_variants_and_links() -> None:
    plan = plan_product(
        product(variant(1, "FS-S", size="S"), variant(2, "FS-M", size="M")),
        SETTINGS,
        Hub(currency="EUR"),
    )

    assert plan.outcome is Outcome.CREATED
    assert plan.spec is not None
    assert plan.spec.attributes == (AttributeSpec(name="Size", values=("S", "M")),)
    assert [v.sku for v in plan.spec.variants] == ["FS-S", "FS-M"]
    assert outcomes(plan) == [("FS-S", Outcome.CREATED, ""), ("FS-M", Outcome.CREATED, "")]
    assert plan.variants[0].link == {
        "remote_product_id": "gid://shopify/Product/1",
        "remote_variant_id": "gid://shopify/ProductVariant/1",
        "remote_inventory_item_id": "gid://shopify/InventoryItem/1",
    }


def test_more_options_than_the_hub_allows_fail_the_product() -> None:
    names = ("A", "B", "C", "D", "E", "F")
    remote = product(variant(1, "X-1", options=tuple((n, "1") for n in names)), option_names=names)

    plan = plan_product(remote, SETTINGS, Hub(currency="EUR"))

    message = "has 6 options; the hub allows at most 5 attributes per product"
    assert (plan.outcome, plan.message, plan.spec) == (Outcome.FAILED, message, None)
    assert outcomes(plan) == [("X-1", Outcome.FAILED, message)]


def test_a_status_the_hub_does_not_have_fails_the_product() -> None:
    plan = plan_product(product(variant(1, "X-1"), status="unlisted"), SETTINGS, Hub("EUR"))

    assert plan.message == (
        "the store's status 'unlisted' has no hub equivalent (active, draft, archived)"
    )
    assert plan.outcome is Outcome.FAILED


def test_a_sku_given_twice_fails_the_second_variant_alone() -> None:
    plan = plan_product(
        product(variant(1, "FS", size="S"), variant(2, "FS", size="M")), SETTINGS, Hub("EUR")
    )

    assert outcomes(plan) == [
        ("FS", Outcome.CREATED, ""),
        (
            "FS",
            Outcome.FAILED,
            "SKU FS is also used by 'Fell Socks' in the store; a SKU names one variant, "
            "fix it in the store",
        ),
    ]
    assert plan.spec is not None
    assert plan.spec.attributes == (AttributeSpec(name="Size", values=("S",)),)


def test_a_value_the_hub_refuses_fails_that_variant_alone() -> None:
    plan = plan_product(
        product(variant(1, "FS-S", size="S"), variant(2, "FS-M", size="M", price=Decimal("-1"))),
        SETTINGS,
        Hub("EUR"),
    )

    assert outcomes(plan) == [
        ("FS-S", Outcome.CREATED, ""),
        ("FS-M", Outcome.FAILED, "the hub refuses price: must not be negative"),
    ]


def test_a_barcode_matching_several_hub_variants_fails_that_variant() -> None:
    twins = (HubVariant(1, "A", "501", "a"), HubVariant(2, "B", "501", "b"))
    hub = Hub("EUR", by_barcode={"501": twins})

    plan = plan_product(
        product(variant(1, "FS", barcode="501")),
        ImportSettings(master_sku="barcode"),
        hub,
    )

    assert outcomes(plan) == [
        ("FS", Outcome.FAILED, "barcode 501 matches several hub variants (A, B)")
    ]


def test_a_hub_variant_linked_to_another_remote_variant_is_not_linked_again() -> None:
    hub_variant = HubVariant(7, "FS", "", "fell-socks")
    hub = Hub(
        "EUR",
        variants={7: hub_variant},
        by_sku={"FS": hub_variant},
        linked={7: "gid://shopify/ProductVariant/99"},
        products={"fell-socks": ProductSpec(title="Fell Socks", handle="fell-socks")},
    )

    plan = plan_product(product(variant(1, "FS")), SETTINGS, hub)

    assert outcomes(plan) == [
        (
            "FS",
            Outcome.FAILED,
            "hub variant FS is already linked to store variant gid://shopify/ProductVariant/99",
        )
    ]


def test_an_existing_listing_is_found_by_its_remote_variant_first() -> None:
    hub_variant = HubVariant(7, "HUB-FS", "", "fell-socks")
    stored = ProductSpec(
        title="Fell Socks",
        handle="fell-socks",
        status="active",
        variants=(VariantSpec(sku="HUB-FS", price=Decimal("10.00")),),
    )
    listing = HubListing(
        7, "gid://shopify/ProductVariant/1", "gid://shopify/Product/1", "", "paused"
    )
    hub = Hub(
        "EUR",
        listings={listing.remote_variant_id: listing},
        variants={7: hub_variant},
        linked={7: listing.remote_variant_id},
        products={"fell-socks": stored},
    )

    plan = plan_product(product(variant(1, "OTHER")), SETTINGS, hub)

    assert plan.variants[0].hub_sku == "HUB-FS"
    assert plan.variants[0].outcome is Outcome.UPDATED
    assert plan.variants[0].changes == {
        "listing": [
            {
                "remote_product_id": "gid://shopify/Product/1",
                "remote_variant_id": "gid://shopify/ProductVariant/1",
                "remote_inventory_item_id": "",
            },
            {
                "remote_product_id": "gid://shopify/Product/1",
                "remote_variant_id": "gid://shopify/ProductVariant/1",
                "remote_inventory_item_id": "gid://shopify/InventoryItem/1",
            },
        ]
    }


def test_variants_matching_several_hub_products_fail_the_product() -> None:
    a, b = HubVariant(1, "FS-S", "", "socks-a"), HubVariant(2, "FS-M", "", "socks-b")
    hub = Hub("EUR", variants={1: a, 2: b}, by_sku={"FS-S": a, "FS-M": b})

    plan = plan_product(
        product(variant(1, "FS-S", size="S"), variant(2, "FS-M", size="M")), SETTINGS, hub
    )

    assert plan.message == "its variants match several hub products (socks-a, socks-b)"
    assert [i.outcome for i in plan.variants] == [Outcome.FAILED, Outcome.FAILED]


def test_a_hub_product_under_the_same_handle_is_not_merged_by_accident() -> None:
    hub = Hub("EUR", products={"fell-socks": ProductSpec(title="Other", handle="fell-socks")})

    plan = plan_product(product(variant(1, "FS")), SETTINGS, hub)

    assert plan.message == (
        "the hub already has a product with handle 'fell-socks' whose variants match none of "
        "these; link them by hand or change the handle"
    )


def test_overwrite_refuses_to_mix_hub_only_variants_with_other_attributes() -> None:
    hub_variant = HubVariant(1, "FS-S", "", "fell-socks")
    stored = ProductSpec(
        title="Fell Socks",
        handle="fell-socks",
        attributes=(AttributeSpec(name="Colour", values=("Red", "Blue")),),
        variants=(
            VariantSpec(sku="FS-S", price=Decimal(10), attribute_values=("Red",)),
            VariantSpec(sku="FS-B", price=Decimal(10), attribute_values=("Blue",)),
        ),
    )
    hub = Hub(
        "EUR",
        variants={1: hub_variant},
        by_sku={"FS-S": hub_variant},
        products={"fell-socks": stored},
    )

    plan = plan_product(
        product(variant(1, "FS-S", size="S")), ImportSettings(mode="create_and_overwrite"), hub
    )

    assert plan.message == (
        "the hub product has variants the store doesn't (FS-B) and attributes (Colour) unlike "
        "the store's options (Size)"
    )


def test_quantities_as_a_total_per_location_or_none() -> None:
    remote = variant(
        1,
        "FS",
        quantities=(
            RemoteQuantity("gid://shopify/Location/1", 4),
            RemoteQuantity("gid://shopify/Location/2", 3),
            RemoteQuantity("gid://shopify/Location/3", 9),
        ),
    )
    mapped = {"gid://shopify/Location/1": (10,), "gid://shopify/Location/2": (11, 12)}

    total = quantity_targets(remote, ImportSettings(), mapped=mapped, total_location=10)
    per = quantity_targets(
        remote, ImportSettings(quantities="per_location"), mapped=mapped, total_location=None
    )
    none = quantity_targets(
        remote, ImportSettings(quantities="none"), mapped=mapped, total_location=10
    )
    untracked = quantity_targets(
        variant(2, "FT", tracked=False), ImportSettings(), mapped=mapped, total_location=10
    )

    assert total == ({10: 16}, [])
    assert per == (
        {10: 4},
        [
            "the store location gid://shopify/Location/2 is fed by several hub locations; its "
            "quantity is not split between them"
        ],
    )
    assert none == ({}, [])
    assert untracked == ({}, [])


def test_two_remote_variants_cannot_both_link_one_hub_variant() -> None:
    hub_variant = HubVariant(7, "HUB-FS", "501", "fell-socks")
    stored = ProductSpec(
        title="Fell Socks",
        handle="fell-socks",
        status="active",
        variants=(VariantSpec(sku="HUB-FS", barcode="501", price=Decimal("10.00")),),
    )
    hub = Hub(
        "EUR",
        variants={7: hub_variant},
        by_barcode={"501": (hub_variant,)},
        products={"fell-socks": stored},
    )

    plan = plan_product(
        product(variant(1, "FS-1", barcode="501"), variant(2, "FS-2", barcode="501")),
        ImportSettings(master_sku="barcode"),
        hub,
    )

    assert outcomes(plan) == [
        ("FS-1", Outcome.LINKED, ""),
        (
            "FS-2",
            Outcome.FAILED,
            "hub variant HUB-FS is already linked to store variant gid://shopify/ProductVariant/1",
        ),
    ]
