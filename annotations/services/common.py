"""What every write shares: the role check, the row lock with its version check, the save."""

from __future__ import annotations

from typing import Any, TypeVar

from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models
from django.utils import timezone
from simple_history.utils import bulk_create_with_history

from annotations.archive import index as search_index

Versioned = TypeVar("Versioned", bound=models.Model)


class StaleVersion(Exception):
    """The object changed since the caller read it; ``current`` is the object as it is now."""

    def __init__(self, current: Any) -> None:
        super().__init__(f"{type(current).__name__} {current.pk} is at version {current.version}.")
        self.current = current


class Conflict(Exception):
    """The request is valid but the claim's state does not allow it yet (a 409)."""


class Removed(ValidationError):
    """The source or note was (softly) deleted meanwhile: it cannot be changed again."""

    def __init__(self, obj: Any) -> None:
        super().__init__(f"This {obj._meta.verbose_name} no longer exists.")
        self.obj = obj


def require(allowed: bool, message: str) -> None:
    if not allowed:
        raise PermissionDenied(message)


def lock(obj: Versioned, version: int) -> Versioned:
    """Re-read ``obj`` under a row lock and check the caller saw its latest version.

    A soft-deleted source or note is gone for writers: it cannot be changed again.
    """
    model = type(obj)
    current = model._base_manager.select_for_update().filter(pk=obj.pk).first()
    if current is None:
        raise ValidationError(f"This {model._meta.verbose_name} no longer exists.")
    if getattr(current, "deleted_at", None) is not None:
        raise Removed(current)
    if current.version != version:
        raise StaleVersion(current)
    return current


def lend_relations(current: Versioned, seen: Versioned, names: tuple[str, ...]) -> None:
    """Give the re-read ``current`` the related objects the caller already loaded on ``seen``.

    Only for the same ids: the row lock re-reads the row's own columns, and saving it (its
    history, the search index) need not read the article (its body can be megabytes) or the
    rating again.
    """
    for name in names:
        field = current._meta.get_field(name)
        if field.is_cached(seen) and getattr(current, field.attname) == getattr(
            seen, field.attname
        ):
            field.set_cached_value(current, field.get_cached_value(seen))


def lock_claim_for_panel(claim: Versioned) -> Versioned:
    """Re-read a claim under a row lock, whatever its version: votes do not change it, but
    two votes at once must see each other (the dispute is decided on all of them)."""
    return type(claim)._base_manager.select_for_update().get(pk=claim.pk)


def save_version(obj: Versioned, user: AbstractBaseUser, *, reason: str = "") -> Versioned:
    """Validate, bump the version and save with the history's user and reason."""
    obj.version += 1
    if hasattr(obj, "updated_at"):
        obj.updated_at = timezone.now()
    return save_new(obj, user, reason=reason)


def save_new(obj: Versioned, user: AbstractBaseUser, *, reason: str = "") -> Versioned:
    """Validate and save with the history's user and reason (a new object keeps version 1).

    Related objects are not looked up again (the database's foreign keys hold them); every
    other field is validated, limits included.
    """
    validate(obj)
    obj._history_user = user
    if reason:
        obj._change_reason = reason[:100]
    created = obj._state.adding
    obj.save()
    search_index.object_saved(obj, created=created)
    return obj


def validate(obj: models.Model) -> None:
    """Every field but relations (the database's foreign keys hold them), limits included."""
    relations = [f.name for f in obj._meta.get_fields() if f.is_relation]
    obj.full_clean(exclude=relations, validate_unique=False, validate_constraints=False)


def save_new_many(objs: list[Versioned], user: AbstractBaseUser) -> list[Versioned]:
    """:func:`save_new` for many new objects of one model, already validated: one INSERT
    for the rows, one for their history (by ``user``), one for their search entries."""
    if not objs:
        return objs
    for obj in objs:
        obj._history_user = user
    saved = bulk_create_with_history(objs, type(objs[0]), default_user=user)
    search_index.objects_created(saved)
    return saved


def only(fields: dict[str, Any], allowed: tuple[str, ...]) -> dict[str, Any]:
    """The given fields, stripped, if every one may be written here."""
    unknown = set(fields) - set(allowed)
    if unknown:
        raise ValidationError(dict.fromkeys(sorted(unknown), "This field cannot be changed here."))
    return {k: (v.strip() if isinstance(v, str) else v) for k, v in fields.items()}
