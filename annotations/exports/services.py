"""Large PDF reports as jobs: ask for one (``report_file_request``), the job that renders it
(``report_file_run``), who may download it (``report_files_for``) and the clean-up.

A PDF of more than FACTCHECK_PDF_JOB_CLAIMS claims is not rendered inside the request (the
browser or the tool would wait for WeasyPrint, and hold a web worker meanwhile): the page
shows a progress page and the API answers 202 with a poll URL, as URL import does. The same
user asking again for the same report gets the same file while it is kept.
"""

from __future__ import annotations

import hashlib
import json
import logging
from datetime import timedelta

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils import timezone

from annotations import roles
from annotations.exports import pdf
from annotations.exports.data import Report
from annotations.exports.filters import ReportFilters, check_access
from annotations.exports.formats import filename
from annotations.exports.models import ReportFile

logger = logging.getLogger(__name__)

STALE_AFTER = timedelta(minutes=15)


def needs_job(report: Report, name: str) -> bool:
    """Whether this export is made by a job rather than in the request."""
    return name == "pdf" and report.count() > settings.FACTCHECK_PDF_JOB_CLAIMS


def report_files_for(user: AbstractBaseUser) -> QuerySet[ReportFile]:
    """The report files a user may follow and download: their own (admins: all)."""
    if roles.can_administer(user):
        return ReportFile.objects.all()
    if not roles.can_view(user):
        return ReportFile.objects.none()
    return ReportFile.objects.filter(requested_by=user)


def check_download(user: AbstractBaseUser, file: ReportFile) -> None:
    """Downloading is reading the report again: the same rule as asking for it (a role taken
    away since then takes the file away too)."""
    check_access(user, ReportFilters.from_dict(file.filters))


def _key(user: AbstractBaseUser, report: Report, name: str) -> str:
    what = {"user": user.pk, "format": name, "filters": report.filters.as_dict(),
            "base_url": report.base_url}  # fmt: skip
    return hashlib.sha256(json.dumps(what, sort_keys=True).encode()).hexdigest()


@transaction.atomic
def report_file_request(*, report: Report, name: str, user: AbstractBaseUser) -> ReportFile:
    """Queue the rendering of ``report`` (access already checked); the job runs once this
    commits. The same report asked again by the same user is the file already there, unless
    it failed or has waited more than STALE_AFTER without being finished."""
    check_access(user, report.filters)
    report_files_prune()
    key = _key(user, report, name)
    # A file still queued or rendering after STALE_AFTER lost its worker: make a new one.
    fresh = Q(status=ReportFile.Status.DONE) | Q(created_at__gte=timezone.now() - STALE_AFTER)
    kept = (
        ReportFile.objects.filter(fresh, requested_by=user, key=key)
        .exclude(status=ReportFile.Status.FAILED)
        .defer("content")
        .first()
    )
    if kept is not None:
        return kept
    file = ReportFile.objects.create(
        format=name, filters=report.filters.as_dict(), base_url=report.base_url, key=key,
        article=report.article,
        claims=report.count(), filename=filename(report, name), requested_by=user,
    )  # fmt: skip
    transaction.on_commit(lambda: _queue(file.pk), robust=True)
    return file


def _queue(file_id: int) -> None:
    from annotations.exports.tasks import render_report_file

    render_report_file.enqueue(file_id)


def report_file_run(file_id: int) -> str:
    """Render one queued report file (the job); returns its final status."""
    taken = ReportFile.objects.filter(pk=file_id, status=ReportFile.Status.QUEUED).update(
        status=ReportFile.Status.RENDERING, started_at=timezone.now()
    )
    if not taken:
        return "skipped"  # another worker has it, or it is finished
    file = (
        ReportFile.objects.defer("content")
        .select_related("requested_by", "article")
        .get(pk=file_id)
    )
    try:
        filters = ReportFilters.from_dict(file.filters)
        check_access(file.requested_by, filters)
        report = Report(filters=filters, article=file.article, base_url=file.base_url)
        content = pdf.render_pdf(report)
    except PermissionDenied as denied:
        return _finish(file, status=ReportFile.Status.FAILED, error=str(denied))
    except Exception:
        logger.exception("Report file %s failed", file_id)
        return _finish(file, status=ReportFile.Status.FAILED, error="The report failed.")
    return _finish(file, status=ReportFile.Status.DONE, content=content)


def _finish(file: ReportFile, *, status: str, error: str = "", content: bytes | None = None):
    ReportFile.objects.filter(pk=file.pk).update(
        status=status, error=error[:500], content=content, size=len(content or b""),
        finished_at=timezone.now(),
    )  # fmt: skip
    return status


def report_files_prune() -> int:
    """Delete report files older than FACTCHECK_REPORT_FILE_HOURS; returns how many."""
    before = timezone.now() - timedelta(hours=settings.FACTCHECK_REPORT_FILE_HOURS)
    deleted, _ = ReportFile.objects.filter(created_at__lt=before).delete()
    return deleted
