"""The votes behind the agreement figures, filtered, in one query; the page's choices.

Filters select whole units (a claim's review round with all its votes), never single
votes, so that no round is split and no panel looks incomplete because of a filter:
- ``article``: rounds of that article's claims;
- ``date_from`` / ``date_to``: rounds whose first vote was cast on those (UTC) days,
  inclusive; the monthly trend files each round under the same month;
- ``reviewer``: rounds that reviewer voted in, with everyone's votes on them.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time

from django.contrib.auth import get_user_model
from django.contrib.auth.models import AbstractBaseUser
from django.db.models import DateTimeField, Exists, OuterRef, QuerySet, Subquery

from annotations import roles
from annotations.models import Article, Claim, Correction
from annotations.panel.agreement import VoteRecord
from annotations.panel.models import Vote


@dataclass(frozen=True)
class AgreementFilters:
    article_id: int | None = None
    date_from: date | None = None
    date_to: date | None = None
    reviewer_id: int | None = None


def agreement_votes(user: AbstractBaseUser, filters: AgreementFilters) -> list[VoteRecord]:
    """Every vote of the selected rounds (one query); none for a user without a role."""
    if not roles.can_view(user):
        return []
    same_round = Vote.objects.filter(claim_id=OuterRef("claim_id"), round=OuterRef("round"))
    first_vote = same_round.order_by("created_at", "id").values("created_at")[:1]
    proposed = Correction.objects.filter(
        claim_id=OuterRef("claim_id"), status=Correction.Status.PROPOSED
    )
    votes = Vote.objects.annotate(
        unit_started=Subquery(first_vote, output_field=DateTimeField())
    ).order_by()
    if filters.article_id is not None:
        votes = votes.filter(claim__article_id=filters.article_id)
    if filters.reviewer_id is not None:
        votes = votes.filter(Exists(same_round.filter(reviewer_id=filters.reviewer_id)))
    if filters.date_from is not None:
        votes = votes.filter(
            unit_started__gte=datetime.combine(filters.date_from, time.min, tzinfo=UTC)
        )
    if filters.date_to is not None:
        votes = votes.filter(
            unit_started__lte=datetime.combine(filters.date_to, time.max, tzinfo=UTC)
        )
    rows = votes.annotate(correction_proposed=Exists(proposed)).values_list(
        "claim_id",
        "round",
        "reviewer_id",
        "rating_id",
        "rating__value",
        "unit_started",
        "claim__disputed",
        "claim__status",
        "claim__review_round",
        "correction_proposed",
    )
    return [
        VoteRecord(
            claim_id=claim_id,
            round=round_,
            reviewer_id=reviewer_id,
            rating_id=rating_id,
            value=value,
            unit_started=started.astimezone(UTC).date(),
            claim_disputed=disputed,
            voting_open=round_ == review_round and _open(status, correction_proposed),
        )
        for (
            claim_id,
            round_,
            reviewer_id,
            rating_id,
            value,
            started,
            disputed,
            status,
            review_round,
            correction_proposed,
        ) in rows
    ]


def _open(status: str, correction_proposed: bool) -> bool:
    """Whether the claim's current round takes votes (as ``services.panel_state`` decides)."""
    if status == Claim.Status.IN_REVIEW:
        return True
    return status == Claim.Status.PUBLISHED and correction_proposed


def voting_reviewers() -> QuerySet:
    """Everyone who has cast a panel vote, by username: the page's reviewer choices."""
    return (
        get_user_model()
        .objects.filter(Exists(Vote.objects.filter(reviewer_id=OuterRef("pk"))))
        .only("id", "username")
        .order_by("username", "id")
    )


def articles_with_votes(user: AbstractBaseUser) -> QuerySet[Article]:
    """Articles with at least one panel vote on a claim, newest first: the page's choices."""
    return (
        Article.objects.visible_to(user)
        .filter(Exists(Vote.objects.filter(claim__article_id=OuterRef("pk"))))
        .only("id", "title")
        .order_by("-created_at", "-id")
    )
