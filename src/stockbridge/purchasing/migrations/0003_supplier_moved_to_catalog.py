"""Purchasing's supplier is now `catalog.Supplier` (same table, same rows): purchase orders
point at it and the old model leaves purchasing's state. No row is copied or dropped. The
supplier's content type follows, so admin permissions and history stay attached to it."""

import django.db.models.deletion
from django.db import migrations, models


def move_content_type(apps, schema_editor, source="purchasing", target="catalog"):
    content_types = apps.get_model("contenttypes", "ContentType")
    db = schema_editor.connection.alias
    if content_types.objects.using(db).filter(app_label=target, model="supplier").exists():
        return
    content_types.objects.using(db).filter(app_label=source, model="supplier").update(
        app_label=target
    )


def move_content_type_back(apps, schema_editor):
    move_content_type(apps, schema_editor, source="catalog", target="purchasing")


class Migration(migrations.Migration):
    dependencies = [
        ("contenttypes", "0002_remove_content_type_name"),
        ("catalog", "0002_supplier_moved_from_purchasing"),
        ("purchasing", "0002_purchase_orders"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name="purchaseorder",
                    name="supplier",
                    field=models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="purchase_orders",
                        to="catalog.supplier",
                    ),
                ),
                migrations.DeleteModel(name="Supplier"),
            ],
            database_operations=[],
        ),
        migrations.RunPython(move_content_type, move_content_type_back),
    ]
