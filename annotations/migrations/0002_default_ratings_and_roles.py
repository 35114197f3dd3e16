"""The default verdict scale and the newsroom's roles (Django groups with permissions)."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

DEFAULT_RATINGS = [
    # slug, label, value, colour, description
    ("true", "True", 5, "#1a7f37", "The statement is accurate and nothing significant is missing."),
    ("mostly-true", "Mostly true", 4, "#6aa84f", "Accurate but needs clarification or context."),
    ("half-true", "Half true", 3, "#bf9000", "Partially accurate; leaves out important details."),
    ("mostly-false", "Mostly false", 2, "#e06c1f", "Contains an element of truth but ignores facts."),
    ("false", "False", 1, "#c0392b", "The statement is not accurate."),
    ("misleading", "Misleading", None, "#8e44ad", "Accurate facts presented to mislead."),
    ("unverifiable", "Unverifiable", None, "#7f8c8d", "Cannot be proven or disproven with evidence."),
    ("not-a-claim", "Not a factual claim", None, "#95a5a6", "Opinion or prediction; not checkable."),
]

# Kept here (not imported from annotations.roles) so the migration never changes meaning.
ROLE_PERMISSIONS = {
    "viewer": ["view_article", "view_segment", "view_claim", "view_source", "view_note",
               "view_rating", "view_correction"],
    "editor": ["add_article", "add_claim", "change_claim", "add_source", "change_source",
               "delete_source", "add_note", "change_note", "delete_note"],
    "reviewer": ["publish_claim"],
    "admin": ["add_rating", "change_rating", "delete_rating", "delete_article", "change_article",
              "delete_any_article", "delete_claim"],
}  # fmt: skip
ROLE_INHERITS = {"viewer": [], "editor": ["viewer"], "reviewer": ["viewer", "editor"],
                 "admin": ["viewer", "editor", "reviewer"]}  # fmt: skip


def add_ratings(apps, schema_editor):
    Rating = apps.get_model("annotations", "Rating")
    for order, (slug, label, value, colour, description) in enumerate(DEFAULT_RATINGS):
        Rating.objects.update_or_create(
            slug=slug,
            defaults={"label": label, "value": value, "colour": colour,
                      "description": description, "order": order},
        )  # fmt: skip


def remove_ratings(apps, schema_editor):
    apps.get_model("annotations", "Rating").objects.filter(
        slug__in=[r[0] for r in DEFAULT_RATINGS]
    ).delete()


def add_roles(apps, schema_editor):
    # Permissions are normally created after all migrations; roles need them now.
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for role in ROLE_PERMISSIONS:
        codenames = [c for r in [*ROLE_INHERITS[role], role] for c in ROLE_PERMISSIONS[r]]
        group, _ = Group.objects.get_or_create(name=role)
        group.permissions.set(
            Permission.objects.filter(content_type__app_label="annotations", codename__in=codenames)
        )


def remove_roles(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name__in=list(ROLE_PERMISSIONS)).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("annotations", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [
        migrations.RunPython(add_ratings, remove_ratings),
        migrations.RunPython(add_roles, remove_roles),
    ]
