"""
The two roles SPEC section 4 gives the newsroom, as groups: "Editors" (all content) and
"PR staff" (press contacts and their photos, nothing else). Running it again sets the
groups' permissions back to exactly these.
"""

from django.conf import settings
from django.contrib.auth.management import create_permissions
from django.db import migrations

CRUD = ("add", "change", "delete", "view")

EDITORS = "Editors"
PR_STAFF = "PR staff"


def _user_model():
    app_label, model_name = settings.AUTH_USER_MODEL.lower().split(".")
    return app_label, model_name


ROLE_PERMISSIONS = {
    EDITORS: [
        *(
            ("blog", f"{action}_{model}")
            for model in (
                "post",
                "category",
                "relatedlink",
                "postcontact",
                "relatedpost",
                "redirect",
                "previewlink",
            )
            for action in CRUD
        ),
        ("blog", "view_previewaccess"),
        ("blog", "view_auditentry"),
        *(
            ("pressroom", f"{action}_{model}")
            for model in ("topic", "contact", "image")
            for action in CRUD
        ),
        *(("taggit", f"{action}_tag") for action in CRUD),
        # The author field's autocomplete lists users.
        (_user_model()[0], f"view_{_user_model()[1]}"),
    ],
    PR_STAFF: [
        ("pressroom", f"{action}_{model}")
        for model in ("contact", "image")
        for action in ("add", "change", "view")
    ],
}


def make_permissions(apps, schema_editor):
    """
    Django makes permissions after the last migration has run; these groups need them
    now, so make them here for every app (doing it twice is harmless).
    """
    for app_config in apps.get_app_configs():
        # create_permissions skips app configs without a models module, which is how the
        # migration state's app configs look.
        app_config.models_module = True
        create_permissions(app_config, verbosity=0, apps=apps, using=schema_editor.connection.alias)
        app_config.models_module = None


def create_roles(apps, schema_editor):
    make_permissions(apps, schema_editor)
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    using = schema_editor.connection.alias
    for name, wanted in ROLE_PERMISSIONS.items():
        permissions = []
        for app_label, codename in wanted:
            permission = (
                Permission.objects.using(using)
                .filter(content_type__app_label=app_label, codename=codename)
                .first()
            )
            if permission is None:
                raise RuntimeError(f"Permission {app_label}.{codename} is missing.")
            permissions.append(permission)
        group, _created = Group.objects.using(using).get_or_create(name=name)
        group.permissions.set(permissions)


def remove_roles(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Group.objects.using(schema_editor.connection.alias).filter(
        name__in=list(ROLE_PERMISSIONS)
    ).delete()


class Migration(migrations.Migration):

    dependencies = [
        ("blog", "0003_editorial_safety"),
        ("pressroom", "0001_initial"),
        ("taggit", "0006_rename_taggeditem_content_type_object_id_taggit_tagg_content_8fc721_idx"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("auth", "0012_alter_user_first_name_max_length"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [migrations.RunPython(create_roles, remove_roles)]
