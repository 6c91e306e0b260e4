"""Tokens get a scope (read or read-write) and a unique 12-character id (their prefix); using
one needs the owner to hold `web.read_api` (and `web.write_api` to write). Owners of live
tokens are granted both, so every token keeps working as it did (read-write)."""

from typing import Any

from django.conf import settings
from django.db import migrations, models

PERMISSIONS = (
    ("read_api", "Can read through the API with a token"),
    ("write_api", "Can write through the API with a read-write token"),
)


def grant_owners_of_live_tokens(apps: Any, schema_editor: Any) -> None:
    ApiToken = apps.get_model("web", "ApiToken")
    owners = set(ApiToken.objects.filter(revoked_at__isnull=True).values_list("user_id", flat=True))
    if not owners:
        return
    ContentType = apps.get_model("contenttypes", "ContentType")
    Permission = apps.get_model("auth", "Permission")
    content_type, _ = ContentType.objects.get_or_create(app_label="web", model="apitoken")
    permissions = [
        Permission.objects.get_or_create(
            content_type=content_type, codename=codename, defaults={"name": name}
        )[0]
        for codename, name in PERMISSIONS
    ]
    User = apps.get_model(settings.AUTH_USER_MODEL)
    for user in User.objects.filter(pk__in=owners):
        user.user_permissions.add(*permissions)


class Migration(migrations.Migration):
    dependencies = [
        ("web", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AlterModelOptions(
            name="apitoken",
            options={"ordering": ["-created_at"], "permissions": list(PERMISSIONS)},
        ),
        migrations.AddField(
            model_name="apitoken",
            name="scope",
            field=models.CharField(
                choices=[("read", "read (GET only)"), ("read-write", "read and write")],
                default="read-write",
                max_length=10,
            ),
        ),
        migrations.AlterField(
            model_name="apitoken",
            name="last_used_at",
            field=models.DateTimeField(
                blank=True, help_text="Recorded at most once every few minutes.", null=True
            ),
        ),
        migrations.AlterField(
            model_name="apitoken",
            name="prefix",
            field=models.CharField(
                help_text="The token id: its first 12 characters, to recognise and revoke it.",
                max_length=12,
                unique=True,
            ),
        ),
        migrations.RunPython(grant_owners_of_live_tokens, migrations.RunPython.noop),
    ]
