"""The demo's apparel store: three locations and a season of clothing with five attributes a
variant (three options, two metafields), made through the store's own Admin API."""

from __future__ import annotations

from stockbridge_sandboxes.shopify import SandboxApp
from stockbridge_sandboxes.shopify.demo_catalog import seed_apparel

READ = """{
  locations(first: 10, sortKey: NAME) { nodes { name } }
  products(first: 20) { nodes {
    title status tags
    options { name values }
    metafields(first: 5) { nodes { namespace key value } }
    variants(first: 50) { nodes { sku selectedOptions { name value }
      inventoryItem { tracked inventoryLevels(first: 5) { nodes {
        quantities(names: ["available"]) { quantity } } } } } }
  } }
}"""


def test_the_demo_store_holds_a_season_of_five_attribute_apparel_at_three_locations() -> None:
    app = SandboxApp(token="shpat_demo")
    catalog = seed_apparel(app)
    assert (catalog.products, catalog.variants) == (10, 56)
    assert sorted(catalog.locations) == ["Flagship Store", "Outlet", "Warehouse"]

    data = app.execute(READ)["data"]
    assert [n["name"] for n in data["locations"]["nodes"]] == [
        "Flagship Store",
        "Outlet",
        "Warehouse",
    ]
    products = data["products"]["nodes"]
    assert [p["status"] for p in products].count("DRAFT") == 2
    crew = next(p for p in products if p["title"] == "Fell Merino Crew")
    assert crew["tags"] == ["AW26", "knitwear"]
    assert crew["options"] == [
        {"name": "Size", "values": ["S", "M", "L", "XL"]},
        {"name": "Colour", "values": ["Moss", "Charcoal"]},
        {"name": "Fit", "values": ["Regular"]},
    ]
    assert crew["metafields"]["nodes"] == [
        {"namespace": "custom", "key": "material", "value": "Merino wool"},
        {"namespace": "custom", "key": "gender", "value": "Men"},
    ]
    first = crew["variants"]["nodes"][0]
    assert first["sku"] == "FMC-S-MOSS-REGU"
    assert first["selectedOptions"] == [
        {"name": "Size", "value": "S"},
        {"name": "Colour", "value": "Moss"},
        {"name": "Fit", "value": "Regular"},
    ]
    levels = first["inventoryItem"]["inventoryLevels"]["nodes"]
    assert first["inventoryItem"]["tracked"] is True
    assert [lv["quantities"][0]["quantity"] for lv in levels] == [7, 1, 0]
    skus = [v["sku"] for p in products for v in p["variants"]["nodes"]]
    assert len(skus) == len(set(skus)) == 56
    assert not app.store.level_changes  # a seeded store is where the shop starts: no events
