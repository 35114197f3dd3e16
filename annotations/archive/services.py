"""The archive's writes: importing ClaimReviews and recording editors' verdicts on matches.

Like every service: keyword-only, atomic, role checked first. The command, the API and
(later) the UI call these.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from annotations import roles
from annotations.archive import index, jsonld
from annotations.archive.models import ClaimReview, ClaimReviewImport, MatchFeedback
from annotations.models import Claim
from annotations.services.common import require
from annotations.webhooks.events import event_record

logger = logging.getLogger(__name__)

# Items stored per transaction by the import job: its progress moves this much at a time.
JOB_CHUNK = 500


@dataclass
class ImportResult:
    created: int = 0
    updated: int = 0
    skipped: list[dict[str, Any]] = field(default_factory=list)
    reviews: list[ClaimReview] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        return {"created": self.created, "updated": self.updated, "skipped": self.skipped}


def _items(document: bytes | str | Any) -> list[jsonld.Candidate]:
    """The document's items; a document that is not ClaimReview JSON-LD is a ValidationError."""
    try:
        if isinstance(document, bytes | str):
            return jsonld.parse(document)
        return jsonld.items_of(document)
    except jsonld.NotJsonLd as error:
        raise ValidationError({"document": str(error)}) from None


@transaction.atomic
def claimreview_import(
    *, document: bytes | str | Any, user: AbstractBaseUser | None = None
) -> ImportResult:
    """Store the ClaimReviews of a JSON-LD document; idempotent by each review's ``url``.

    ``document`` is the raw bytes (or text) of the file or request, or already parsed JSON.
    A malformed document raises ValidationError and writes nothing; an item that cannot be
    stored is skipped and reported with its index and the reason. ``user`` None is the
    command line.
    """
    if user is not None:
        require(roles.can_edit(user), "Only editors can import fact-checks.")
    result = ImportResult()
    _store(_items(document), user=user, result=result, seen={})
    _finish_result(result)
    return result


def _store(
    items: list[jsonld.Candidate],
    *,
    user: AbstractBaseUser | None,
    result: ImportResult,
    seen: dict[str, int],
) -> None:
    """Store these items into ``result``; ``seen`` maps urls already in this document to the
    item that had them (kept across the chunks of a large import)."""
    parsed: list[tuple[int, dict[str, Any]]] = []
    for candidate in items:
        try:
            fields = jsonld.review_fields(candidate.value)
        except jsonld.BadItem as error:
            result.skipped.append({"index": candidate.index, "reason": str(error)})
            continue
        if fields["url"] in seen:
            reason = f"Same url as item {seen[fields['url']]} of this document."
            result.skipped.append({"index": candidate.index, "reason": reason})
            continue
        seen[fields["url"]] = candidate.index
        parsed.append((candidate.index, fields))

    urls = [fields["url"] for _, fields in parsed]
    existing = {r.url: r for r in ClaimReview.objects.filter(url__in=urls)}
    now = timezone.now()
    for position, fields in parsed:
        review = existing.get(fields["url"])
        created = review is None
        if created:
            review = ClaimReview(imported_by=user if user is not None else None, imported_at=now)
        for name, value in fields.items():
            setattr(review, name, value)
        review.updated_at = now
        try:
            review.full_clean(exclude=["imported_by"], validate_unique=False)
        except ValidationError as error:
            reason = "; ".join(f"{k}: {' '.join(v)}" for k, v in error.message_dict.items())
            result.skipped.append({"index": position, "reason": reason})
            continue
        try:
            with transaction.atomic():
                review.save()
        except IntegrityError:
            # Another import stored this url between our lookup and insert: update that one.
            review.pk = ClaimReview.objects.get(url=fields["url"]).pk
            review.save(force_update=True)
            created = False
        index.review_saved(review)
        result.reviews.append(review)
        if created:
            result.created += 1
        else:
            result.updated += 1


def _finish_result(result: ImportResult) -> None:
    """Skipped items in document order, and the one event of the import (the outbox)."""
    result.skipped.sort(key=lambda skipped: skipped["index"])
    if result.reviews:
        event_record(type="claimreview.imported", data=lambda: _imported_data(result))


def needs_job(document: Any) -> bool:
    """Whether a parsed document has more items than are imported inside a request (a
    document that is not ClaimReview JSON-LD is a ValidationError here, before anything)."""
    return len(_items(document)) > settings.FACTCHECK_CLAIMREVIEW_JOB_ITEMS


@transaction.atomic
def claimreview_import_request(*, document: bytes, user: AbstractBaseUser) -> ClaimReviewImport:
    """Queue the import of a large document (its raw bytes); the job runs once this commits.
    The document is checked first: one that is not ClaimReview JSON-LD is refused whole."""
    require(roles.can_edit(user), "Only editors can import fact-checks.")
    items = _items(document)
    job = ClaimReviewImport.objects.create(document=document, items=len(items), requested_by=user)
    transaction.on_commit(lambda: _queue(job.pk), robust=True)
    return job


def _queue(job_id: int) -> None:
    from annotations.archive.tasks import import_claimreviews

    import_claimreviews.enqueue(job_id)


def claimreview_import_run(job_id: int) -> str:
    """Import one queued document (the job), JOB_CHUNK items per transaction so that its
    progress can be followed; returns the final status. Run again after a crash, it imports
    everything again (idempotent by url)."""
    taken = ClaimReviewImport.objects.filter(
        pk=job_id, status=ClaimReviewImport.Status.QUEUED
    ).update(status=ClaimReviewImport.Status.IMPORTING)
    if not taken:
        return "skipped"  # another worker has it, or it is finished
    job = ClaimReviewImport.objects.select_related("requested_by").get(pk=job_id)
    result = ImportResult()
    seen: dict[str, int] = {}
    try:
        require(roles.can_edit(job.requested_by), "Only editors can import fact-checks.")
        items = _items(bytes(job.document))
        for start in range(0, len(items), JOB_CHUNK):
            with transaction.atomic():
                _store(items[start : start + JOB_CHUNK], user=job.requested_by, result=result,
                       seen=seen)  # fmt: skip
            ClaimReviewImport.objects.filter(pk=job_id).update(
                processed=min(len(items), start + JOB_CHUNK),
                created=result.created,
                updated=result.updated,
            )
        with transaction.atomic():
            _finish_result(result)
    except (ValidationError, PermissionDenied) as error:
        message = " ".join(error.messages) if isinstance(error, ValidationError) else str(error)
        return _job_finish(job_id, result, status=ClaimReviewImport.Status.FAILED, error=message)
    except Exception:
        logger.exception("ClaimReview import %s failed", job_id)
        return _job_finish(
            job_id, result, status=ClaimReviewImport.Status.FAILED, error="The import failed."
        )
    return _job_finish(job_id, result, status=ClaimReviewImport.Status.DONE)


def _job_finish(job_id: int, result: ImportResult, *, status: str, error: str = "") -> str:
    result.skipped.sort(key=lambda skipped: skipped["index"])
    ClaimReviewImport.objects.filter(pk=job_id).update(
        status=status, error=error[:500], created=result.created, updated=result.updated,
        skipped=result.skipped, document=b"", finished_at=timezone.now(),
    )  # fmt: skip
    return status


def index_rebuild_request() -> Any:
    """Queue a rebuild of the search and matching index (``manage.py rebuild_index --job``,
    the admin's action); returns the queued job's result handle (its ``id``)."""
    from annotations.archive.tasks import rebuild_index

    return rebuild_index.enqueue()


def _imported_data(result: ImportResult) -> dict[str, Any]:
    return {
        "created": result.created,
        "updated": result.updated,
        "reviews": [
            {"id": r.pk, "url": r.url, "claim_reviewed": r.claim_reviewed} for r in result.reviews
        ],
    }


@transaction.atomic
def match_feedback_record(
    *,
    claim: Claim,
    user: AbstractBaseUser,
    action: str,
    target_claim: Claim | None = None,
    target_review: ClaimReview | None = None,
    score: float | None = None,
    level: str | None = None,
) -> MatchFeedback:
    """Link a claim to the earlier check it repeats, or dismiss a wrong match (editors).

    Deciding again about the same pair replaces the decision; the history keeps both.
    """
    require(roles.can_edit(user), "Only editors can link or dismiss matches.")
    if action not in MatchFeedback.Action.values:
        raise ValidationError({"action": "Use link or dismiss."})
    if (target_claim is None) == (target_review is None):
        raise ValidationError({"id": "Name one earlier check: a claim or an imported review."})
    if target_claim is not None and (
        target_claim.pk == claim.pk or target_claim.article_id == claim.article_id
    ):
        raise ValidationError({"id": "A claim can only repeat a check on another article."})
    lookup = {"claim": claim}
    lookup["target_claim" if target_claim is not None else "target_review"] = (
        target_claim or target_review
    )
    feedback = MatchFeedback.objects.select_for_update().filter(**lookup).first()
    if feedback is None:
        feedback = MatchFeedback(**lookup)
    feedback.action = action
    feedback.score = score
    feedback.level = level or ""
    feedback.decided_by = user
    feedback.decided_at = timezone.now()
    feedback._history_user = user
    try:
        with transaction.atomic():
            feedback.save()
    except IntegrityError:
        # A colleague decided on the same pair at the same moment: theirs is replaced.
        feedback.pk = MatchFeedback.objects.get(**lookup).pk
        feedback.save(force_update=True)
    return feedback
