"""The supplier model moves from purchasing to the catalog (a product names its supplier, and
purchasing already depends on the catalog). State only: the table `purchasing_supplier` and
its rows stay exactly where they are; `purchasing.0003_supplier_moved_to_catalog` removes the
old model from purchasing's state."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("catalog", "0001_initial"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="Supplier",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True,
                                primary_key=True,
                                serialize=False,
                                verbose_name="ID",
                            ),
                        ),
                        ("name", models.CharField(max_length=255, unique=True)),
                        ("code", models.CharField(max_length=40, unique=True)),
                        ("email", models.EmailField(blank=True, default="", max_length=254)),
                        ("phone", models.CharField(blank=True, default="", max_length=64)),
                        ("lead_time_days", models.PositiveIntegerField(blank=True, null=True)),
                        ("created_at", models.DateTimeField(auto_now_add=True)),
                        ("updated_at", models.DateTimeField(auto_now=True)),
                    ],
                    options={
                        "ordering": ["name"],
                        "db_table": "purchasing_supplier",
                    },
                ),
                migrations.AlterField(
                    model_name="product",
                    name="supplier",
                    field=models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="products",
                        to="catalog.supplier",
                    ),
                ),
            ],
            database_operations=[],
        ),
    ]
