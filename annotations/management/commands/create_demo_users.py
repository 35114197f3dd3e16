"""python manage.py create_demo_users — local demo accounts, one per working role (DEBUG only)."""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management.base import BaseCommand, CommandError

DEMO_USERS = [
    # username, password, role
    ("editor", "factcheck-editor", "editor"),
    ("reviewer", "factcheck-reviewer", "reviewer"),
    ("admin", "factcheck-admin", "admin"),  # webhooks, the rating scale, deleting articles
]


class Command(BaseCommand):
    help = (
        "Create or reset the demo editor, reviewer and admin accounts; refuses when DEBUG is off."
    )

    def handle(self, *args, **options) -> None:
        if not settings.DEBUG:
            raise CommandError("Demo accounts are for local use only: set DEBUG=true.")
        User = get_user_model()
        for username, password, role in DEMO_USERS:
            user, _ = User.objects.get_or_create(username=username)
            user.is_staff = True  # may open the admin, limited to the role's permissions
            if not user.check_password(password):
                # Only when it changed: a new hash would sign out the demo's browser sessions
                # on every `make run`.
                user.set_password(password)
            user.save()
            user.groups.set([Group.objects.get(name=role)])
            self.stdout.write(f"Demo {role}: username {username!r}, password {password!r}")
