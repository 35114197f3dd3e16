"""Every write and every workflow rule, in one place.

Views, API endpoints and management commands call these functions, so the browser,
the API and the command line share one code path. Each function is keyword-only,
atomic, checks roles and rules, then saves; history records who did it.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from annotations import roles
from annotations.checkworthiness import score_sentence
from annotations.documents import Document
from annotations.models import (
    Article,
    Claim,
    Correction,
    Note,
    Rating,
    Segment,
    Source,
    content_hash,
)
from annotations.segmentation import segment


class StaleVersion(Exception):
    """The claim changed since the caller read it; ``current`` is the claim as it is now."""

    def __init__(self, current: Claim) -> None:
        super().__init__(f"Claim {current.pk} is at version {current.version}.")
        self.current = current


@dataclass(frozen=True)
class IngestResult:
    article: Article
    created: bool


# ---------------------------------------------------------------------------- articles


@transaction.atomic
def article_ingest(
    *,
    document: Document,
    user: AbstractBaseUser | None = None,
    title: str = "",
    byline: str = "",
    url: str = "",
    publisher: str = "",
    published_at: datetime | None = None,
    language: str = "en",
) -> IngestResult:
    """Store an article with its segments; the same text twice gives the same article."""
    if user is not None and not roles.can_edit(user):
        raise PermissionDenied("Only editors can import articles.")
    existing = Article.objects.filter(content_hash=content_hash(document.body)).first()
    if existing is not None:
        return IngestResult(existing, created=False)

    article = Article(
        title=(title or document.title or _first_line(document.body))[:500],
        byline=(byline or document.byline)[:500],
        url=url,
        publisher=publisher,
        published_at=published_at,
        language=language or "en",
        body=document.body,
        created_by=user,
    )
    article.full_clean(exclude=["content_hash"])
    try:
        with transaction.atomic():
            article.save()
    except IntegrityError:
        # Another request stored the same text between our lookup and insert.
        return IngestResult(
            Article.objects.get(content_hash=content_hash(document.body)), created=False
        )
    Segment.objects.bulk_create(build_segments(article))
    return IngestResult(article, created=True)


def build_segments(article: Article) -> list[Segment]:
    """Unsaved segments of an article's body, scored for check-worthiness."""
    segments = []
    for position, span in enumerate(segment(article.body)):
        scored = score_sentence(span.text) if span.kind in ("sentence", "list_item") else None
        segments.append(
            Segment(
                article=article,
                position=position,
                kind=span.kind,
                paragraph=span.paragraph,
                start=span.start,
                end=span.end,
                text=span.text,
                checkworthiness=scored.score if scored else 0.0,
                reasons=list(scored.reasons) if scored else [],
            )
        )
    return segments


@transaction.atomic
def article_delete(*, article: Article, user: AbstractBaseUser) -> None:
    """Delete an article and everything on it (admins only)."""
    if not roles.can_administer(user):
        raise PermissionDenied("Only admins can delete articles.")
    article.delete()


def _first_line(body: str) -> str:
    return next((line.strip() for line in body.splitlines() if line.strip()), "Untitled")


# ------------------------------------------------------------------------------ claims

CLAIM_EDITABLE_FIELDS = ("claim_text", "claimant", "rating", "summary", "assignee")


@transaction.atomic
def claim_create(
    *,
    article: Article,
    segments: Sequence[Segment],
    user: AbstractBaseUser,
    claim_text: str = "",
    claimant: str = "",
    assignee: AbstractBaseUser | None = None,
) -> Claim:
    """Make a claim of one or more consecutive segments of an article."""
    _require(roles.can_edit(user), "Only editors can create claims.")
    ordered = _validate_claim_segments(article, segments)
    claim = Claim(
        article=article,
        position=ordered[0].position,
        claim_text=(claim_text.strip() or article.body[ordered[0].start : ordered[-1].end]),
        claimant=claimant.strip(),
        assignee=assignee,
        created_by=user,
    )
    claim._history_user = user
    claim.full_clean(exclude=["segments", "article", "rating", "assignee"])
    claim.save()
    claim.segments.set(ordered)
    return claim


def _validate_claim_segments(article: Article, segments: Sequence[Segment]) -> list[Segment]:
    if not segments:
        raise ValidationError({"segments": "Choose at least one segment."})
    ordered = sorted({s.pk: s for s in segments}.values(), key=lambda s: s.position)
    if any(s.article_id != article.pk for s in ordered):
        raise ValidationError({"segments": "All segments must belong to the claim's article."})
    positions = [s.position for s in ordered]
    if positions != list(range(positions[0], positions[0] + len(positions))):
        raise ValidationError({"segments": "A claim's segments must be consecutive."})
    taken = (
        Claim.objects.filter(segments__in=ordered)
        .exclude(status=Claim.Status.DISMISSED)
        .values_list("pk", flat=True)
        .first()
    )
    if taken is not None:
        raise ValidationError({"segments": f"A segment is already part of claim {taken}."})
    return ordered


@transaction.atomic
def claim_update(*, claim: Claim, user: AbstractBaseUser, version: int, **changes: Any) -> Claim:
    """Edit a claim's wording, claimant, verdict or assignee, if nobody changed it meanwhile."""
    _require(roles.can_edit(user), "Only editors can change claims.")
    unknown = set(changes) - set(CLAIM_EDITABLE_FIELDS)
    if unknown:
        raise ValidationError(dict.fromkeys(unknown, "This field cannot be changed here."))
    current = _lock(claim, version)
    if current.status == Claim.Status.DISMISSED:
        raise ValidationError("A dismissed claim cannot be edited.")
    if "rating" in changes and changes["rating"] != current.rating:
        if current.status == Claim.Status.PUBLISHED:
            raise ValidationError(
                {"rating": "Changing a published verdict needs a correction note."},
                code="correction_required",
            )
        current.rated_by = user
        current.rated_at = timezone.now()
    for name, value in changes.items():
        setattr(current, name, value.strip() if isinstance(value, str) else value)
    if not current.claim_text:
        raise ValidationError({"claim_text": "The claim needs a wording."})
    if current.status == Claim.Status.IN_REVIEW and not (current.rating and current.summary):
        raise ValidationError("A claim in review keeps its rating and summary.")
    return _save(current, user, reason="edited")


@transaction.atomic
def claim_submit(*, claim: Claim, user: AbstractBaseUser, version: int) -> Claim:
    """Send a rated claim to review: draft → in_review."""
    _require(roles.can_edit(user), "Only editors can send claims to review.")
    current = _lock(claim, version)
    if current.status != Claim.Status.DRAFT:
        raise ValidationError(f"Only draft claims can be sent to review, not {current.status}.")
    errors = {}
    if current.rating_id is None:
        errors["rating"] = "Set a rating before sending the claim to review."
    if not current.summary.strip():
        errors["summary"] = "Write the verdict's summary before sending the claim to review."
    if errors:
        raise ValidationError(errors)
    current.status = Claim.Status.IN_REVIEW
    return _save(current, user, reason="submitted for review")


@transaction.atomic
def claim_publish(*, claim: Claim, user: AbstractBaseUser, version: int) -> Claim:
    """Approve and publish a verdict: in_review → published, by a second reviewer."""
    _require(roles.can_publish(user), "Only reviewers can publish verdicts.")
    current = _lock(claim, version)
    if current.status != Claim.Status.IN_REVIEW:
        raise ValidationError(f"Only claims in review can be published, not {current.status}.")
    if current.rated_by_id == user.pk:
        raise PermissionDenied("Four-eyes rule: the editor who set the rating cannot publish it.")
    current.status = Claim.Status.PUBLISHED
    current.approved_by = user
    current.published_at = timezone.now()
    return _save(current, user, reason="published")


@transaction.atomic
def claim_dismiss(*, claim: Claim, user: AbstractBaseUser, version: int) -> Claim:
    """Mark a claim as not worth checking (from any status)."""
    _require(roles.can_edit(user), "Only editors can dismiss claims.")
    current = _lock(claim, version)
    if current.status == Claim.Status.DISMISSED:
        raise ValidationError("The claim is already dismissed.")
    if current.status == Claim.Status.PUBLISHED and not roles.can_publish(user):
        raise PermissionDenied("Only reviewers can withdraw a published verdict.")
    current.status = Claim.Status.DISMISSED
    return _save(current, user, reason="dismissed")


@transaction.atomic
def claim_correct(
    *,
    claim: Claim,
    user: AbstractBaseUser,
    version: int,
    rating: Rating,
    note: str,
    summary: str | None = None,
) -> Claim:
    """Change the verdict of a published claim; the correction note is kept and published."""
    _require(roles.can_publish(user), "Only reviewers can correct a published verdict.")
    current = _lock(claim, version)
    if current.status != Claim.Status.PUBLISHED:
        raise ValidationError("Only published verdicts are corrected; edit the claim instead.")
    if not note or not note.strip():
        raise ValidationError({"note": "A correction needs a note explaining it."})
    if rating == current.rating and (summary is None or summary.strip() == current.summary):
        raise ValidationError({"rating": "The correction changes nothing."})
    Correction.objects.create(
        claim=current,
        previous_rating=current.rating,
        new_rating=rating,
        note=note.strip(),
        created_by=user,
    )
    current.rating = rating
    current.rated_by = user
    current.rated_at = timezone.now()
    if summary is not None and summary.strip():
        current.summary = summary.strip()
    return _save(current, user, reason=f"correction: {note.strip()}"[:100])


def _lock(claim: Claim, version: int) -> Claim:
    """Re-read the claim under a row lock and check the caller saw the latest version."""
    current = Claim.objects.select_for_update().get(pk=claim.pk)
    if current.version != version:
        raise StaleVersion(current)
    return current


def _save(claim: Claim, user: AbstractBaseUser, *, reason: str) -> Claim:
    claim.version += 1
    claim.updated_at = timezone.now()
    claim._history_user = user
    claim._change_reason = reason
    claim.save()
    return claim


def _require(allowed: bool, message: str) -> None:
    if not allowed:
        raise PermissionDenied(message)


# ------------------------------------------------------------------- sources and notes

SOURCE_FIELDS = ("url", "title", "publisher", "quote", "stance", "accessed_at", "archived_url")


@transaction.atomic
def source_add(*, claim: Claim, user: AbstractBaseUser, **fields: Any) -> Source:
    """Add evidence to a claim; URLs must be http or https."""
    _require(roles.can_edit(user), "Only editors can add sources.")
    source = Source(claim=claim, added_by=user, **_only(fields, SOURCE_FIELDS))
    return _save_with_history(source, user)


@transaction.atomic
def source_update(*, source: Source, user: AbstractBaseUser, **fields: Any) -> Source:
    _require(roles.can_edit(user), "Only editors can change sources.")
    for name, value in _only(fields, SOURCE_FIELDS).items():
        setattr(source, name, value)
    return _save_with_history(source, user)


@transaction.atomic
def source_delete(*, source: Source, user: AbstractBaseUser) -> None:
    """Soft delete: the source disappears from the claim but stays in its history."""
    _require(roles.can_edit(user), "Only editors can remove sources.")
    source.deleted_at = timezone.now()
    _save_with_history(source, user)


@transaction.atomic
def note_add(*, claim: Claim, user: AbstractBaseUser, body: str, internal: bool = True) -> Note:
    _require(roles.can_edit(user), "Only editors can add notes.")
    note = Note(claim=claim, author=user, body=(body or "").strip(), internal=internal)
    return _save_with_history(note, user)


@transaction.atomic
def note_update(
    *, note: Note, user: AbstractBaseUser, body: str | None = None, internal: bool | None = None
) -> Note:
    _require_note_owner(note, user)
    if body is not None:
        note.body = body.strip()
    if internal is not None:
        note.internal = internal
    return _save_with_history(note, user)


@transaction.atomic
def note_delete(*, note: Note, user: AbstractBaseUser) -> None:
    _require_note_owner(note, user)
    note.deleted_at = timezone.now()
    _save_with_history(note, user)


def _require_note_owner(note: Note, user: AbstractBaseUser) -> None:
    _require(roles.can_edit(user), "Only editors can change notes.")
    _require(
        note.author_id == user.pk or roles.can_administer(user),
        "Only a note's author or an admin can change it.",
    )


def _only(fields: dict[str, Any], allowed: Iterable[str]) -> dict[str, Any]:
    unknown = set(fields) - set(allowed)
    if unknown:
        raise ValidationError(dict.fromkeys(sorted(unknown), "Unknown field."))
    return {k: (v.strip() if isinstance(v, str) else v) for k, v in fields.items()}


def _save_with_history(obj: Source | Note, user: AbstractBaseUser) -> Any:
    obj.full_clean(exclude=["claim", "added_by", "author"])
    obj._history_user = user
    obj.save()
    return obj
