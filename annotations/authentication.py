"""A signed-in user with their permission names, in one statement.

Every page and every endpoint asks about roles (``annotations/roles.py``) right after it
knows the user, and Django's ``ModelBackend`` answers the first such question with two more
queries (the user's own permissions, then their groups'). On PostgreSQL the user row and
the permission names come back together here and fill the backend's own cache
(``_perm_cache``), so ``user.has_perm`` answers without a query: for a session (the
``PermissionsBackend`` below) and for an API token (``annotations/api/authentication.py``).
Elsewhere (SQLite, ``make run``) Django's own queries run.
"""

from __future__ import annotations

import functools
from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend
from django.contrib.auth.models import Group, Permission
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from rest_framework.authtoken.models import Token

# The columns by name, not u.*: a prepared statement must keep its result's shape.
_USER_WITH_PERMISSIONS_SQL = """
SELECT {user_columns}, ARRAY(
    SELECT ct.app_label || '.' || p.codename
    FROM {permission} p JOIN {content_type} ct ON ct.id = p.content_type_id
    WHERE p.id IN (SELECT up.permission_id FROM {user_permissions} up WHERE up.{user_fk} = u.id
                   UNION
                   SELECT gp.permission_id FROM {group_permissions} gp
                   JOIN {user_groups} ug ON ug.group_id = gp.group_id WHERE ug.{user_fk} = u.id)
) AS perm_names
FROM {user} u {join}
WHERE {where}
"""


@functools.cache
def _statement(by_token: bool) -> tuple[str, list[str]]:
    """The statement finding the user by a token's key or by id, and the user fields its
    first columns hold (the last column is the permission names)."""
    user_model = get_user_model()
    fields = user_model._meta.concrete_fields
    user_groups = user_model.groups.through
    pk = user_model._meta.pk.column
    if by_token:
        join, where = f"JOIN {Token._meta.db_table} t ON t.user_id = u.{pk}", "t.key = %s"
    else:
        join, where = "", f"u.{pk} = %s"
    sql = _USER_WITH_PERMISSIONS_SQL.format(
        user_columns=", ".join(f"u.{field.column}" for field in fields),
        permission=Permission._meta.db_table,
        content_type=ContentType._meta.db_table,
        user_permissions=user_model.user_permissions.through._meta.db_table,
        user_groups=user_groups._meta.db_table,
        group_permissions=Group.permissions.through._meta.db_table,
        user_fk=user_groups._meta.get_field(user_model._meta.model_name).column,
        user=user_model._meta.db_table,
        join=join,
        where=where,
    )
    return sql, [field.attname for field in fields]


def user_with_permissions(value: Any, *, by_token: bool = False) -> Any | None:
    """The user with this id (or token key), permissions cached; None if there is none.

    PostgreSQL only: callers fall back to Django's own path elsewhere.
    """
    sql, fields = _statement(by_token)
    with connection.cursor() as cursor:
        cursor.execute(sql, [value])
        row = cursor.fetchone()
    if row is None:
        return None
    user = get_user_model().from_db(connection.alias, fields, row[:-1])
    if user.is_active and not user.is_superuser:
        user._perm_cache = set(row[-1])
    return user


class PermissionsBackend(ModelBackend):
    """Django's model backend; on PostgreSQL a session's user brings its permissions.

    Django's own ``ModelBackend`` stays listed after it (settings), only so that sessions
    signed in before this backend existed keep their user until they sign in again. A
    sign-in is answered here, and a failed one ends here: the password is checked once,
    not a second time by the backend behind.
    """

    def authenticate(
        self, request: Any, username: Any = None, password: Any = None, **kwargs: Any
    ) -> Any:
        user = super().authenticate(request, username=username, password=password, **kwargs)
        if user is None:
            raise PermissionDenied  # Django stops trying backends (and says the sign-in failed)
        return user

    async def aauthenticate(
        self, request: Any, username: Any = None, password: Any = None, **kwargs: Any
    ) -> Any:
        user = await super().aauthenticate(request, username=username, password=password, **kwargs)
        if user is None:
            raise PermissionDenied
        return user

    def get_user(self, user_id: Any) -> Any | None:
        if connection.vendor != "postgresql":
            return super().get_user(user_id)
        try:
            user_id = get_user_model()._meta.pk.to_python(user_id)
        except ValidationError:
            return None
        user = user_with_permissions(user_id)
        return user if user is not None and self.user_can_authenticate(user) else None
