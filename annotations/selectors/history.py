"""A claim's history, its sources' and notes', as people read it."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.auth.models import AbstractBaseUser
from django.db.models import QuerySet

from annotations.models import (
    Claim,
    Note,
    Rating,
    Source,
)


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


def claim_history(claim: Claim, viewer: AbstractBaseUser | None = None) -> list[HistoryEntry]:
    """Every recorded change to the claim, its sources, its notes and its panel's votes,
    newest first. Foreign keys in before/after values are shown as people and rating slugs.

    Votes stay blind here too: ``viewer`` sees who voted, and how only where the panel lets
    them (see ``annotations.panel.selectors``); without a viewer no vote rating is shown.
    """
    from annotations.panel.models import Vote
    from annotations.panel.selectors import vote_ratings_visible

    entries: list[HistoryEntry] = []
    sources = Source.history.filter(claim_id=claim.pk)
    notes = Note.history.filter(claim_id=claim.pk)
    for object_type, records in (
        ("claim", claim.history.all()),
        ("source", sources),
        ("note", notes),
    ):
        entries.extend(_entries(object_type, records.select_related("history_user")))
    votes = Vote.history.filter(claim_id=claim.pk).select_related("history_user", "rating")
    shown: dict[int, bool] = {}
    for record in votes.order_by("history_date", "history_id"):
        if record.round not in shown:
            shown[record.round] = viewer is not None and vote_ratings_visible(
                claim, record.round, viewer
            )
        visible = shown[record.round] or (viewer is not None and record.reviewer_id == viewer.pk)
        entries.append(
            HistoryEntry(
                at=record.history_date,
                user=record.history_user.get_username() if record.history_user else "",
                object_type="vote",
                object_id=record.id,
                action="voted" if record.history_type == "+" else "changed vote",
                reason=f"round {record.round}",
                changes=(
                    [{"field": "rating", "before": None, "after": record.rating.slug}]
                    if visible
                    else []
                ),
            )
        )
    entries.sort(key=lambda entry: entry.at, reverse=True)
    _name_related_values(entries, skip={"vote"})
    return entries


HISTORY_USER_FIELDS = {"assignee", "rated_by", "approved_by", "created_by", "added_by", "author"}


def _name_related_values(entries: list[HistoryEntry], skip: set[str] = frozenset()) -> None:
    """Replace user and rating ids in history changes with usernames and rating slugs."""
    changes = [
        change for entry in entries if entry.object_type not in skip for change in entry.changes
    ]
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


# How people read a change: field names in words, and fields that only follow another.
FIELD_LABELS = {
    "claim_text": "wording",
    "claimant": "claimant",
    "rating": "rating",
    "summary": "summary",
    "status": "status",
    "assignee": "assignee",
    "rated_by": "rated by",
    "approved_by": "approved by",
    "url": "URL",
    "title": "title",
    "publisher": "publisher",
    "quote": "quote",
    "stance": "stance",
    "accessed_at": "accessed",
    "archived_url": "archived copy",
    "body": "text",
    "internal": "internal",
    "deleted_at": "removed",
}
HIDDEN_FIELDS = {
    "rated_at", "updated_at", "published_at", "position", "version", "created_at", "review_round",
}  # fmt: skip


def readable_history(entries: list[HistoryEntry]) -> list[HistoryEntry]:
    """The same entries as people read them: field names in words, rating labels instead
    of slugs, statuses in words, dates formatted, bookkeeping fields left out."""
    ratings = dict(Rating.objects.values_list("slug", "label"))
    statuses = {value: str(label).lower() for value, label in Claim.Status.choices}

    def value(field_name: str, raw: Any) -> str:
        if raw is None or raw == "":
            return ""
        if field_name == "rating":
            return ratings.get(raw, str(raw))
        if field_name == "status":
            return statuses.get(raw, str(raw))
        if isinstance(raw, bool):
            return "yes" if raw else "no"
        if isinstance(raw, datetime):
            return raw.strftime("%-d %b %Y %H:%M")
        return str(raw)

    readable = []
    for entry in entries:
        changes = [
            {
                "field": FIELD_LABELS.get(change["field"], change["field"].replace("_", " ")),
                "before": value(change["field"], change["before"]),
                "after": value(change["field"], change["after"]),
            }
            for change in entry.changes
            if change["field"] not in HIDDEN_FIELDS
        ]
        readable.append(
            HistoryEntry(
                at=entry.at,
                user=entry.user,
                object_type=entry.object_type,
                object_id=entry.object_id,
                action=entry.action,
                reason=entry.reason,
                changes=changes,
            )
        )
    return readable


def changes_since(obj: Claim | Source | Note, version: int) -> list[HistoryEntry]:
    """Changes to a claim, source or note after ``version``, oldest first: what a stale
    writer missed."""
    records = obj.history.filter(version__gte=version).select_related("history_user")
    entries = _entries(type(obj).__name__.lower(), records)
    # The record of the version the writer saw is only the baseline for the diff.
    if entries and records.filter(version=version).exists():
        entries = entries[1:]
    _name_related_values(entries)
    return entries


def version_record(obj: Claim | Source | Note, version: int) -> Any | None:
    """The history record of ``obj`` at ``version``: its fields as they were then; None if
    the history holds no record of that version."""
    return obj.history.filter(version=version).order_by("-history_date", "-history_id").first()
