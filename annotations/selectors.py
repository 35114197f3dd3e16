"""Reads that span relations: what a user may see, prefetched so query counts stay flat."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.auth.models import AbstractBaseUser
from django.db.models import Count, Exists, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce

from annotations import roles
from annotations.models import (
    Article,
    Claim,
    Correction,
    Note,
    Rating,
    Segment,
    Source,
    live_condition,
    suggested_condition,
)


def articles_for(user: AbstractBaseUser) -> QuerySet[Article]:
    """Articles the user may see. Counts come per page (:func:`with_counts`), never per table."""
    return Article.objects.visible_to(user)


def with_counts(articles: list[Article]) -> list[Article]:
    """Set ``segment_count``, ``claim_count`` (live), ``rated_count`` and ``published_count``
    on each article: two grouped queries over the articles' own rows, whatever the archive's
    size."""
    ids = [a.pk for a in articles]
    segments = dict(
        Segment.objects.filter(article_id__in=ids)
        .values("article_id")
        .annotate(n=Count("id"))
        .order_by()
        .values_list("article_id", "n")
    )
    live = live_condition()
    claims = {
        row["article_id"]: row
        for row in Claim.objects.filter(article_id__in=ids)
        .values("article_id")
        .annotate(
            claim_count=Count("id", filter=live),
            rated_count=Count("id", filter=Q(rating__isnull=False) & live),
            published_count=Count("id", filter=Q(status=Claim.Status.PUBLISHED)),
        )
        .order_by()
    }
    for article in articles:
        counts = claims.get(article.pk, {})
        article.segment_count = segments.get(article.pk, 0)
        for name in ("claim_count", "rated_count", "published_count"):
            setattr(article, name, counts.get(name, 0))
    return articles


ARTICLE_STATUSES = (
    ("new", "Not started"),
    ("in_progress", "In progress"),
    ("in_review", "Waiting for review"),
    ("done", "All published"),
)


def dashboard_articles(
    user: AbstractBaseUser,
    *,
    query: str = "",
    publisher: str = "",
    date_from: Any = None,
    date_to: Any = None,
    status: str = "",
) -> QuerySet[Article]:
    """The dashboard's article list, newest first, filtered; dates are publication dates
    (import dates for articles without one). Status: new (no live claims), in_progress
    (some not yet published), in_review (some waiting for a reviewer), done (all published)."""
    articles = articles_for(user).defer("body").order_by("-created_at", "-id")
    if query:
        articles = articles.filter(title__icontains=query)
    if publisher:
        articles = articles.filter(publisher__icontains=publisher)
    if date_from or date_to:
        articles = articles.annotate(day=Coalesce("published_at", "created_at"))
    if date_from:
        articles = articles.filter(day__date__gte=date_from)
    if date_to:
        articles = articles.filter(day__date__lte=date_to)
    # Exists, not counts: the page's rows are found through the index on created_at without
    # aggregating the claims of every article first.
    claims = Claim.objects.filter(article=OuterRef("pk"))
    live = claims.filter(live_condition())
    unpublished = live.exclude(status=Claim.Status.PUBLISHED)
    if status == "new":
        articles = articles.filter(~Exists(live))
    elif status == "in_progress":
        articles = articles.filter(Exists(unpublished))
    elif status == "in_review":
        articles = articles.filter(Exists(claims.filter(status=Claim.Status.IN_REVIEW)))
    elif status == "done":
        articles = articles.filter(Exists(live), ~Exists(unpublished))
    return articles


def review_queue(user: AbstractBaseUser) -> QuerySet[Claim]:
    """Claims waiting for this reviewer: in review and rated by someone else, or published
    with a correction someone else proposed. Oldest first: they have waited longest."""
    if not roles.can_publish(user):
        return Claim.objects.none()
    proposed_by_others = Correction.objects.filter(
        claim=OuterRef("pk"), status=Correction.Status.PROPOSED
    ).exclude(created_by=user)
    from annotations.panel.models import Vote

    this_round = Vote.objects.filter(claim=OuterRef("pk"), round=OuterRef("review_round"))
    return (
        Claim.objects.visible_to(user)
        .filter(
            (Q(status=Claim.Status.IN_REVIEW) & ~Q(rated_by=user))
            | (Q(status=Claim.Status.PUBLISHED) & Exists(proposed_by_others))
        )
        .annotate(
            votes_cast=Coalesce(
                Subquery(this_round.order_by().values("claim").annotate(n=Count("*")).values("n")),
                0,
            ),
            i_voted=Exists(this_round.filter(reviewer=user)),
        )
        .select_related("article", "rating", "rated_by")
        .defer("article__body")
        .order_by("updated_at", "id")
    )


def drafts_of(user: AbstractBaseUser) -> QuerySet[Claim]:
    """An editor's claims still in draft: made by them or assigned to them, latest first."""
    if not roles.can_edit(user):
        return Claim.objects.none()
    return (
        Claim.objects.visible_to(user)
        .filter(Q(created_by=user) | Q(assignee=user), status=Claim.Status.DRAFT)
        .select_related("article", "rating")
        .defer("article__body")
        .order_by("-updated_at", "-id")
    )


def claims_for(user: AbstractBaseUser) -> QuerySet[Claim]:
    """Claims the user may see, with what lists and panels show."""
    return (
        Claim.objects.visible_to(user)
        .select_related("article", "rating", "assignee", "rated_by", "approved_by")
        .prefetch_related("segments")
    )


def claims_visible_to(user: AbstractBaseUser) -> QuerySet[Claim]:
    """Claims the user may see, nothing joined: for filtering a list or fetching one claim."""
    return Claim.objects.visible_to(user)


def assignable_users() -> QuerySet:
    """People a claim can be assigned to: everyone active who may edit claims."""
    return (
        get_user_model()
        .objects.filter(is_active=True, groups__permissions__codename="change_claim")
        .distinct()
        .order_by("username")
    )


def segments_for(user: AbstractBaseUser, article: Article) -> QuerySet[Segment]:
    """The segments of an article the user may see, in reading order."""
    return Segment.objects.visible_to(user).filter(article=article).order_by("position")


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


# ------------------------------------------------------------------ review page reads


@dataclass
class ArticleProgress:
    """How far the review of one article has come, and its verdicts by rating."""

    sentences: int = 0
    suggested: int = 0
    claims: int = 0
    rated: int = 0
    in_review: int = 0
    published: int = 0
    dismissed: int = 0
    # (rating, count, percent of rated claims), in the scale's order.
    distribution: list[tuple[Rating, int, float]] = field(default_factory=list)

    @property
    def rated_percent(self) -> float:
        return round(100 * self.rated / self.claims, 1) if self.claims else 0.0

    @property
    def published_percent(self) -> float:
        return round(100 * self.published / self.claims, 1) if self.claims else 0.0


def rating_scale() -> list[Rating]:
    """The verdict scale in its order (one query)."""
    return list(Rating.objects.order_by("order", "id"))


def article_progress(article: Article, ratings: list[Rating]) -> ArticleProgress:
    """Review progress of one article in two queries, whatever its size."""
    counts = Segment.objects.filter(article=article).aggregate(
        sentences=Count("id", filter=Q(kind__in=("sentence", "list_item"))),
        suggested=Count("id", filter=suggested_condition()),
    )
    rows = Claim.objects.filter(article=article).values_list("status", "rating_id")
    rows = rows.annotate(n=Count("id")).order_by()
    return _progress(counts, list(rows), ratings)


def articles_progress(articles: list[Article], ratings: list[Rating]) -> dict[int, ArticleProgress]:
    """Review progress of many articles in two queries (for the dashboard)."""
    ids = [a.pk for a in articles]
    segment_counts = (
        Segment.objects.filter(article_id__in=ids)
        .values("article_id")
        .annotate(
            sentences=Count("id", filter=Q(kind__in=("sentence", "list_item"))),
            suggested=Count("id", filter=suggested_condition()),
        )
        .order_by()
    )
    by_article: dict[int, dict] = {row["article_id"]: row for row in segment_counts}
    claim_rows: dict[int, list] = {}
    for article_id, status, rating_id, n in (
        Claim.objects.filter(article_id__in=ids)
        .values_list("article_id", "status", "rating_id")
        .annotate(n=Count("id"))
        .order_by()
    ):
        claim_rows.setdefault(article_id, []).append((status, rating_id, n))
    return {pk: _progress(by_article.get(pk, {}), claim_rows.get(pk, []), ratings) for pk in ids}


def _progress(counts: dict, rows: list, ratings: list[Rating]) -> ArticleProgress:
    progress = ArticleProgress(
        sentences=counts.get("sentences", 0), suggested=counts.get("suggested", 0)
    )
    per_rating: dict[int, int] = {}
    for status, rating_id, n in rows:
        if status == Claim.Status.DISMISSED:
            progress.dismissed += n
            continue
        progress.claims += n
        if status == Claim.Status.IN_REVIEW:
            progress.in_review += n
        if status == Claim.Status.PUBLISHED:
            progress.published += n
        if rating_id is not None:
            progress.rated += n
            per_rating[rating_id] = per_rating.get(rating_id, 0) + n
    progress.distribution = [
        (rating, per_rating[rating.pk], round(100 * per_rating[rating.pk] / progress.rated, 2))
        for rating in ratings
        if per_rating.get(rating.pk)
    ]
    return progress


@dataclass(frozen=True)
class SegmentClaim:
    """The claim a segment belongs to, as the review page marks it."""

    claim_id: int
    status: str
    rating_slug: str
    rating_label: str
    has_summary: bool

    @property
    def live(self) -> bool:
        return self.status != Claim.Status.DISMISSED


def article_segment_rows(article: Article) -> list[tuple]:
    """The article's segments as plain tuples in reading order (one query, no model objects).

    (id, position, kind, paragraph, start, end, text, checkworthiness, reasons)
    """
    return list(
        Segment.objects.filter(article=article)
        .order_by("position")
        .values_list(
            "id", "position", "kind", "paragraph", "start", "end", "text", "checkworthiness",
            "reasons",
        )
    )  # fmt: skip


def article_segment_claims(article: Article) -> dict[int, SegmentClaim]:
    """Segment id → the claim marking it, in one query; a live claim wins over a dismissed one."""
    through = Claim.segments.through
    rows = (
        through.objects.filter(claim__article=article)
        .values_list(
            "segment_id", "claim_id", "claim__status", "claim__rating__slug",
            "claim__rating__label", "claim__summary",
        )
        .order_by("claim_id")
    )  # fmt: skip
    marks: dict[int, SegmentClaim] = {}
    for segment_id, claim_id, status, slug, label, summary in rows:
        if segment_id in marks and status == Claim.Status.DISMISSED:
            continue
        marks[segment_id] = SegmentClaim(claim_id, status, slug or "", label or "", bool(summary))
    return marks


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
