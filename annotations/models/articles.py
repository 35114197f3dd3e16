"""Articles as published and their segments, with the *suggested* rule."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils import timezone

from annotations import limits
from annotations.checkworthiness import describe_reasons
from annotations.models.common import (
    VisibleQuerySet,
    content_hash,
    http_url_validator,
)


class Article(models.Model):
    title = models.CharField(max_length=500)
    byline = models.CharField(max_length=500, blank=True)
    publisher = models.CharField(max_length=200, blank=True)
    url = models.URLField(max_length=limits.MAX_URL, blank=True, validators=[http_url_validator])
    published_at = models.DateTimeField(null=True, blank=True)
    language = models.CharField(max_length=16, default="en")
    body = models.TextField(help_text="The article exactly as published; never altered.")
    content_hash = models.CharField(max_length=64, unique=True, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now, db_index=True)

    objects = VisibleQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]
        permissions = [("delete_any_article", "Can delete articles with their claims")]
        indexes = [models.Index(fields=["-created_at", "-id"], name="article_newest")]
        constraints = [
            models.CheckConstraint(condition=~Q(body=""), name="article_body_not_empty"),
            models.CheckConstraint(
                condition=Q(url="") | Q(url__startswith="http://") | Q(url__startswith="https://"),
                name="article_url_http",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def save(self, *args, **kwargs) -> None:
        self.content_hash = content_hash(self.body)
        super().save(*args, **kwargs)


SEGMENT_KINDS = ["title", "standfirst", "byline", "caption", "heading", "sentence", "list_item"]
# The kinds of segment that check-worthiness scoring may suggest as claims.
SUGGESTIBLE_KINDS = ("sentence", "list_item")


def suggested_condition(prefix: str = "") -> Q:
    """The *suggested* rule as a filter: on segments, or through a relation (``"segment__"``)."""
    return Q(
        **{
            f"{prefix}kind__in": SUGGESTIBLE_KINDS,
            f"{prefix}checkworthiness__gte": settings.FACTCHECK_SUGGEST_THRESHOLD,
        }
    )


def suggested_sql(alias: str) -> tuple[str, list[Any]]:
    """The same rule for hand-written SQL over the segment table as ``alias``: (SQL, params)."""
    kinds = ", ".join(["%s"] * len(SUGGESTIBLE_KINDS))
    sql = f"({alias}.kind IN ({kinds}) AND {alias}.checkworthiness >= %s)"
    return sql, [*SUGGESTIBLE_KINDS, settings.FACTCHECK_SUGGEST_THRESHOLD]


def is_suggested(kind: str, checkworthiness: float) -> bool:
    """The same rule for a segment already in memory (a row, a dry run)."""
    return kind in SUGGESTIBLE_KINDS and checkworthiness >= settings.FACTCHECK_SUGGEST_THRESHOLD


class SegmentQuerySet(VisibleQuerySet):
    def suggested(self) -> models.QuerySet:
        return self.filter(suggested_condition())


class Segment(models.Model):
    class Kind(models.TextChoices):
        TITLE = "title"
        STANDFIRST = "standfirst"
        BYLINE = "byline"
        CAPTION = "caption"
        HEADING = "heading"
        SENTENCE = "sentence"
        LIST_ITEM = "list_item", "List item"

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="segments")
    position = models.PositiveIntegerField()
    kind = models.CharField(max_length=16, choices=Kind.choices)
    paragraph = models.PositiveIntegerField()
    start = models.PositiveIntegerField()
    end = models.PositiveIntegerField()
    text = models.TextField()
    checkworthiness = models.FloatField(default=0.0)
    reasons = models.JSONField(default=list, blank=True)

    objects = SegmentQuerySet.as_manager()

    class Meta:
        ordering = ["article", "position"]
        constraints = [
            models.UniqueConstraint(fields=["article", "position"], name="segment_unique_position"),
            models.CheckConstraint(condition=Q(start__gte=0), name="segment_start_non_negative"),
            models.CheckConstraint(condition=Q(end__gt=F("start")), name="segment_end_after_start"),
            models.CheckConstraint(
                condition=Q(checkworthiness__gte=0) & Q(checkworthiness__lte=1),
                name="segment_checkworthiness_range",
            ),
            models.CheckConstraint(
                condition=Q(kind__in=SEGMENT_KINDS),
                name="segment_kind_valid",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.article_id}#{self.position} {self.kind}: {self.text[:60]}"

    @property
    def suggested(self) -> bool:
        return is_suggested(self.kind, self.checkworthiness)

    @property
    def reason_summary(self) -> str:
        """The reasons in one readable line, whether stored as spans or as old strings."""
        return describe_reasons(self.reasons)
