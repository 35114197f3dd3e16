"""A signed-in browser's user comes with its permissions (annotations/authentication.py)."""

import pytest
from django.contrib.auth import SESSION_KEY
from django.contrib.auth.models import Group, Permission
from django.db import connection
from django.test.utils import CaptureQueriesContext

from annotations.authentication import PermissionsBackend


def test_a_page_reads_the_user_and_its_permissions_in_one_statement(alice, client):
    if connection.vendor != "postgresql":
        pytest.skip("the one-statement path is PostgreSQL's; CI runs this on PostgreSQL")
    client.force_login(alice)
    with CaptureQueriesContext(connection) as queries:
        response = client.get("/")
    assert response.status_code == 200
    assert 'action="/import/"' in response.text  # the editor's role was asked, and answered
    reading_permissions = [q["sql"] for q in queries if "auth_permission" in q["sql"]]
    assert len(reading_permissions) == 1, reading_permissions
    assert "perm_names" in reading_permissions[0]
    # ... and no other statement loads a user (as Django's own get_user would).
    assert not [q for q in queries if 'FROM "auth_user" WHERE' in q["sql"]]


def test_a_permission_taken_from_the_group_is_gone_on_the_next_request(alice, client):
    client.force_login(alice)
    assert 'action="/import/"' in client.get("/").text  # the import form: editors only
    Group.objects.get(name="editor").permissions.remove(
        Permission.objects.get(codename="change_claim")
    )
    assert 'action="/import/"' not in client.get("/").text


def test_a_deactivated_user_is_signed_out(alice, client):
    client.force_login(alice)
    alice.is_active = False
    alice.save()
    response = client.get("/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


@pytest.mark.parametrize("user_id", ["not-a-number", "999999", "1\x00"])
def test_a_session_naming_no_user_is_no_user(db, user_id):
    assert PermissionsBackend().get_user(user_id) is None


def test_a_superuser_has_every_permission_without_a_cache(db, client):
    from tests.factories import UserFactory

    root = UserFactory(username="root", is_superuser=True)
    user = PermissionsBackend().get_user(str(root.pk))
    assert user == root
    assert not hasattr(user, "_perm_cache")
    assert user.has_perm("annotations.delete_any_article")
    client.force_login(root)
    assert client.get("/").status_code == 200
    assert client.session[SESSION_KEY] == str(root.pk)


def test_a_session_signed_in_before_this_backend_keeps_its_user(alice, client):
    """Sessions made by Django's own backend (before the upgrade) are not signed out."""
    client.force_login(alice, backend="django.contrib.auth.backends.ModelBackend")
    response = client.get("/")
    assert response.status_code == 200
    assert 'action="/import/"' in response.text


def test_signing_in_checks_a_password_once(alice, client):
    from django.contrib.auth import BACKEND_SESSION_KEY

    with CaptureQueriesContext(connection) as queries:
        response = client.post("/accounts/login/", {"username": "alice", "password": "wrong"})
    assert response.status_code == 200  # the form again, with its error
    assert "match. Please try again." in response.text
    # One backend looked the user up: the one behind it was not asked again.
    lookups = [q for q in queries if '"auth_user"."username"' in q["sql"]]
    assert len(lookups) == 1, lookups
    response = client.post("/accounts/login/", {"username": "alice", "password": "password"})
    assert response.status_code == 302
    assert client.session[BACKEND_SESSION_KEY] == "annotations.authentication.PermissionsBackend"
