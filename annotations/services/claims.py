"""Claims and their workflow: draft → in_review → published (four-eyes), dismissed, corrected.

A published verdict (its rating and summary) changes only through a correction: one reviewer
proposes it with a note, another publishes it, like the first publication.
"""

from __future__ import annotations

from collections.abc import Sequence
from itertools import pairwise
from typing import Any

from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from annotations import limits, roles
from annotations.models import Article, Claim, Correction, Rating, Segment
from annotations.services.common import (
    lend_relations,
    lock,
    only,
    require,
    save_new,
    save_version,
)
from annotations.webhooks.events import claim_changed

CLAIM_EDITABLE_FIELDS = ("claim_text", "claimant", "rating", "summary", "assignee")
# What a published claim keeps until a published correction changes it.
PUBLISHED_VERDICT_FIELDS = ("rating", "summary")


@transaction.atomic
def claim_create(
    *,
    article: Article,
    segments: Sequence[Segment],
    user: AbstractBaseUser,
    claim_text: str = "",
    claimant: str = "",
    assignee: AbstractBaseUser | None = None,
    rating: Rating | None = None,
    summary: str = "",
) -> Claim:
    """Make a claim of one or more consecutive segments of an article, a draft; with a
    rating, rated by ``user`` (as :func:`claim_update` would record it)."""
    require(roles.can_edit(user), "Only editors can create claims.")
    claim, ordered = new_claim(
        article=article,
        segments=segments,
        user=user,
        claim_text=claim_text,
        claimant=claimant,
        assignee=assignee,
        rating=rating,
        summary=summary,
    )
    taken = claims_holding(ordered)
    if taken:
        raise ValidationError({"segments": f"A segment is already part of claim {taken[0]}."})
    save_new(claim, user)
    claim.segments.add(*ordered)  # a new claim has none: no need to read them first (set)
    return claim


def new_claim(
    *,
    article: Article,
    segments: Sequence[Segment],
    user: AbstractBaseUser,
    claim_text: str = "",
    claimant: str = "",
    assignee: AbstractBaseUser | None = None,
    rating: Rating | None = None,
    summary: str = "",
) -> tuple[Claim, list[Segment]]:
    """An unsaved claim and its segments in order, checked by every rule but one: whether a
    live claim holds a segment already (:func:`claims_holding`, asked for many at once by
    ``claims_create_many``)."""
    ordered = _validate_claim_segments(article, segments)
    _check_assignee(assignee)
    claim = Claim(
        article=article,
        position=ordered[0].position,
        claim_text=(claim_text.strip() or default_wording(article.body, ordered)),
        claimant=claimant.strip(),
        summary=summary.strip(),
        assignee=assignee,
        created_by=user,
    )
    if rating is not None:
        claim.rating = rating
        _rated(claim, user)
    return claim, ordered


def default_wording(body: str, segments: Sequence[Segment]) -> str:
    """A claim's wording when none is given: its segments' text as the article has it.

    Sentences of one paragraph keep the space between them as it stands; across a paragraph
    break, a heading or a list item the break and its marker ("## ", "- ") become one space.
    """
    parts = [segments[0].text]
    for before, after in pairwise(segments):
        gap = body[before.end : after.start]
        parts.append(gap if gap.strip(" \t") == "" else " ")  # a line break: one space
        parts.append(after.text)
    return "".join(parts)


def claims_holding(segments: Sequence[Segment]) -> list[int]:
    """Ids of the live claims that hold any of these segments (a segment is in one claim)."""
    held = Claim.objects.live().filter(segments__in=segments).order_by("pk")
    return list(held.values_list("pk", flat=True).distinct())


def _rated(claim: Claim, user: AbstractBaseUser) -> None:
    """Who gave the claim its current rating, and when."""
    claim.rated_by = user
    claim.rated_at = timezone.now()


def _validate_claim_segments(article: Article, segments: Sequence[Segment]) -> list[Segment]:
    if not segments:
        raise ValidationError({"segments": "Choose at least one segment."})
    ordered = sorted({s.pk: s for s in segments}.values(), key=lambda s: s.position)
    if len(ordered) > limits.MAX_CLAIM_SEGMENTS:
        raise ValidationError(
            {"segments": f"A claim spans at most {limits.MAX_CLAIM_SEGMENTS} segments."}
        )
    if any(s.article_id != article.pk for s in ordered):
        raise ValidationError({"segments": "All segments must belong to the claim's article."})
    positions = [s.position for s in ordered]
    if positions != list(range(positions[0], positions[0] + len(positions))):
        raise ValidationError({"segments": "A claim's segments must be consecutive."})
    return ordered


def _check_assignee(assignee: AbstractBaseUser | None) -> None:
    """Only people who can work on claims may be assigned one."""
    if assignee is not None and not (assignee.is_active and roles.can_edit(assignee)):
        raise ValidationError({"assignee": "Only active editors can be assigned a claim."})


@transaction.atomic
def claim_update(*, claim: Claim, user: AbstractBaseUser, version: int, **changes: Any) -> Claim:
    """Edit a claim's wording, claimant, verdict or assignee, if nobody changed it meanwhile."""
    require(roles.can_edit(user), "Only editors can change claims.")
    changes = only(changes, CLAIM_EDITABLE_FIELDS)
    current = lock(claim, version)
    lend_relations(current, claim, ("article", "rating", "assignee"))
    changes = {name: value for name, value in changes.items() if getattr(current, name) != value}
    if not changes:
        return current  # nothing to change: no new version, no history entry
    if current.status == Claim.Status.DISMISSED:
        raise ValidationError("A dismissed claim cannot be edited.")
    if current.status == Claim.Status.PUBLISHED:
        for name in PUBLISHED_VERDICT_FIELDS:
            if name in changes and changes[name] != getattr(current, name):
                raise ValidationError(
                    {name: "Changing a published verdict needs a correction note."},
                    code="correction_required",
                )
    if "assignee" in changes and changes["assignee"] != current.assignee:
        _check_assignee(changes["assignee"])
    if "rating" in changes and changes["rating"] != current.rating:
        _rated(current, user)
        if current.status == Claim.Status.IN_REVIEW:
            _new_round(current)  # a new proposal: the panel votes on it afresh
    for name, value in changes.items():
        setattr(current, name, value)
    if not current.claim_text:
        raise ValidationError({"claim_text": "The claim needs a wording."})
    if current.status == Claim.Status.IN_REVIEW and not (current.rating and current.summary):
        raise ValidationError("A claim in review keeps its rating and summary.")
    return save_version(current, user, reason="edited")


@transaction.atomic
def claim_submit(*, claim: Claim, user: AbstractBaseUser, version: int) -> Claim:
    """Send a rated claim to review: draft → in_review."""
    require(roles.can_edit(user), "Only editors can send claims to review.")
    current = lock(claim, version)
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
    _new_round(current)
    saved = save_version(current, user, reason="submitted for review")
    claim_changed(saved, old_status=Claim.Status.DRAFT)
    return saved


@transaction.atomic
def claim_publish(
    *, claim: Claim, user: AbstractBaseUser, version: int, decision: Rating | None = None
) -> Claim:
    """Publish a verdict the panel agrees on: in_review → published, with the majority's
    rating (a panel of one: the reviewer who publishes, not the one who rated). On a
    published claim with a proposed correction, publishes the correction the same way.
    ``decision`` is an admin's rating for a disputed claim."""
    # The panel's rule lives with the panel (which builds on these services: imported here).
    from annotations.panel.services import decide

    require(roles.can_publish(user), "Only reviewers can publish verdicts.")
    current = lock(claim, version)
    proposed = pending_correction(current)
    if current.status == Claim.Status.PUBLISHED and proposed is not None:
        rating, why = decide(current, user, decision=decision)
        corrected = _publish_correction(current, proposed, user, rating, why)
        claim_changed(corrected, old_status=Claim.Status.PUBLISHED, event="claim.corrected")
        return corrected
    if current.status != Claim.Status.IN_REVIEW:
        raise ValidationError(f"Only claims in review can be published, not {current.status}.")
    rating, why = decide(current, user, decision=decision)
    current.rating = rating
    current.status = Claim.Status.PUBLISHED
    current.disputed = False
    current.approved_by = user
    current.published_at = timezone.now()
    saved = save_version(current, user, reason=f"published; {why}" if why else "published")
    claim_changed(saved, old_status=Claim.Status.IN_REVIEW, event="claim.published")
    return saved


@transaction.atomic
def claim_dismiss(*, claim: Claim, user: AbstractBaseUser, version: int) -> Claim:
    """Mark a claim as not worth checking (from any status); a proposed correction lapses."""
    require(roles.can_edit(user), "Only editors can dismiss claims.")
    current = lock(claim, version)
    if current.status == Claim.Status.DISMISSED:
        raise ValidationError("The claim is already dismissed.")
    if current.status == Claim.Status.PUBLISHED and not roles.can_publish(user):
        raise PermissionDenied("Only reviewers can withdraw a published verdict.")
    _withdraw_proposed_corrections(current)
    old_status = current.status
    current.status = Claim.Status.DISMISSED
    saved = save_version(current, user, reason="dismissed")
    claim_changed(saved, old_status=old_status)
    return saved


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
    """Propose a correction of a published verdict; another reviewer publishes it.

    The claim keeps its published verdict until then. A newer proposal replaces an older one
    (which stays in the history as withdrawn).
    """
    require(roles.can_publish(user), "Only reviewers can correct a published verdict.")
    current = lock(claim, version)
    if current.status != Claim.Status.PUBLISHED:
        raise ValidationError("Only published verdicts are corrected; edit the claim instead.")
    note = (note or "").strip()
    if not note:
        raise ValidationError({"note": "A correction needs a note explaining it."})
    new_summary = (summary or "").strip()
    if new_summary == current.summary:
        new_summary = ""
    if rating == current.rating and not new_summary:
        raise ValidationError({"rating": "The correction changes nothing."})
    _withdraw_proposed_corrections(current)
    _new_round(current)
    correction = Correction(
        claim=current,
        previous_rating=current.rating,
        new_rating=rating,
        previous_summary=current.summary,
        new_summary=new_summary,
        note=note,
        created_by=user,
    )
    correction.full_clean(exclude=["claim", "previous_rating", "new_rating", "created_by"])
    correction.save()
    return save_version(current, user, reason=f"correction proposed: {note}")


def pending_correction(claim: Claim) -> Correction | None:
    """The correction proposed for a published claim and not yet published, if any."""
    return (
        Correction.objects.select_related("new_rating", "created_by")
        .filter(claim=claim, status=Correction.Status.PROPOSED)
        .first()
    )


def _publish_correction(
    claim: Claim, correction: Correction, user: AbstractBaseUser, rating: Rating, why: str
) -> Claim:
    now = timezone.now()
    correction.status = Correction.Status.PUBLISHED
    correction.approved_by = user
    correction.published_at = now
    correction.new_rating = rating  # the panel's, if it differs from the proposal
    correction.save(update_fields=["status", "approved_by", "published_at", "new_rating"])
    claim.disputed = False
    claim.rating = rating
    if correction.new_summary:
        claim.summary = correction.new_summary
    claim.rated_by = correction.created_by
    claim.rated_at = correction.created_at
    claim.approved_by = user
    reason = f"correction published: {correction.note}"
    return save_version(claim, user, reason=f"{why}; {reason}" if why else reason)


def _new_round(claim: Claim) -> None:
    claim.review_round += 1
    claim.disputed = False


def _withdraw_proposed_corrections(claim: Claim) -> None:
    Correction.objects.filter(claim=claim, status=Correction.Status.PROPOSED).update(
        status=Correction.Status.WITHDRAWN
    )
