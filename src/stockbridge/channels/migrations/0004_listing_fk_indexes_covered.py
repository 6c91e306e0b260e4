"""Foreign keys whose own index another index already leads with: the index is dropped
(each row written costs one B-tree insert less; the lookups and cascades the index served
use the covering one). Only the index goes: no table is rebuilt (SQLite's AlterField
would copy the whole table)."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("catalog", "0002_supplier_moved_from_purchasing"),
        ("channels", "0003_account_links_dated_stock"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name="listing",
                    name="channel",
                    field=models.ForeignKey(
                        db_index=False,
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="listings",
                        to="channels.channel",
                    ),
                ),
            ],
            database_operations=[
                migrations.RunSQL(
                    sql='DROP INDEX IF EXISTS "channels_listing_channel_id_91b94b2c"',
                    reverse_sql='CREATE INDEX "channels_listing_channel_id_91b94b2c" ON "channels_listing" ("channel_id")',
                ),
            ],
        ),
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name="listing",
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
                    sql='DROP INDEX IF EXISTS "channels_listing_variant_id_e9b740c7"',
                    reverse_sql='CREATE INDEX "channels_listing_variant_id_e9b740c7" ON "channels_listing" ("variant_id")',
                ),
            ],
        ),
    ]
