"""The newsroom's roles, as Django groups, and the questions views ask about them.

The groups and their permissions are created by migration 0002; code asks about
permissions (not group names), so admins can tailor a group in the admin.
"""

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser

VIEWER = "viewer"
EDITOR = "editor"
REVIEWER = "reviewer"
ADMIN = "admin"
ROLES = (VIEWER, EDITOR, REVIEWER, ADMIN)

User = AbstractBaseUser | AnonymousUser


def can_view(user: User) -> bool:
    return user.is_authenticated and user.has_perm("annotations.view_claim")


def can_edit(user: User) -> bool:
    """Create and edit claims, sources and notes; import articles."""
    return user.is_authenticated and user.has_perm("annotations.change_claim")


def can_publish(user: User) -> bool:
    return user.is_authenticated and user.has_perm("annotations.publish_claim")


def can_administer(user: User) -> bool:
    """Change the rating scale and delete articles."""
    return user.is_authenticated and user.has_perm("annotations.delete_any_article")
