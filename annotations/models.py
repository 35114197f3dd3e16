"""The newsroom's entities: articles, their segments, claims and the evidence behind verdicts.

Business rules that change state live in ``annotations.services``; models hold fields,
database constraints and small properties derived from their own fields.
"""

from __future__ import annotations

import hashlib
import re
from typing import Any

from django.conf import settings
from django.core.validators import MaxLengthValidator, URLValidator
from django.db import models
from django.db.models import Exists, F, OuterRef, Q
from django.utils import timezone
from simple_history.models import HistoricalRecords

from annotations import limits, roles

http_url_validator = URLValidator(schemes=["http", "https"])


def _text_limit(limit: int) -> dict[str, Any]:
    """A TextField's limit: shown by forms, enforced by ``full_clean`` (the database has none)."""
    return {"max_length": limit, "validators": [MaxLengthValidator(limit)]}


def version_etag(kind: str, pk: int, version: int) -> str:
    """The ETag of a versioned object (claim, source, note): changes whenever it is saved."""
    return f'"{kind}-{pk}-v{version}"'


_VERSION_ETAG = re.compile(r'^\s*(?:W/)?"([a-z]+)-(\d{1,19})-v(\d{1,19})"\s*$')


def parse_version_etag(header: str, kind: str, pk: int) -> int | None:
    """The version an If-Match header names for this object, or None if it names another."""
    match = _VERSION_ETAG.match(header or "")
    if match is None or match.group(1) != kind or int(match.group(2)) != pk:
        return None
    return int(match.group(3))


class VisibleQuerySet(models.QuerySet):
    """Rows a user may see: everything for the viewer role and up, nothing otherwise."""

    def visible_to(self, user: Any) -> models.QuerySet:
        return self if roles.can_view(user) else self.none()


def content_hash(body: str) -> str:
    """The identity of an article's text: ingesting the same text twice finds this hash."""
    return hashlib.sha256(body.encode("utf-8")).hexdigest()


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
SUGGESTIBLE_KINDS = ("sentence",)


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


class Rating(models.Model):
    """One step of the newsroom's verdict scale; ``value`` is null for off-scale verdicts."""

    slug = models.SlugField(max_length=50, unique=True)
    label = models.CharField(max_length=100)
    value = models.PositiveSmallIntegerField(null=True, blank=True)
    colour = models.CharField(max_length=7, help_text="CSS hex colour, e.g. #1a7f37")
    description = models.TextField(blank=True)
    order = models.PositiveSmallIntegerField(default=0)

    BEST_VALUE = 5
    WORST_VALUE = 1

    class Meta:
        ordering = ["order", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(value__isnull=True) | (Q(value__gte=1) & Q(value__lte=5)),
                name="rating_value_on_scale",
            ),
            models.CheckConstraint(
                condition=Q(colour__regex=r"^#[0-9A-Fa-f]{6}$"), name="rating_colour_hex"
            ),
        ]

    def __str__(self) -> str:
        return self.label


def live_condition(prefix: str = "") -> Q:
    """A *live* claim is still in play: not dismissed. Through a relation: ``"claims__"``."""
    return ~Q(**{f"{prefix}status": "dismissed"})


class ClaimQuerySet(VisibleQuerySet):
    def live(self) -> models.QuerySet:
        return self.filter(live_condition())

    def suggested(self) -> models.QuerySet:
        """Claims made of a segment that scoring suggested."""
        return self.filter(Claim.suggested_condition())

    def not_suggested(self) -> models.QuerySet:
        return self.filter(~Claim.suggested_condition())


class Claim(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft"
        IN_REVIEW = "in_review", "In review"
        PUBLISHED = "published"
        DISMISSED = "dismissed"

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="claims")
    segments = models.ManyToManyField(Segment, related_name="claims")
    # Position of the first segment, kept so claims sort in reading order without a join.
    position = models.PositiveIntegerField(default=0)
    claim_text = models.TextField(**_text_limit(limits.MAX_CLAIM_TEXT))
    claimant = models.CharField(max_length=limits.MAX_CLAIMANT, blank=True)
    rating = models.ForeignKey(
        Rating, null=True, blank=True, on_delete=models.PROTECT, related_name="claims"
    )
    summary = models.TextField(
        blank=True, help_text="The verdict's explanation.", **_text_limit(limits.MAX_SUMMARY)
    )
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.DRAFT)
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="assigned_claims",
    )
    rated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    rated_at = models.DateTimeField(null=True, blank=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    published_at = models.DateTimeField(null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    version = models.PositiveIntegerField(default=1)
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now, db_index=True)

    history = HistoricalRecords(excluded_fields=["updated_at"])

    objects = ClaimQuerySet.as_manager()

    class Meta:
        ordering = ["article", "position", "id"]
        permissions = [("publish_claim", "Can approve and publish a verdict")]
        indexes = [
            models.Index(fields=["status", "updated_at"]),
            models.Index(fields=["assignee", "status"]),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=["draft", "in_review", "published", "dismissed"]),
                name="claim_status_valid",
            ),
            models.CheckConstraint(condition=Q(version__gte=1), name="claim_version_positive"),
            models.CheckConstraint(
                condition=~Q(status="in_review") | (Q(rating__isnull=False) & ~Q(summary="")),
                name="claim_in_review_has_verdict",
            ),
            models.CheckConstraint(
                condition=~Q(status="published")
                | (
                    Q(rating__isnull=False)
                    & Q(approved_by__isnull=False)
                    & Q(published_at__isnull=False)
                ),
                name="claim_published_is_approved",
            ),
        ]

    def __str__(self) -> str:
        return self.claim_text[:80]

    @property
    def etag(self) -> str:
        """Validator for optimistic locking: changes whenever the claim is saved."""
        return version_etag("claim", self.pk, self.version)

    @property
    def is_live(self) -> bool:
        return self.status != self.Status.DISMISSED

    @staticmethod
    def suggested_condition() -> Exists:
        """True for a claim made of a segment that scoring suggested."""
        return Exists(
            Segment.claims.through.objects.filter(
                suggested_condition("segment__"), claim_id=OuterRef("pk")
            )
        )


class Correction(models.Model):
    """A change of a published verdict: proposed by one reviewer, published by another.

    Until it is published the claim keeps its published verdict; public reports show the
    published corrections.
    """

    class Status(models.TextChoices):
        PROPOSED = "proposed"
        PUBLISHED = "published"
        WITHDRAWN = "withdrawn"

    claim = models.ForeignKey(Claim, on_delete=models.CASCADE, related_name="corrections")
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.PROPOSED)
    previous_rating = models.ForeignKey(
        Rating, null=True, on_delete=models.PROTECT, related_name="+"
    )
    new_rating = models.ForeignKey(Rating, on_delete=models.PROTECT, related_name="+")
    previous_summary = models.TextField(blank=True)
    # Empty when the correction keeps the summary.
    new_summary = models.TextField(blank=True, **_text_limit(limits.MAX_SUMMARY))
    note = models.TextField(**_text_limit(limits.MAX_CORRECTION_NOTE))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    published_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["claim", "created_at", "id"]
        constraints = [
            models.CheckConstraint(condition=~Q(note=""), name="correction_note_required"),
            models.CheckConstraint(
                condition=Q(status__in=["proposed", "published", "withdrawn"]),
                name="correction_status_valid",
            ),
            models.CheckConstraint(
                condition=~Q(status="published") | Q(published_at__isnull=False),
                name="correction_published_has_date",
            ),
            models.UniqueConstraint(
                fields=["claim"],
                condition=Q(status="proposed"),
                name="correction_one_proposed_per_claim",
            ),
        ]

    def __str__(self) -> str:
        return f"Correction of claim {self.claim_id}: {self.previous_rating} → {self.new_rating}"


class AliveManager(models.Manager):
    """Hides soft-deleted rows; ``all_objects`` still sees them."""

    def get_queryset(self) -> models.QuerySet:
        return super().get_queryset().filter(deleted_at__isnull=True)


class Source(models.Model):
    class Stance(models.TextChoices):
        SUPPORTS = "supports"
        REFUTES = "refutes"
        CONTEXT = "context"

    claim = models.ForeignKey(Claim, on_delete=models.CASCADE, related_name="sources")
    url = models.URLField(max_length=limits.MAX_URL, validators=[http_url_validator])
    title = models.CharField(max_length=500, blank=True)
    publisher = models.CharField(max_length=200, blank=True)
    quote = models.TextField(
        blank=True, help_text="The passage relied on.", **_text_limit(limits.MAX_SOURCE_QUOTE)
    )
    stance = models.CharField(max_length=16, choices=Stance.choices, default=Stance.CONTEXT)
    accessed_at = models.DateField(null=True, blank=True)
    archived_url = models.URLField(
        max_length=limits.MAX_URL, blank=True, validators=[http_url_validator]
    )
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    deleted_at = models.DateTimeField(null=True, blank=True)
    version = models.PositiveIntegerField(default=1)

    history = HistoricalRecords()

    all_objects = models.Manager()
    objects = AliveManager()

    class Meta:
        ordering = ["claim", "created_at", "id"]
        default_manager_name = "objects"
        base_manager_name = "all_objects"
        constraints = [
            models.CheckConstraint(
                condition=Q(stance__in=["supports", "refutes", "context"]),
                name="source_stance_valid",
            ),
            models.CheckConstraint(
                condition=Q(url__startswith="http://") | Q(url__startswith="https://"),
                name="source_url_http",
            ),
            models.CheckConstraint(
                condition=Q(archived_url="")
                | Q(archived_url__startswith="http://")
                | Q(archived_url__startswith="https://"),
                name="source_archived_url_http",
            ),
        ]

    def __str__(self) -> str:
        return self.title or self.url

    @property
    def etag(self) -> str:
        return version_etag("source", self.pk, self.version)


class Note(models.Model):
    claim = models.ForeignKey(Claim, on_delete=models.CASCADE, related_name="notes")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    body = models.TextField(
        help_text="Markdown; rendered sanitised.", **_text_limit(limits.MAX_NOTE_BODY)
    )
    # Notes are internal unless an editor says otherwise: discussion never leaks by default.
    internal = models.BooleanField(default=True)
    created_at = models.DateTimeField(default=timezone.now)
    deleted_at = models.DateTimeField(null=True, blank=True)
    version = models.PositiveIntegerField(default=1)

    history = HistoricalRecords()

    all_objects = models.Manager()
    objects = AliveManager()

    class Meta:
        ordering = ["claim", "created_at", "id"]
        default_manager_name = "objects"
        base_manager_name = "all_objects"
        constraints = [models.CheckConstraint(condition=~Q(body=""), name="note_body_not_empty")]

    def __str__(self) -> str:
        return self.body[:60]

    @property
    def etag(self) -> str:
        return version_etag("note", self.pk, self.version)

    @property
    def body_html(self) -> str:
        from annotations.markdown import render_markdown

        return render_markdown(self.body)
