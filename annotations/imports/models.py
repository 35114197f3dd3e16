"""One article import run as a job: a URL to fetch, or a large pasted or uploaded text; what
was asked, how far it got (with progress while segmenting, scoring and writing), and the
article."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone

from annotations import limits
from annotations.models.common import http_url_validator


class ArticleImport(models.Model):
    class Source(models.TextChoices):
        URL = "url"  # fetched from ``url``
        TEXT = "text"  # pasted (or sent as ``body``)
        FILE = "file"  # uploaded

    class Status(models.TextChoices):
        QUEUED = "queued"
        FETCHING = "fetching"
        INGESTING = "ingesting"
        DONE = "done"
        FAILED = "failed"

    class Stage(models.TextChoices):
        SEGMENTING = "segmenting"
        SCORING = "scoring"
        WRITING = "writing"

    source = models.CharField(max_length=4, choices=Source.choices, default=Source.URL)
    # The page to fetch (source url), or where a pasted or uploaded article was published.
    url = models.URLField(max_length=limits.MAX_URL, validators=[http_url_validator], blank=True)
    # What the editor said about the article; empty: detected from the page or text.
    title = models.CharField(max_length=500, blank=True)
    byline = models.CharField(max_length=500, blank=True)
    publisher = models.CharField(max_length=200, blank=True)
    published_at = models.DateTimeField(null=True, blank=True)
    language = models.CharField(max_length=16, default="en")
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.QUEUED)
    error = models.CharField(max_length=500, blank=True)
    # The page exactly as fetched (decoded as UTF-8): the snapshot the article came from.
    html = models.TextField(blank=True)
    fetched_url = models.URLField(max_length=limits.MAX_URL, blank=True)
    # A pasted or uploaded article's text, as it will be stored; emptied once it is imported.
    body = models.TextField(blank=True)
    filename = models.CharField(max_length=255, blank=True)
    size = models.PositiveIntegerField(default=0, help_text="Bytes of text (UTF-8).")
    # How far the ingest got: stage, distinct sentences scored of all, percent of the work.
    stage = models.CharField(max_length=10, choices=Stage.choices, blank=True)
    sentences = models.PositiveIntegerField(default=0)
    scored = models.PositiveIntegerField(default=0)
    progress = models.PositiveSmallIntegerField(default=0)
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
        what = self.url if self.source == self.Source.URL else (self.filename or "pasted text")
        return f"import of {what} ({self.status})"

    @property
    def finished(self) -> bool:
        return self.status in (self.Status.DONE, self.Status.FAILED)
