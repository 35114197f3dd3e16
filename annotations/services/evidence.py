"""Sources and notes on a claim: added by editors, changed with the version the writer saw,
deleted softly (they disappear from the claim but stay in its history)."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction
from django.utils import timezone

from annotations import roles
from annotations.models import Claim, Note, Source
from annotations.services.common import lock, only, require, save_new, save_version

SOURCE_FIELDS = ("url", "title", "publisher", "quote", "stance", "accessed_at", "archived_url")
NOTE_FIELDS = ("body", "internal")


@transaction.atomic
def source_add(*, claim: Claim, user: AbstractBaseUser, **fields: Any) -> Source:
    """Add evidence to a claim; URLs must be http or https."""
    require(roles.can_edit(user), "Only editors can add sources.")
    return save_new(new_source(claim=claim, user=user, **fields), user)


def new_source(*, claim: Claim, user: AbstractBaseUser, **fields: Any) -> Source:
    """An unsaved source of a claim (saved by :func:`source_add`, or many at once)."""
    return Source(claim=claim, added_by=user, **only(fields, SOURCE_FIELDS))


@transaction.atomic
def source_update(*, source: Source, user: AbstractBaseUser, version: int, **fields: Any) -> Source:
    """Change a source, if nobody changed (or removed) it since the writer read it."""
    require(roles.can_edit(user), "Only editors can change sources.")
    fields = only(fields, SOURCE_FIELDS)
    current = lock(source, version)
    return _apply(current, fields, user)


@transaction.atomic
def source_delete(*, source: Source, user: AbstractBaseUser, version: int) -> None:
    """Soft delete: the source disappears from the claim but stays in its history."""
    require(roles.can_edit(user), "Only editors can remove sources.")
    current = lock(source, version)
    current.deleted_at = timezone.now()
    save_version(current, user, reason="removed")


@transaction.atomic
def note_add(*, claim: Claim, user: AbstractBaseUser, body: str, internal: bool = True) -> Note:
    require(roles.can_edit(user), "Only editors can add notes.")
    note = Note(claim=claim, author=user, body=(body or "").strip(), internal=internal)
    return save_new(note, user)


@transaction.atomic
def note_update(*, note: Note, user: AbstractBaseUser, version: int, **fields: Any) -> Note:
    """Change one's own note (admins: any note), if nobody changed it meanwhile."""
    fields = only(fields, NOTE_FIELDS)
    require_note_owner(note, user)
    current = lock(note, version)
    return _apply(current, fields, user)


@transaction.atomic
def note_delete(*, note: Note, user: AbstractBaseUser, version: int) -> None:
    require_note_owner(note, user)
    current = lock(note, version)
    current.deleted_at = timezone.now()
    save_version(current, user, reason="removed")


def may_change_note(note: Note, user: AbstractBaseUser) -> bool:
    """A note belongs to its author; admins may change anyone's."""
    return roles.can_edit(user) and (note.author_id == user.pk or roles.can_administer(user))


def require_note_owner(note: Note, user: AbstractBaseUser) -> None:
    require(may_change_note(note, user), "Only a note's author or an admin can change it.")


def _apply(current: Source | Note, fields: dict[str, Any], user: AbstractBaseUser) -> Any:
    """Set what changes and save a new version; nothing to change saves nothing."""
    changed = {name: value for name, value in fields.items() if getattr(current, name) != value}
    if not changed:
        return current
    for name, value in changed.items():
        setattr(current, name, value)
    return save_version(current, user)
