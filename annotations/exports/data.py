"""The one data selector behind every report format.

Every format (CSV, JSON, ClaimReview, W3C, Markdown, HTML, PDF) reads the same plain
records from here, so they agree with each other and with the database. Claims are read
in chunks with their related rows prefetched per chunk: the number of queries depends on
the number of chunks, not of claims, and memory stays flat however large the export.

Public reports hold published claims only and no notes at all; internal reports (editors
and up) may also hold drafts, claims in review and dismissed claims, and their notes.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time
from operator import itemgetter
from typing import Any

from django.conf import settings
from django.db.models import CharField, Count, F, Func, Max, Min, QuerySet
from django.db.models.functions import Coalesce
from django.http import HttpRequest
from django.utils import timezone

from annotations.exports.filters import ReportFilters
from annotations.exports.links import (
    LOCAL_BASE_URL,
    claim_public_url,
    public_url,
    report_path,
    site_base_url,
)
from annotations.models import Article, Claim, Correction, Note, Rating, Source, Vote

CHUNK_SIZE = 500
# Characters of article text shown around a claim in reports, and given as W3C prefix/suffix.
CONTEXT_CHARS = 160
SELECTOR_CHARS = 32
USER_FIELDS = ("username", "first_name", "last_name")
SOURCE_FIELDS = (
    "id",
    "url",
    "title",
    "publisher",
    "quote",
    "stance",
    "accessed_at",
    "archived_url",
)


def _person(row: dict[str, Any], prefix: str) -> str:
    """A user's full name, else username, from ``<prefix>__<field>`` columns of a row;
    empty when there is no such user."""
    full_name = f"{row[f'{prefix}__first_name'] or ''} {row[f'{prefix}__last_name'] or ''}"
    return full_name.strip() or row[f"{prefix}__username"] or ""


class IsoDateTime(Func):
    """A timestamp as ISO 8601 text in UTC, formatted by the database: parsing tens of
    thousands of timestamps into datetimes only to format them again was a third of the
    time of a large export."""

    output_field = CharField()

    def as_postgresql(self, compiler: Any, connection: Any, **extra: Any) -> Any:
        template = (
            "to_char(%(expressions)s AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS.US\"+00:00\"')"
        )
        return self.as_sql(compiler, connection, template=template, **extra)

    def as_sqlite(self, compiler: Any, connection: Any, **extra: Any) -> Any:
        # Django stores aware datetimes in SQLite as UTC text "YYYY-MM-DD HH:MM:SS[.ffffff]".
        template = "(replace(%(expressions)s, ' ', 'T') || '+00:00')"
        return self.as_sql(compiler, connection, template=template, **extra)

    def as_sql(self, compiler: Any, connection: Any, **extra: Any) -> Any:
        extra.setdefault("template", "%(expressions)s")  # other databases: _iso() formats it
        return super().as_sql(compiler, connection, **extra)


def iso_times(*names: str) -> dict[str, IsoDateTime]:
    """``values()`` expressions giving each timestamp field as ISO text, as ``<name>_iso``."""
    return {f"{name}_iso": IsoDateTime(name) for name in names}


CLAIM_TIMES = ("rated_at", "published_at", "created_at", "updated_at")


def _iso(value: datetime | date | str | None) -> str | None:
    if isinstance(value, str):
        return value
    return value.isoformat() if value else None


@dataclass
class Report:
    """A report's scope and its data, read lazily: iterate ``articles()`` once to stream it."""

    filters: ReportFilters
    article: Article | None = None
    generated_at: datetime = field(default_factory=timezone.now)
    chunk_size: int = CHUNK_SIZE
    # Permalinks in the export start here (see site_base_url).
    base_url: str = LOCAL_BASE_URL

    @property
    def internal(self) -> bool:
        return self.filters.internal

    @property
    def title(self) -> str:
        base = f"Fact-check report: {self.article.title}" if self.article else "Fact-check report"
        return f"{base} (internal)" if self.internal else base

    def claims(self) -> QuerySet[Claim]:
        """The claims in the report, filtered, in reading order (no related rows)."""
        filters = self.filters
        claims = Claim.objects.all()
        if not filters.internal:
            claims = claims.filter(status=Claim.Status.PUBLISHED)
        if filters.statuses:
            claims = claims.filter(status__in=filters.statuses)
        if filters.article_id is not None:
            claims = claims.filter(article_id=filters.article_id)
        if filters.ratings:
            claims = claims.filter(rating__slug__in=filters.ratings)
        if filters.claimant:
            claims = claims.filter(claimant__icontains=filters.claimant)
        if filters.publisher:
            claims = claims.filter(article__publisher__icontains=filters.publisher)
        if filters.date_from or filters.date_to:
            claims = claims.annotate(report_date=Coalesce(F("published_at"), F("updated_at")))
            if filters.date_from:
                start = datetime.combine(filters.date_from, time.min, tzinfo=UTC)
                claims = claims.filter(report_date__gte=start)
            if filters.date_to:
                end = datetime.combine(filters.date_to, time.max, tzinfo=UTC)
                claims = claims.filter(report_date__lte=end)
        return claims

    def count(self) -> int:
        return self.claims().count()

    def rating_counts(self) -> list[dict[str, Any]]:
        """Claims per rating over the whole scale (zeros included), in scale order."""
        counted = {
            row["rating_id"]: row["n"]
            for row in self.claims().values("rating_id").annotate(n=Count("id")).order_by()
        }
        rows = [
            {
                "slug": r.slug,
                "label": r.label,
                "value": r.value,
                "colour": r.colour,
                "count": counted.pop(r.pk, 0),
            }
            for r in Rating.objects.all()
        ]
        if counted.get(None):
            rows.append(
                {
                    "slug": "",
                    "label": "Not rated",
                    "value": None,
                    "colour": "#8c959f",
                    "count": counted[None],
                }
            )
        return rows

    def _claim_chunks(self) -> Iterator[list[dict[str, Any]]]:
        """Claim rows (plain dicts, no model instances: building those was most of the
        cost), a chunk at a time, each with its related rows fetched in one query per kind.
        On PostgreSQL the claims come through a server-side cursor."""
        rows = (
            self.claims()
            .annotate(span_start=Min("segments__start"), span_end=Max("segments__end"))
            .order_by("-article__created_at", "article_id", "position", "id")
            .values(*CLAIM_FIELDS, "span_start", "span_end", **iso_times(*CLAIM_TIMES))
            .iterator(chunk_size=self.chunk_size)
        )
        articles: dict[int, dict[str, Any]] = {}
        while chunk := list(itertools.islice(rows, self.chunk_size)):
            ids = [row["id"] for row in chunk]
            # Claims come grouped by article: keep only the articles this chunk needs.
            needed = {row["article_id"] for row in chunk}
            articles = {pk: a for pk, a in articles.items() if pk in needed}
            missing = needed - set(articles)
            if missing:
                for article in Article.objects.filter(pk__in=missing).values(*ARTICLE_FIELDS):
                    articles[article["id"]] = article
            related = _related_rows(ids, internal=self.internal)
            for row in chunk:
                row["_article"] = articles[row["article_id"]]
                for kind, by_claim in related.items():
                    row[f"_{kind}"] = by_claim.get(row["id"], [])
            yield chunk

    def articles(self) -> Iterator[tuple[dict[str, Any], Iterator[dict[str, Any]]]]:
        """(article record, its claim records) pairs, streamed; consume each inner iterator
        before advancing. A one-article report yields its article even without claims."""
        rows = itertools.chain.from_iterable(self._claim_chunks())
        yielded = False
        for _article_id, group in itertools.groupby(rows, key=itemgetter("article_id")):
            first = next(group)
            yielded = True
            records = (
                claim_record(row, internal=self.internal, base_url=self.base_url)
                for row in itertools.chain([first], group)
            )
            yield article_record(first["_article"], base_url=self.base_url), records
        if not yielded and self.article is not None:
            article = {name: getattr(self.article, name) for name in ARTICLE_FIELDS}
            yield article_record(article, base_url=self.base_url), iter(())

    def claim_records(self) -> Iterator[tuple[dict[str, Any], dict[str, Any]]]:
        """(article record, claim record) for every claim, streamed."""
        for article, claims in self.articles():
            for claim in claims:
                yield article, claim

    def meta(self) -> dict[str, Any]:
        """What the report is: title, when it was made, which filters, public or internal."""
        return {
            "title": self.title,
            "generated_at": self.generated_at.isoformat(),
            "internal": self.internal,
            "organization": {
                "name": settings.FACTCHECK_ORGANIZATION_NAME,
                "url": settings.FACTCHECK_ORGANIZATION_URL,
            },
            "filters": self.filters.as_dict(),
        }


def build_report(
    filters: ReportFilters,
    *,
    article: Article | None = None,
    chunk_size: int = CHUNK_SIZE,
    request: HttpRequest | None = None,
) -> Report:
    """A report over ``filters``; pass ``article`` for a one-article report, and the request
    it answers so its permalinks name the server that made it."""
    if article is not None and filters.article_id != article.pk:
        filters = ReportFilters(**{**filters.__dict__, "article_id": article.pk})
    return Report(
        filters=filters, article=article, chunk_size=chunk_size, base_url=site_base_url(request)
    )


CLAIM_FIELDS = (
    "id",
    "article_id",
    "status",
    "claim_text",
    "claimant",
    "summary",
    "rating__slug",
    "rating__label",
    "rating__value",
    "rating__colour",
    *(f"{who}__{name}" for who in ("rated_by", "approved_by", "assignee") for name in USER_FIELDS),
)
ARTICLE_FIELDS = (
    "id",
    "title",
    "byline",
    "publisher",
    "url",
    "published_at",
    "language",
    "body",
)


def _related_rows(ids: list[int], *, internal: bool) -> dict[str, dict[int, list[dict]]]:
    """Sources and corrections (and notes, internal) of these claims, by claim id:
    one query per kind. Soft-deleted sources and notes are left out by their managers."""
    queries: dict[str, Any] = {
        "sources": Source.objects.filter(claim_id__in=ids)
        .order_by("created_at", "id")
        .values("claim_id", *SOURCE_FIELDS),
        # Only published corrections: a proposed one is not the verdict yet.
        "corrections": Correction.objects.filter(
            claim_id__in=ids, status=Correction.Status.PUBLISHED
        )
        .order_by("published_at", "id")
        .values(
            "claim_id",
            "id",
            "note",
            "previous_rating__slug",
            "previous_rating__label",
            "new_rating__slug",
            "new_rating__label",
            *(f"created_by__{name}" for name in USER_FIELDS),
            *(f"approved_by__{name}" for name in USER_FIELDS),
            **iso_times("created_at", "published_at"),
        ),
    }
    if internal:
        queries["notes"] = (
            Note.objects.filter(claim_id__in=ids)
            .order_by("created_at", "id")
            .values(
                "claim_id",
                "id",
                "body",
                "internal",
                *(f"author__{name}" for name in USER_FIELDS),
                **iso_times("created_at"),
            )
        )
        # The panel's votes on a published verdict: dissent stays in the building. Only
        # for published claims, so no report shows a vote before the panel is done.
        queries["votes"] = (
            Vote.objects.filter(
                claim_id__in=ids,
                claim__status=Claim.Status.PUBLISHED,
                round=F("claim__review_round"),
            )
            .order_by("created_at", "id")
            .values(
                "claim_id",
                "rating__label",
                "reason",
                *(f"reviewer__{name}" for name in USER_FIELDS),
            )
        )
    related: dict[str, dict[int, list[dict]]] = {}
    for kind, query in queries.items():
        by_claim: dict[int, list[dict]] = {}
        for row in query:
            by_claim.setdefault(row["claim_id"], []).append(row)
        related[kind] = by_claim
    return related


def article_record(article: dict[str, Any], *, base_url: str) -> dict[str, Any]:
    """An article row as report data (without its body)."""
    return {
        "id": article["id"],
        "title": article["title"],
        "byline": article["byline"],
        "publisher": article["publisher"],
        "url": article["url"],
        "published_at": _iso(article["published_at"]),
        "language": article["language"],
        "report_url": public_url(base_url, report_path(article["id"])),
    }


def claim_record(row: dict[str, Any], *, internal: bool, base_url: str) -> dict[str, Any]:
    """A claim as plain data: verdict, sentence in context, sources, corrections, and
    (internal reports only) notes. Public records never carry a notes key."""
    body = row["_article"]["body"]
    # A claim's segments are consecutive: its text runs from the first start to the last end.
    start, end = row["span_start"] or 0, row["span_end"] or 0
    rated = row["rating__slug"] is not None
    record: dict[str, Any] = {
        "id": row["id"],
        "article": row["article_id"],
        "url": claim_public_url(base_url, row["article_id"], row["id"]),
        "status": row["status"],
        "claim_text": row["claim_text"],
        "claimant": row["claimant"],
        "rating": (
            {
                "slug": row["rating__slug"],
                "label": row["rating__label"],
                "value": row["rating__value"],
            }
            if rated
            else None
        ),
        "rating_colour": row["rating__colour"] if rated else "#8c959f",
        "summary": row["summary"],
        "start": start,
        "end": end,
        "sentence": body[start:end],
        "context_before": _before(body, start, CONTEXT_CHARS),
        "context_after": _after(body, end, CONTEXT_CHARS),
        "prefix": body[max(0, start - SELECTOR_CHARS) : start],
        "suffix": body[end : end + SELECTOR_CHARS],
        "rated_by": _person(row, "rated_by"),
        "rated_at": _iso(row["rated_at_iso"]),
        "approved_by": _person(row, "approved_by"),
        "published_at": _iso(row["published_at_iso"]),
        "created_at": _iso(row["created_at_iso"]),
        "updated_at": _iso(row["updated_at_iso"]),
        "sources": [
            {
                "id": s["id"],
                "url": s["url"],
                "title": s["title"],
                "publisher": s["publisher"],
                "quote": s["quote"],
                "stance": s["stance"],
                "accessed_at": _iso(s["accessed_at"]),
                "archived_url": s["archived_url"],
            }
            for s in row["_sources"]
        ],
        "corrections": [
            {
                "id": c["id"],
                "previous_rating": c["previous_rating__slug"],
                "previous_rating_label": c["previous_rating__label"] or "",
                "new_rating": c["new_rating__slug"],
                "new_rating_label": c["new_rating__label"],
                "note": c["note"],
                "created_by": _person(c, "created_by"),
                "created_at": _iso(c["created_at_iso"]),
                "approved_by": _person(c, "approved_by"),
                "published_at": _iso(c["published_at_iso"]),
            }
            for c in row["_corrections"]
        ],
    }
    if internal:
        record["assignee"] = _person(row, "assignee")
        record["notes"] = [
            {
                "id": n["id"],
                "author": _person(n, "author"),
                "body": n["body"],
                "internal": n["internal"],
                "created_at": _iso(n["created_at_iso"]),
            }
            for n in row["_notes"]
        ]
        record["votes"] = [
            {
                "reviewer": _person(v, "reviewer"),
                "rating": v["rating__label"],
                "reason": v["reason"],
            }
            for v in row.get("_votes", ())
        ]
    return record


# Markdown block markers at the start of a line: list bullets and numbers, headings, quotes.
_BLOCK_MARKER = re.compile(r"^[ \t]*(?:[-*+•]|\d{1,3}[.)]|#{1,6}|>)[ \t]+")


def _before(body: str, start: int, size: int) -> str:
    """Up to ``size`` characters before ``start``, cut at a word boundary, within the
    line (a paragraph, a list item) so the context reads naturally, without list bullets."""
    text = body[max(0, start - size) : start]
    line_break = text.rfind("\n")
    if line_break != -1:
        return _BLOCK_MARKER.sub("", text[line_break + 1 :])
    if start - size > 0 and " " in text:
        return "…" + text[text.index(" ") + 1 :]
    return _BLOCK_MARKER.sub("", text) if start - size <= 0 else text


def _after(body: str, end: int, size: int) -> str:
    text = body[end : end + size]
    line_break = text.find("\n")
    if line_break != -1:
        return text[:line_break]
    if end + size < len(body) and " " in text:
        text = text[: text.rindex(" ")] + "…"
    return text
