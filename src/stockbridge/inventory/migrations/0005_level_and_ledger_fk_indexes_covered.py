"""Foreign keys whose own index another index already leads with: the index is dropped
(each row written costs one B-tree insert less; the lookups and cascades the index served
use the covering one). Only the index goes: no table is rebuilt (SQLite's AlterField
would copy the whole table)."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("catalog", "0002_supplier_moved_from_purchasing"),
        ("inventory", "0004_low_stock_threshold"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name="movement",
                    name="variant",
                    field=models.ForeignKey(
                        db_index=False,
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="+",
                        to="catalog.variant",
                    ),
                ),
            ],
            database_operations=[
                migrations.RunSQL(
                    sql='DROP INDEX IF EXISTS "inventory_movement_variant_id_f1851adc"',
                    reverse_sql='CREATE INDEX "inventory_movement_variant_id_f1851adc" ON "inventory_movement" ("variant_id")',
                ),
            ],
        ),
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name="stockchange",
                    name="variant",
                    field=models.ForeignKey(
                        db_index=False,
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="+",
                        to="catalog.variant",
                    ),
                ),
            ],
            database_operations=[
                migrations.RunSQL(
                    sql='DROP INDEX IF EXISTS "inventory_stockchange_variant_id_9dd10de6"',
                    reverse_sql='CREATE INDEX "inventory_stockchange_variant_id_9dd10de6" ON "inventory_stockchange" ("variant_id")',
                ),
            ],
        ),
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name="stocklevel",
                    name="location",
                    field=models.ForeignKey(
                        db_index=False,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="stock_levels",
                        to="inventory.location",
                    ),
                ),
            ],
            database_operations=[
                migrations.RunSQL(
                    sql='DROP INDEX IF EXISTS "inventory_stocklevel_location_id_14713b21"',
                    reverse_sql='CREATE INDEX "inventory_stocklevel_location_id_14713b21" ON "inventory_stocklevel" ("location_id")',
                ),
            ],
        ),
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name="stocklevel",
                    name="variant",
                    field=models.ForeignKey(
                        db_index=False,
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="stock_levels",
                        to="catalog.variant",
                    ),
                ),
            ],
            database_operations=[
                migrations.RunSQL(
                    sql='DROP INDEX IF EXISTS "inventory_stocklevel_variant_id_24c2dc1f"',
                    reverse_sql='CREATE INDEX "inventory_stocklevel_variant_id_24c2dc1f" ON "inventory_stocklevel" ("variant_id")',
                ),
            ],
        ),
    ]
