"""The shared cast: alice edits, bob and carol review, victor only views, ada administers."""

import importlib
from pathlib import Path

import pytest

from tests.factories import UserFactory, make_article

FIXTURES = Path(__file__).parent / "fixtures"


@pytest.fixture
def alice(db):
    return UserFactory(username="alice", role="editor")


@pytest.fixture
def bob(db):
    return UserFactory(username="bob", role="reviewer")


@pytest.fixture
def carol(db):
    return UserFactory(username="carol", role="reviewer")


@pytest.fixture
def victor(db):
    return UserFactory(username="victor", role="viewer")


@pytest.fixture
def ada(db):
    return UserFactory(username="ada", role="admin")


@pytest.fixture
def nobody(db):
    """Logged in, but in no group: may see nothing."""
    return UserFactory(username="nobody")


@pytest.fixture
def article(db):
    return make_article()


@pytest.fixture
def reference_data(transactional_db):
    """The rating scale and the roles, whatever ran before this test.

    They come from a data migration, and a transactional test ends with a flush that empties
    every table. ``serialized_rollback=True`` (on every test here) reloads the migrated rows
    when a test starts (verified on SQLite and PostgreSQL); this fixture re-creates them from
    the migration's own tables as well, idempotently, so the tests never depend on it.
    """
    from django.contrib.auth.management import create_permissions
    from django.contrib.auth.models import Group, Permission

    from annotations.models import Rating

    migration = importlib.import_module("annotations.migrations.0002_default_ratings_and_roles")
    for order, (slug, label, value, colour, description) in enumerate(migration.DEFAULT_RATINGS):
        Rating.objects.update_or_create(
            slug=slug,
            defaults={
                "label": label,
                "value": value,
                "colour": colour,
                "description": description,
                "order": order,
            },
        )
    from django.apps import apps

    for app_config in apps.get_app_configs():
        create_permissions(app_config, verbosity=0)
    for role in migration.ROLE_PERMISSIONS:
        codenames = [
            c for r in [*migration.ROLE_INHERITS[role], role] for c in migration.ROLE_PERMISSIONS[r]
        ]
        group, _ = Group.objects.get_or_create(name=role)
        group.permissions.set(
            Permission.objects.filter(content_type__app_label="annotations", codename__in=codenames)
        )
    recoloured = importlib.import_module(
        "annotations.migrations.0004_distinguishable_rating_colours"
    )
    for slug, colour in recoloured.NEW.items():
        Rating.objects.filter(slug=slug).update(colour=colour)
    assert Rating.objects.count() == len(migration.DEFAULT_RATINGS)


@pytest.fixture
def news_page() -> bytes:
    """A real news story as its site serves it, menus, ads and footer around the text."""
    return (FIXTURES / "mali-wagner-article.html").read_bytes()
