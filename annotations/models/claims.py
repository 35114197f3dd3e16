"""Claims, the verdict scale and corrections of published verdicts."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone
from simple_history.models import HistoricalRecords

from annotations import limits
from annotations.models.articles import Article, Segment, suggested_condition
from annotations.models.common import (
    VisibleQuerySet,
    text_limit,
    version_etag,
)


def relative_luminance(colour: str) -> float:
    """WCAG relative luminance of a #rrggbb colour."""
    channels = [int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def readable_text_colour(colour: str) -> str:
    """White, or the page's ink where white would not reach 4.5:1 on ``colour``."""
    return "#ffffff" if 1.05 / (relative_luminance(colour) + 0.05) >= 4.5 else "#1c2230"


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

    @property
    def text_colour(self) -> str:
        return readable_text_colour(self.colour)


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
    claim_text = models.TextField(**text_limit(limits.MAX_CLAIM_TEXT))
    claimant = models.CharField(max_length=limits.MAX_CLAIMANT, blank=True)
    rating = models.ForeignKey(
        Rating, null=True, blank=True, on_delete=models.PROTECT, related_name="claims"
    )
    summary = models.TextField(
        blank=True, help_text="The verdict's explanation.", **text_limit(limits.MAX_SUMMARY)
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
    # Panel review: the round the votes are about, and whether the last complete panel found
    # no majority (then it waits for a new proposal, a changed vote or an admin's decision).
    review_round = models.PositiveIntegerField(default=0)
    disputed = models.BooleanField(default=False)
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
            # The API's orderings, so that a page is read in order, never sorted whole.
            models.Index(fields=["article", "position", "id"], name="claim_article_position"),
            models.Index(fields=["updated_at", "id"], name="claim_updated"),
            models.Index(fields=["created_at", "id"], name="claim_created"),
            models.Index(fields=["position", "id"], name="claim_position"),
            # An assignee's claims in the default order (the "assigned to me" lists).
            models.Index(
                fields=["assignee", "article", "position", "id"], name="claim_assignee_order"
            ),
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
    new_summary = models.TextField(blank=True, **text_limit(limits.MAX_SUMMARY))
    note = models.TextField(**text_limit(limits.MAX_CORRECTION_NOTE))
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
