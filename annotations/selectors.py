"""Reads that span relations: what a user may see, prefetched so query counts stay flat."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser
from django.db import connection
from django.db.models import Count, Exists, OuterRef, Q, QuerySet, Window
from django.utils import timezone
from django.utils.dateparse import parse_datetime

from annotations import roles
from annotations.models import Article, Claim, Note, Rating, Segment, Source


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


def claims_visible_to(user: AbstractBaseUser) -> QuerySet[Claim]:
    """Claims the user may see, nothing joined: for filtering a list or fetching one claim."""
    if not roles.can_view(user):
        return Claim.objects.none()
    return Claim.objects.all()


def suggested_claims_condition() -> Exists:
    """True for a claim made of a sentence that check-worthiness scoring suggested."""
    return Exists(
        Segment.claims.through.objects.filter(
            claim_id=OuterRef("pk"),
            segment__kind=Segment.Kind.SENTENCE,
            segment__checkworthiness__gte=settings.FACTCHECK_SUGGEST_THRESHOLD,
        )
    )


def claim_page_rows(
    claims: QuerySet[Claim], offset: int, limit: int
) -> tuple[list[dict[str, Any]], int | None]:
    """A page of claim rows (see :func:`claim_rows`) in the queryset's order, and the total.

    One statement: the filtered page of ids, with ``COUNT(*) OVER ()`` for the total, is a
    CTE that the row query joins. The total is None for a page past the end.
    """
    page = claims.annotate(page_total=Window(Count("*"))).values_list("pk", "page_total")
    page_sql, page_params = page[offset : offset + limit].query.sql_with_params()
    rows = _claim_rows(page_sql=page_sql, page_params=page_params)
    if not rows:
        return [], None
    total = rows[0]["page_total"]
    # The CTE kept the right rows; put them back in the queryset's order.
    for ordering in reversed(list(claims.query.order_by) or Claim._meta.ordering):
        name = ordering.lstrip("-")
        key = {"article": "article_id", "pk": "id"}.get(name, name)
        rows.sort(key=lambda row, key=key: row[key], reverse=ordering.startswith("-"))
    return rows, total


# The API's claim rows in one statement: fixed SQL with bound parameters, so nothing is
# compiled per request. Counts and segments are aggregated once over the page's ids and
# joined, rather than looked up by a subquery per row. Table names come from the models.
# {ids} selects the claims: a list of parameters, or "SELECT pk FROM page" for a page.
_CLAIM_ROWS_SQL = """
SELECT {page_total} c.id, c.article_id, c.position, c.claim_text, c.claimant,
       r.slug AS rating_slug, c.summary, c.status, c.assignee_id, c.rated_by_id, {rated_at},
       c.approved_by_id, {published_at}, c.created_by_id, c.version, {created_at}, {updated_at},
       COALESCE(sc.n, 0) AS source_count, COALESCE(nc.n, 0) AS note_count,
       COALESCE(sg.suggested, 0) AS suggested {segment_ids_column}
FROM {claim} c
{page_join}
LEFT JOIN {rating} r ON r.id = c.rating_id
LEFT JOIN (SELECT claim_id, COUNT(*) AS n FROM {source}
           WHERE claim_id IN ({ids}) AND deleted_at IS NULL GROUP BY claim_id) sc
       ON sc.claim_id = c.id
LEFT JOIN (SELECT claim_id, COUNT(*) AS n FROM {note}
           WHERE claim_id IN ({ids}) AND deleted_at IS NULL GROUP BY claim_id) nc
       ON nc.claim_id = c.id
LEFT JOIN (SELECT cs.claim_id,
                  MAX(CASE WHEN s.kind = 'sentence' AND s.checkworthiness >= %s
                           THEN 1 ELSE 0 END) AS suggested {segment_ids_aggregate}
           FROM {claim_segments} cs JOIN {segment} s ON s.id = cs.segment_id
           WHERE cs.claim_id IN ({ids}) GROUP BY cs.claim_id) sg
       ON sg.claim_id = c.id
{claim_filter}
"""


def claim_rows(claim_ids: list[int]) -> list[dict[str, Any]]:
    """Claims by id with rating slug, source and note counts, ``suggested`` and segment ids.

    Timestamps are UTC as ISO 8601 text with microseconds ("2025-01-31T09:30:00.250000"):
    fixed width, so they sort as text.

    For ids the caller already scoped (from ``claims_visible_to``); rows in the ids' order.
    """
    if not claim_ids:
        return []
    by_id = {row["id"]: row for row in _claim_rows(claim_ids=claim_ids)}
    return [by_id[claim_id] for claim_id in claim_ids if claim_id in by_id]


def _claim_rows(
    claim_ids: list[int] | None = None, page_sql: str = "", page_params: tuple = ()
) -> list[dict[str, Any]]:
    """Run _CLAIM_ROWS_SQL for a list of claim ids, or for the ids ``page_sql`` selects."""
    on_postgres = connection.vendor == "postgresql"
    threshold = settings.FACTCHECK_SUGGEST_THRESHOLD
    if page_sql:
        ids = "SELECT pk FROM page"
        # Joining the page is enough: also filtering on it made planning twice as slow.
        page_parts = {
            "page_total": "page.page_total,",
            "page_join": "JOIN page ON page.pk = c.id",
            "claim_filter": "",
        }
        params = [*page_params, threshold]
    else:
        ids = ", ".join(["%s"] * len(claim_ids))
        page_parts = {"page_total": "", "page_join": "", "claim_filter": f"WHERE c.id IN ({ids})"}
        params = [*claim_ids, *claim_ids, threshold, *claim_ids, *claim_ids]
    timestamps = {
        # PostgreSQL writes the text: parsing 200 timestamps a page into datetimes only to
        # format them again took longer than building the rest of the rows.
        name: (
            f"to_char(c.{name} AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS.US') AS {name}"
            if on_postgres
            else f"c.{name}"
        )
        for name in _TIMESTAMPS
    }
    sql = _CLAIM_ROWS_SQL.format(
        claim=Claim._meta.db_table,
        rating=Rating._meta.db_table,
        source=Source._meta.db_table,
        note=Note._meta.db_table,
        segment=Segment._meta.db_table,
        claim_segments=Segment.claims.through._meta.db_table,
        ids=ids,
        **page_parts,
        **timestamps,
        # PostgreSQL orders the segment ids in the same pass; elsewhere one more query.
        segment_ids_column=", sg.segment_ids" if on_postgres else "",
        segment_ids_aggregate=(
            ", array_agg(cs.segment_id ORDER BY s.position) AS segment_ids" if on_postgres else ""
        ),
    )
    if page_sql:
        # No column list: Django may add ordering columns to the page's SELECT.
        sql = f"WITH page AS ({page_sql})\n{sql}"
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        names = [column[0] for column in cursor.description]
        rows = [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]
    if on_postgres:
        for row in rows:
            row["segment_ids"] = row["segment_ids"] or []
            row["suggested"] = bool(row["suggested"])
    else:
        segment_ids = _segment_ids_by_claim([row["id"] for row in rows])
        for row in rows:
            row["segment_ids"] = segment_ids[row["id"]]
            _convert_sqlite_values(row)
    return rows


_TIMESTAMPS = ("rated_at", "published_at", "created_at", "updated_at")


def _convert_sqlite_values(row: dict[str, Any]) -> None:
    """SQLite hands back naive datetimes (or text) and 0/1: convert as PostgreSQL's rows."""
    for name in _TIMESTAMPS:
        value = row[name]
        if isinstance(value, str):
            value = parse_datetime(value)
        if value is not None:
            if timezone.is_naive(value):
                value = value.replace(tzinfo=UTC)
            value = value.astimezone(UTC).replace(tzinfo=None).isoformat(timespec="microseconds")
        row[name] = value
    row["suggested"] = bool(row["suggested"])


def _segment_ids_by_claim(claim_ids: list[int]) -> dict[int, list[int]]:
    """Each claim's segment ids in reading order, for many claims in one query."""
    result: dict[int, list[int]] = {claim_id: [] for claim_id in claim_ids}
    rows = (
        Segment.claims.through.objects.filter(claim_id__in=claim_ids)
        .order_by("segment__position")
        .values_list("claim_id", "segment_id")
    )
    for claim_id, segment_id in rows:
        result[claim_id].append(segment_id)
    return result


def segments_for(user: AbstractBaseUser, article: Article) -> QuerySet[Segment]:
    """The segments of an article the user may see, in reading order."""
    if not roles.can_view(user):
        return Segment.objects.none()
    return Segment.objects.filter(article=article).order_by("position")


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
    from django.conf import settings

    counts = Segment.objects.filter(article=article).aggregate(
        sentences=Count("id", filter=Q(kind__in=("sentence", "list_item"))),
        suggested=Count(
            "id",
            filter=Q(kind="sentence", checkworthiness__gte=settings.FACTCHECK_SUGGEST_THRESHOLD),
        ),
    )
    rows = Claim.objects.filter(article=article).values_list("status", "rating_id")
    rows = rows.annotate(n=Count("id")).order_by()
    return _progress(counts, list(rows), ratings)


def articles_progress(articles: list[Article], ratings: list[Rating]) -> dict[int, ArticleProgress]:
    """Review progress of many articles in two queries (for the dashboard)."""
    from django.conf import settings

    ids = [a.pk for a in articles]
    segment_counts = (
        Segment.objects.filter(article_id__in=ids)
        .values("article_id")
        .annotate(
            sentences=Count("id", filter=Q(kind__in=("sentence", "list_item"))),
            suggested=Count(
                "id",
                filter=Q(
                    kind="sentence", checkworthiness__gte=settings.FACTCHECK_SUGGEST_THRESHOLD
                ),
            ),
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
        previous = marks.get(segment_id)
        if previous is not None and status == Claim.Status.DISMISSED:
            continue
        marks[segment_id] = SegmentClaim(claim_id, status, slug or "", label or "", bool(summary))
    return marks


def claim_changes_since(claim: Claim, version: int) -> list[HistoryEntry]:
    """Changes to the claim itself after ``version``, oldest first: what a stale editor missed."""
    records = claim.history.filter(version__gte=version).select_related("history_user")
    entries = _entries("claim", records)
    # The record of the version the editor saw is only the baseline for the diff.
    if entries and records.filter(version=version).exists():
        entries = entries[1:]
    _name_related_values(entries)
    return entries
