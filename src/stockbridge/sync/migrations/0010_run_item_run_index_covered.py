"""Foreign keys whose own index another index already leads with: the index is dropped
(each row written costs one B-tree insert less; the lookups and cascades the index served
use the covering one). Only the index goes: no table is rebuilt (SQLite's AlterField
would copy the whole table)."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("sync", "0009_pending_product_delete"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name="runitem",
                    name="run",
                    field=models.ForeignKey(
                        db_index=False,
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="items",
                        to="sync.run",
                    ),
                ),
            ],
            database_operations=[
                migrations.RunSQL(
                    sql='DROP INDEX IF EXISTS "sync_runitem_run_id_c35d4367"',
                    reverse_sql='CREATE INDEX "sync_runitem_run_id_c35d4367" ON "sync_runitem" ("run_id")',
                ),
            ],
        ),
    ]
