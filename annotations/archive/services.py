"""The archive's writes: importing ClaimReviews and recording editors' verdicts on matches.

Like every service: keyword-only, atomic, role checked first. The command, the API and
(later) the UI call these.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from annotations import roles
from annotations.archive import index, jsonld
from annotations.archive.models import ClaimReview, MatchFeedback
from annotations.models import Claim
from annotations.services.common import require
from annotations.webhooks.events import event_record


@dataclass
class ImportResult:
    created: int = 0
    updated: int = 0
    skipped: list[dict[str, Any]] = field(default_factory=list)
    reviews: list[ClaimReview] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        return {"created": self.created, "updated": self.updated, "skipped": self.skipped}


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
    try:
        items = (
            jsonld.parse(document)
            if isinstance(document, bytes | str)
            else jsonld.items_of(document)
        )
    except jsonld.NotJsonLd as error:
        raise ValidationError({"document": str(error)}) from None

    result = ImportResult()
    parsed: list[tuple[int, dict[str, Any]]] = []
    seen: dict[str, int] = {}
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

    existing = {r.url: r for r in ClaimReview.objects.filter(url__in=list(seen))}
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
    result.skipped.sort(key=lambda skipped: skipped["index"])
    if result.reviews:
        event_record(type="claimreview.imported", data=lambda: _imported_data(result))
    return result


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
