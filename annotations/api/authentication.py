"""Token authentication that also brings the user's permissions, in the same query.

Every endpoint asks about roles right after authenticating. On PostgreSQL the token, its
user and the user's permission names come back in one statement and fill the auth
backend's own cache (``_perm_cache``), so ``user.has_perm`` answers without a query.
"""

from __future__ import annotations

import functools
from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.db.models import CharField, Q, Value
from django.db.models.functions import Concat
from rest_framework import exceptions
from rest_framework.authentication import TokenAuthentication
from rest_framework.authtoken.models import Token


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


# PostgreSQL: the token's user with its permission names, in one fixed statement (no ORM
# compilation per request; the tables come from the models).
_USER_WITH_PERMISSIONS_SQL = """
SELECT {user_columns}, ARRAY(
    SELECT ct.app_label || '.' || p.codename
    FROM {permission} p JOIN {content_type} ct ON ct.id = p.content_type_id
    WHERE p.id IN (SELECT up.permission_id FROM {user_permissions} up WHERE up.{user_fk} = u.id
                   UNION
                   SELECT gp.permission_id FROM {group_permissions} gp
                   JOIN {user_groups} ug ON ug.group_id = gp.group_id WHERE ug.{user_fk} = u.id)
) AS perm_names
FROM {token} t JOIN {user} u ON u.{user_pk} = t.user_id
WHERE t.key = %s
"""


@functools.cache
def _user_with_permissions_sql() -> tuple[str, list[str]]:
    """The statement, and the user fields its first columns hold (the last is the names)."""
    user_model = get_user_model()
    fields = user_model._meta.concrete_fields
    # The columns by name, not u.*: a prepared statement must keep its result's shape.
    columns = ", ".join(f"u.{field.column}" for field in fields)
    user_permissions = user_model.user_permissions.through
    user_groups = user_model.groups.through
    sql = _USER_WITH_PERMISSIONS_SQL.format(
        user_columns=columns,
        permission=Permission._meta.db_table,
        content_type=ContentType._meta.db_table,
        user_permissions=user_permissions._meta.db_table,
        user_groups=user_groups._meta.db_table,
        group_permissions=Group.permissions.through._meta.db_table,
        user_fk=user_groups._meta.get_field(user_model._meta.model_name).column,
        token=Token._meta.db_table,
        user=user_model._meta.db_table,
        user_pk=user_model._meta.pk.column,
    )
    return sql, [field.attname for field in fields]


class TokenWithPermissionsAuthentication(TokenAuthentication):
    """DRF's token authentication; on PostgreSQL the permissions come along."""

    def authenticate_credentials(self, key: str) -> tuple[Any, Token]:
        # Not a query for what cannot be a key: PostgreSQL answers a NUL with an error (a 500).
        if "\x00" in key or len(key) > Token._meta.get_field("key").max_length:
            raise exceptions.AuthenticationFailed("Invalid token.")
        if connection.vendor != "postgresql":
            return super().authenticate_credentials(key)
        sql, fields = _user_with_permissions_sql()
        with connection.cursor() as cursor:
            cursor.execute(sql, [key])
            row = cursor.fetchone()
        if row is None:
            raise exceptions.AuthenticationFailed("Invalid token.")
        user = get_user_model().from_db(connection.alias, fields, row[:-1])
        if not user.is_active:
            raise exceptions.AuthenticationFailed("User inactive or deleted.")
        if not user.is_superuser:
            user._perm_cache = set(row[-1])
        return user, Token(key=key, user=user)
