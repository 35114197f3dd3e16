"""Reads that span relations: what a user may see, prefetched so query counts stay flat."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from django.contrib.auth.models import AbstractBaseUser
from django.db.models import Count, Q, QuerySet

from annotations import roles
from annotations.models import Article, Claim, Note, Source


def articles_for(user: AbstractBaseUser) -> QuerySet[Article]:
    """Articles the user may see, with review progress counts."""
    if not roles.can_view(user):
        return Article.objects.none()
    return Article.objects.annotate(
        claim_count=Count("claims", filter=~Q(claims__status="dismissed"), distinct=True),
        rated_count=Count(
            "claims",
            filter=Q(claims__rating__isnull=False) & ~Q(claims__status="dismissed"),
            distinct=True,
        ),
        published_count=Count("claims", filter=Q(claims__status="published"), distinct=True),
    )


def claims_for(user: AbstractBaseUser) -> QuerySet[Claim]:
    """Claims the user may see, with what lists and panels show."""
    if not roles.can_view(user):
        return Claim.objects.none()
    return Claim.objects.select_related(
        "article", "rating", "assignee", "rated_by", "approved_by"
    ).prefetch_related("segments")


@dataclass
class HistoryEntry:
    """One change to a claim, a source or a note: who, when, what before and after."""

    at: datetime
    user: str
    object_type: str
    object_id: int
    action: str
    reason: str = ""
    changes: list[dict[str, Any]] = field(default_factory=list)


HISTORY_ACTIONS = {"+": "created", "~": "changed", "-": "deleted"}


def claim_history(claim: Claim) -> list[HistoryEntry]:
    """Every recorded change to the claim, its sources and its notes, newest first.

    Foreign keys in before/after values are shown as people and rating slugs, not ids.
    """
    entries: list[HistoryEntry] = []
    sources = Source.history.filter(claim_id=claim.pk)
    notes = Note.history.filter(claim_id=claim.pk)
    for object_type, records in (
        ("claim", claim.history.all()),
        ("source", sources),
        ("note", notes),
    ):
        entries.extend(_entries(object_type, records.select_related("history_user")))
    entries.sort(key=lambda entry: entry.at, reverse=True)
    _name_related_values(entries)
    return entries


HISTORY_USER_FIELDS = {"assignee", "rated_by", "approved_by", "created_by", "added_by", "author"}


def _name_related_values(entries: list[HistoryEntry]) -> None:
    """Replace user and rating ids in history changes with usernames and rating slugs."""
    from django.contrib.auth import get_user_model

    from annotations.models import Rating

    changes = [change for entry in entries for change in entry.changes]
    user_ids = {
        value
        for change in changes
        if change["field"] in HISTORY_USER_FIELDS
        for value in (change["before"], change["after"])
        if value is not None
    }
    names: dict[str, dict[Any, str]] = {"rating": {}, "user": {}}
    if any(change["field"] == "rating" for change in changes):
        names["rating"] = dict(Rating.objects.values_list("pk", "slug"))
    if user_ids:
        User = get_user_model()
        names["user"] = dict(
            User.objects.filter(pk__in=user_ids).values_list("pk", User.USERNAME_FIELD)
        )
    for change in changes:
        kind = "rating" if change["field"] == "rating" else "user"
        if change["field"] == "rating" or change["field"] in HISTORY_USER_FIELDS:
            for side in ("before", "after"):
                value = change[side]
                change[side] = names[kind].get(value, value) if value is not None else None


def _entries(object_type: str, records: QuerySet) -> list[HistoryEntry]:
    by_object: dict[int, list] = {}
    for record in records.order_by("history_date", "history_id"):
        by_object.setdefault(record.id, []).append(record)
    entries = []
    for object_id, versions in by_object.items():
        previous = None
        for record in versions:
            action = HISTORY_ACTIONS.get(record.history_type, record.history_type)
            changes = []
            if previous is not None:
                delta = record.diff_against(previous, foreign_keys_are_objs=False)
                changes = [
                    {"field": change.field, "before": change.old, "after": change.new}
                    for change in delta.changes
                ]
                if any(c["field"] == "deleted_at" and c["after"] for c in changes):
                    action = "removed"
            entries.append(
                HistoryEntry(
                    at=record.history_date,
                    user=record.history_user.get_username() if record.history_user else "",
                    object_type=object_type,
                    object_id=object_id,
                    action=action,
                    reason=record.history_change_reason or "",
                    changes=[c for c in changes if c["field"] not in ("version",)],
                )
            )
            previous = record
    return entries
