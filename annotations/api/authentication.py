"""Token authentication that also brings the user's permissions, in the same query.

Every endpoint asks about roles right after authenticating. On PostgreSQL the token, its
user and the user's permission names come back in one statement
(``annotations/authentication.py``, which does the same for a browser's session).
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth.models import Permission
from django.db import connection
from django.db.models import CharField, Q, Value
from django.db.models.functions import Concat
from rest_framework import exceptions
from rest_framework.authentication import TokenAuthentication
from rest_framework.authtoken.models import Token

from annotations.authentication import user_with_permissions


def permission_names(user_id: Any) -> Any:
    """The user's permissions (direct and through groups) as ``app_label.codename``."""
    return (
        Permission.objects.filter(Q(user=user_id) | Q(group__user=user_id))
        .order_by()
        .annotate(
            perm=Concat("content_type__app_label", Value("."), "codename", output_field=CharField())
        )
        .values("perm")
        .distinct()
    )


def load_permissions(user: Any) -> None:
    """Fill the permission cache in one query (elsewhere than the token path)."""
    if not getattr(user, "is_authenticated", False) or hasattr(user, "_perm_cache"):
        return
    if user.is_active and not user.is_superuser:
        user._perm_cache = set(permission_names(user.pk).values_list("perm", flat=True))


class TokenWithPermissionsAuthentication(TokenAuthentication):
    """DRF's token authentication; on PostgreSQL the permissions come along."""

    def authenticate_credentials(self, key: str) -> tuple[Any, Token]:
        # Not a query for what cannot be a key: PostgreSQL answers a NUL with an error (a 500).
        if "\x00" in key or len(key) > Token._meta.get_field("key").max_length:
            raise exceptions.AuthenticationFailed("Invalid token.")
        if connection.vendor != "postgresql":
            return super().authenticate_credentials(key)
        user = user_with_permissions(key, by_token=True)
        if user is None:
            raise exceptions.AuthenticationFailed("Invalid token.")
        if not user.is_active:
            raise exceptions.AuthenticationFailed("User inactive or deleted.")
        return user, Token(key=key, user=user)
