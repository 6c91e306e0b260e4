"""Moving `Supplier` from purchasing to the catalog kept every row: the migrations change
Django's state only, and the table, its rows and the rows pointing at it stay as they were."""

from __future__ import annotations

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

BEFORE = [
    ("catalog", "0001_initial"),
    ("purchasing", "0002_purchase_orders"),
    ("inventory", "0002_stock_engine"),
]


@pytest.mark.django_db(transaction=True)
def test_suppliers_products_and_purchase_orders_survive_the_move():
    executor = MigrationExecutor(connection)
    leaves = executor.loader.graph.leaf_nodes()
    executor.migrate(BEFORE)
    old = MigrationExecutor(connection).loader.project_state(BEFORE).apps
    supplier = old.get_model("purchasing", "Supplier").objects.create(
        name="Linen Mills", code="LM", lead_time_days=12
    )
    product = old.get_model("catalog", "Product").objects.create(
        title="Tee", handle="tee", supplier_id=supplier.pk
    )
    variant = old.get_model("catalog", "Variant").objects.create(
        product_id=product.pk, sku="TEE", currency="USD", price=5
    )
    location = old.get_model("inventory", "Location").objects.create(name="WH", code="WH")
    order = old.get_model("purchasing", "PurchaseOrder").objects.create(
        number="PO-1",
        supplier_id=supplier.pk,
        location_id=location.pk,
        created_at="2026-01-01T00:00Z",
    )
    old.get_model("purchasing", "PurchaseOrderLine").objects.create(
        purchase_order_id=order.pk, variant_id=variant.pk, quantity=3
    )

    MigrationExecutor(connection).migrate(leaves)

    from stockbridge.catalog.models import Product, Supplier
    from stockbridge.purchasing.models import PurchaseOrder

    moved = Supplier.objects.get()
    assert (moved.pk, moved.name, moved.code, moved.lead_time_days) == (
        supplier.pk,
        "Linen Mills",
        "LM",
        12,
    )
    assert Product.objects.get().supplier == moved
    assert PurchaseOrder.objects.get().supplier == moved
    assert list(moved.purchase_orders.values_list("number", flat=True)) == ["PO-1"]
    assert Supplier._meta.app_label == "catalog"
