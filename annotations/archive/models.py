"""The archive: imported ClaimReviews, the search index, and editors' verdicts on matches.

``SearchEntry`` is one row per searchable thing (a claim, an imported review, a source, a
stretch of an article's text). The services that write claims, sources, articles and
reviews keep it current through ``annotations.archive.index``; on PostgreSQL the row's
``tsvector`` columns are generated from its text by the database (migration 0006), so the
only writer of the index is that module.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from simple_history.models import HistoricalRecords

from annotations import limits
from annotations.models.articles import Article
from annotations.models.claims import Claim
from annotations.models.common import VisibleQuerySet, http_url_validator, text_limit
from annotations.models.evidence import Source


class ClaimReview(models.Model):
    """A fact-check published elsewhere (or by us earlier), imported as schema.org JSON-LD."""

    url = models.URLField(max_length=limits.MAX_URL, unique=True, validators=[http_url_validator])
    claim_reviewed = models.TextField(**text_limit(limits.MAX_CLAIM_TEXT))
    publisher_name = models.CharField(max_length=limits.MAX_PUBLISHER, blank=True)
    publisher_url = models.URLField(
        max_length=limits.MAX_URL, blank=True, validators=[http_url_validator]
    )
    claimant = models.CharField(max_length=limits.MAX_CLAIMANT, blank=True)
    claimant_type = models.CharField(max_length=32, blank=True, help_text="Person, Organization")
    claim_date = models.DateField(null=True, blank=True)
    appearances = models.JSONField(default=list, blank=True, help_text='[{"url", "headline"}]')
    rating_text = models.CharField(max_length=limits.MAX_RATING_TEXT, blank=True)
    rating_value = models.FloatField(null=True, blank=True)
    rating_best = models.FloatField(null=True, blank=True)
    rating_worst = models.FloatField(null=True, blank=True)
    date_published = models.DateField(null=True, blank=True, db_index=True)
    language = models.CharField(max_length=16, blank=True)
    raw = models.JSONField(help_text="The ClaimReview object as imported.")
    imported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    imported_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)

    objects = VisibleQuerySet.as_manager()

    class Meta:
        ordering = ["-date_published", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(url__startswith="http://") | Q(url__startswith="https://"),
                name="claimreview_url_http",
            ),
            models.CheckConstraint(condition=~Q(claim_reviewed=""), name="claimreview_has_claim"),
        ]

    def __str__(self) -> str:
        return self.claim_reviewed[:80]


class SearchEntryQuerySet(VisibleQuerySet):
    def matchable(self) -> models.QuerySet:
        """Entries the matcher compares against: imported reviews and live claims."""
        return self.filter(kind__in=(SearchEntry.Kind.CLAIM, SearchEntry.Kind.CLAIMREVIEW)).exclude(
            status=Claim.Status.DISMISSED
        )


class SearchEntry(models.Model):
    """One searchable thing, denormalised for filtering and ranking in one query."""

    class Kind(models.TextChoices):
        CLAIM = "claim"
        CLAIMREVIEW = "claimreview", "Imported review"
        SOURCE = "source"
        ARTICLE = "article"

    kind = models.CharField(max_length=16, choices=Kind.choices)
    object_id = models.BigIntegerField(help_text="Id of the claim, review, source or article.")
    # Article text is indexed in stretches of whole segments (see index.ARTICLE_CHUNK_CHARS).
    chunk = models.PositiveIntegerField(default=0)
    article = models.ForeignKey(
        Article, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    claim = models.ForeignKey(
        Claim, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    source = models.ForeignKey(
        Source, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    claimreview = models.ForeignKey(
        ClaimReview, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    title = models.TextField()
    body = models.TextField(blank=True)
    # Lower-cased title + body for the SQLite fallback's substring search.
    folded = models.TextField(blank=True)
    rating = models.CharField(max_length=limits.MAX_RATING_TEXT, blank=True)
    status = models.CharField(max_length=16, blank=True)
    publisher = models.CharField(max_length=limits.MAX_PUBLISHER, blank=True)
    date = models.DateField(null=True, blank=True)
    url = models.URLField(max_length=limits.MAX_URL, blank=True)
    # Claims and reviews: the wording compared by the matcher, and its normalised terms
    # (numbers with units, stems, names), which PostgreSQL indexes for candidate retrieval.
    match_text = models.TextField(blank=True)
    match_terms = models.TextField(blank=True)

    objects = SearchEntryQuerySet.as_manager()

    class Meta:
        ordering = ["kind", "object_id", "chunk"]
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "object_id", "chunk"], name="searchentry_unique_object"
            ),
            models.CheckConstraint(
                condition=Q(kind__in=["claim", "claimreview", "source", "article"]),
                name="searchentry_kind_valid",
            ),
        ]
        indexes = [
            models.Index(fields=["kind", "status"], name="searchentry_kind_status"),
            models.Index(fields=["date"], name="searchentry_date"),
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.object_id}: {self.title[:60]}"


class MatchFeedback(models.Model):
    """An editor's verdict on a match: this claim repeats that earlier check, or it does not.

    One decision per (claim, earlier check); deciding again replaces it. Kept to show the
    link on the claim and to measure the matcher (``selectors.feedback_summary``).
    """

    class Action(models.TextChoices):
        LINK = "link"
        DISMISS = "dismiss"

    claim = models.ForeignKey(Claim, on_delete=models.CASCADE, related_name="match_feedback")
    target_claim = models.ForeignKey(
        Claim, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    target_review = models.ForeignKey(
        ClaimReview, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    action = models.CharField(max_length=16, choices=Action.choices)
    # What the matcher said when the editor decided (null if it had not suggested it).
    score = models.FloatField(null=True, blank=True)
    level = models.CharField(max_length=16, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_at = models.DateTimeField(default=timezone.now)

    history = HistoricalRecords()

    class Meta:
        ordering = ["claim", "-decided_at", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(action__in=["link", "dismiss"]), name="matchfeedback_action_valid"
            ),
            models.CheckConstraint(
                condition=(Q(target_claim__isnull=False) & Q(target_review__isnull=True))
                | (Q(target_claim__isnull=True) & Q(target_review__isnull=False)),
                name="matchfeedback_one_target",
            ),
            models.UniqueConstraint(
                fields=["claim", "target_claim"],
                condition=Q(target_claim__isnull=False),
                name="matchfeedback_unique_claim_target",
            ),
            models.UniqueConstraint(
                fields=["claim", "target_review"],
                condition=Q(target_review__isnull=False),
                name="matchfeedback_unique_review_target",
            ),
        ]

    def __str__(self) -> str:
        target = self.target_claim_id or self.target_review_id
        return f"claim {self.claim_id} {self.action} {self.target_type} {target}"

    @property
    def target_type(self) -> str:
        return "claim" if self.target_claim_id else "claimreview"

    @property
    def target_id(self) -> int:
        return self.target_claim_id or self.target_review_id


class ClaimReviewImport(models.Model):
    """A large ClaimReview document (POST /api/v1/claimreviews/ with more than
    FACTCHECK_CLAIMREVIEW_JOB_ITEMS items) imported by a job, and how far it got."""

    class Status(models.TextChoices):
        QUEUED = "queued"
        IMPORTING = "importing"
        DONE = "done"
        FAILED = "failed"

    # The body as sent; emptied once imported.
    document = models.BinaryField(editable=False)
    items = models.PositiveIntegerField(default=0)
    processed = models.PositiveIntegerField(default=0)
    created = models.PositiveIntegerField(default=0)
    updated = models.PositiveIntegerField(default=0)
    skipped = models.JSONField(default=list, blank=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.QUEUED)
    error = models.CharField(max_length=500, blank=True)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-id"]

    def __str__(self) -> str:
        return f"import of {self.items} reviews ({self.status})"

    @property
    def finished(self) -> bool:
        return self.status in (self.Status.DONE, self.Status.FAILED)
