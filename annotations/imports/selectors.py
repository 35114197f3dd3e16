"""Which imports a user may follow: their own (admins: all)."""

from __future__ import annotations

from django.contrib.auth.models import AbstractBaseUser
from django.db.models import QuerySet

from annotations import roles
from annotations.imports.models import ArticleImport


def imports_for(user: AbstractBaseUser) -> QuerySet[ArticleImport]:
    if roles.can_administer(user):
        return ArticleImport.objects.all()
    if not roles.can_edit(user):
        return ArticleImport.objects.none()
    return ArticleImport.objects.filter(requested_by=user)
