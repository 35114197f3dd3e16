"""Settings, roles and demo accounts."""

import subprocess
import sys
from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management import CommandError, call_command

from annotations import roles

pytestmark = pytest.mark.django_db


def test_roles_exist_with_growing_permissions():
    permissions = {
        group.name: set(group.permissions.values_list("codename", flat=True))
        for group in Group.objects.all()
    }
    assert set(permissions) == {"viewer", "editor", "reviewer", "admin"}
    assert permissions["viewer"] < permissions["editor"] < permissions["reviewer"]
    assert permissions["reviewer"] < permissions["admin"]
    assert "change_claim" not in permissions["viewer"]
    assert "publish_claim" not in permissions["editor"]
    assert "delete_any_article" not in permissions["reviewer"]


def test_role_questions(victor, alice, bob, ada, nobody):
    assert [roles.can_view(u) for u in (nobody, victor, alice)] == [False, True, True]
    assert [roles.can_edit(u) for u in (victor, alice, bob)] == [False, True, True]
    assert [roles.can_publish(u) for u in (alice, bob)] == [False, True]
    assert [roles.can_administer(u) for u in (bob, ada)] == [False, True]


def test_demo_users_only_with_debug(settings):
    settings.DEBUG = False
    with pytest.raises(CommandError, match="DEBUG"):
        call_command("create_demo_users")
    settings.DEBUG = True
    call_command("create_demo_users", stdout=StringIO())
    from django.contrib.auth import authenticate

    editor = authenticate(username="editor", password="factcheck-editor")
    reviewer = authenticate(username="reviewer", password="factcheck-reviewer")
    assert roles.can_edit(editor) and not roles.can_publish(editor)
    assert roles.can_publish(reviewer)
    assert editor.is_staff
    admin = authenticate(username="admin", password="factcheck-admin")
    assert roles.can_administer(admin) and not admin.is_superuser
    # Run again (every `make run`): the same hashes, so signed-in demo sessions stay valid.
    hashes = dict(get_user_model().objects.values_list("username", "password"))
    call_command("create_demo_users", stdout=StringIO())
    assert dict(get_user_model().objects.values_list("username", "password")) == hashes


def test_deploy_check_is_clean_with_production_settings(settings):
    env = {
        "PATH": "/usr/bin:/bin",
        "DEBUG": "false",
        "SECRET_KEY": "x" * 20 + "production-secret-key-with-enough-entropy-1234567890",
        "ALLOWED_HOSTS": "factcheck.example.org",
        "HTTPS": "true",
    }
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        capture_output=True,
        text=True,
        env=env,
        check=False,
        cwd=settings.BASE_DIR,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_settings_refuse_to_start_without_secret_key_when_debug_is_off(settings):
    result = subprocess.run(
        [sys.executable, "manage.py", "check"],
        capture_output=True,
        text=True,
        env={"PATH": "/usr/bin:/bin", "DEBUG": "false"},
        check=False,
        cwd=settings.BASE_DIR,
    )
    assert result.returncode != 0
    assert "SECRET_KEY must be set" in result.stderr
