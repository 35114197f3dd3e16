"""The review page's reads: progress bars, the rating scale, sentences and their claims."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import Count, Q

from annotations.models import (
    Article,
    Claim,
    Rating,
    Segment,
    suggested_condition,
)


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
