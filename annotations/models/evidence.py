"""Sources and notes on a claim; both soft-deleted and versioned."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from simple_history.models import HistoricalRecords

from annotations import limits
from annotations.models.claims import Claim
from annotations.models.common import (
    http_url_validator,
    text_limit,
    version_etag,
)


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
        blank=True, help_text="The passage relied on.", **text_limit(limits.MAX_SOURCE_QUOTE)
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
        # A claim's live sources: the counts on every list of claims read this index only.
        indexes = [models.Index(fields=["claim"], condition=Q(deleted_at=None), name="source_live")]
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
        help_text="Markdown; rendered sanitised.", **text_limit(limits.MAX_NOTE_BODY)
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
        # A claim's live notes, as for sources.
        indexes = [models.Index(fields=["claim"], condition=Q(deleted_at=None), name="note_live")]
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
