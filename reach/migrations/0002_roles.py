"""
Reach for the newsroom's two roles: Editors see and manage followers, media lists,
media contacts and mailings; PR staff keep the media lists and send to them, but see
no followers.
"""

from django.db import migrations

CRUD = ("add", "change", "delete", "view")
MEDIA = [
    *(("reach", f"{action}_{model}") for model in ("medialist", "mediacontact") for action in CRUD),
    ("reach", "add_mailing"),
    ("reach", "view_mailing"),
    ("reach", "view_delivery"),
]
ROLE_PERMISSIONS = {
    "Editors": [*MEDIA, ("reach", "view_follower"), ("reach", "delete_follower")],
    "PR staff": MEDIA,
}


def make_permissions(apps, schema_editor):
    from django.contrib.auth.management import create_permissions

    app_config = apps.get_app_config("reach")
    app_config.models_module = True
    create_permissions(app_config, verbosity=0, apps=apps, using=schema_editor.connection.alias)
    app_config.models_module = None


def add_permissions(apps, schema_editor):
    make_permissions(apps, schema_editor)
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    using = schema_editor.connection.alias
    for name, wanted in ROLE_PERMISSIONS.items():
        group, _created = Group.objects.using(using).get_or_create(name=name)
        for app_label, codename in wanted:
            group.permissions.add(
                Permission.objects.using(using).get(
                    content_type__app_label=app_label, codename=codename
                )
            )


def remove_permissions(apps, schema_editor):
    Permission = apps.get_model("auth", "Permission")
    Group = apps.get_model("auth", "Group")
    using = schema_editor.connection.alias
    for group in Group.objects.using(using).filter(name__in=list(ROLE_PERMISSIONS)):
        group.permissions.remove(
            *Permission.objects.using(using).filter(content_type__app_label="reach")
        )


class Migration(migrations.Migration):
    dependencies = [
        ("reach", "0001_initial"),
        ("blog", "0004_editorial_roles"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("auth", "0012_alter_user_first_name_max_length"),
    ]

    operations = [migrations.RunPython(add_permissions, remove_permissions)]
