"""One URL import: what was asked, how far it got, the HTML it fetched and the article."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone

from annotations import limits
from annotations.models.common import http_url_validator


class ArticleImport(models.Model):
    class Status(models.TextChoices):
        QUEUED = "queued"
        FETCHING = "fetching"
        DONE = "done"
        FAILED = "failed"

    url = models.URLField(max_length=limits.MAX_URL, validators=[http_url_validator])
    # What the editor said about the article; empty: detected from the page.
    title = models.CharField(max_length=500, blank=True)
    byline = models.CharField(max_length=500, blank=True)
    publisher = models.CharField(max_length=200, blank=True)
    published_at = models.DateTimeField(null=True, blank=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.QUEUED)
    error = models.CharField(max_length=500, blank=True)
    # The page exactly as fetched (decoded as UTF-8): the snapshot the article came from.
    html = models.TextField(blank=True)
    fetched_url = models.URLField(max_length=limits.MAX_URL, blank=True)
    article = models.ForeignKey(
        "annotations.Article",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="imports",
    )
    created_article = models.BooleanField(default=False)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-id"]

    def __str__(self) -> str:
        return f"import of {self.url} ({self.status})"

    @property
    def finished(self) -> bool:
        return self.status in (self.Status.DONE, self.Status.FAILED)
