"""A report file made by a job: a PDF too large to render inside a request.

The file is kept in the database, not under MEDIA_ROOT: the worker that renders it may run
on another machine than the web server that hands it out (docs/jobs.md), and the database
is the one thing they share. Files are deleted FACTCHECK_REPORT_FILE_HOURS after they are
made (``prune_report_files``).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone


class ReportFile(models.Model):
    class Status(models.TextChoices):
        QUEUED = "queued"
        RENDERING = "rendering"
        DONE = "done"
        FAILED = "failed"

    format = models.CharField(max_length=16, default="pdf")
    # The report's filters (ReportFilters.as_dict()) and where its permalinks point.
    filters = models.JSONField()
    base_url = models.CharField(max_length=500)
    # A one-article report (its title names the article); None: across articles.
    article = models.ForeignKey(
        "annotations.Article", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    # Same user, same report, not yet expired: asked again, the same file (no second job).
    key = models.CharField(max_length=64, db_index=True)
    claims = models.PositiveIntegerField(default=0, help_text="Claims in the report when asked.")
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.QUEUED)
    error = models.CharField(max_length=500, blank=True)
    filename = models.CharField(max_length=200)
    content = models.BinaryField(null=True, blank=True, editable=False)
    size = models.PositiveBigIntegerField(default=0)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now, db_index=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-id"]

    def __str__(self) -> str:
        return f"{self.filename} ({self.status})"

    @property
    def finished(self) -> bool:
        return self.status in (self.Status.DONE, self.Status.FAILED)

    @property
    def internal(self) -> bool:
        return bool(self.filters.get("internal"))
