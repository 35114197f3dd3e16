"""The panel's rules: who votes, when a majority decides a rating, when a claim is disputed.

A review round is one proposal: a claim in review (the rater's rating), or a correction of a
published claim (its proposer's new rating). The proposer does not vote; reviewers do, one
vote each, and may change it until the claim is published. When ``FACTCHECK_PANEL_MAJORITY``
votes agree on one rating, ``claim_publish`` publishes that rating; a complete panel without
such a majority marks the claim disputed. With a panel of one (the default) the reviewer who
publishes casts the one vote: today's four-eyes rule.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from annotations import roles
from annotations.models import Claim, Correction, Rating
from annotations.panel.models import Vote
from annotations.services.common import Conflict, lock_claim_for_panel, require, save_version
from annotations.webhooks.events import claim_data, event_record


def panel_size() -> int:
    return settings.FACTCHECK_PANEL_SIZE


def majority_needed() -> int:
    return settings.FACTCHECK_PANEL_MAJORITY


@dataclass
class PanelState:
    """Where the panel stands on a claim's current round."""

    round: int
    proposal: Rating | None
    proposer_id: int | None
    correction: Correction | None
    votes: list[Vote] = field(default_factory=list)
    size: int = 1
    needed: int = 1

    @property
    def open(self) -> bool:
        """Whether there is a proposal to vote on."""
        return self.proposal is not None

    @property
    def complete(self) -> bool:
        return len(self.votes) >= self.size

    @property
    def counts(self) -> Counter:
        return Counter(vote.rating_id for vote in self.votes)

    @property
    def majority(self) -> Rating | None:
        """The rating at least ``needed`` votes agree on (one at most: needed > size / 2)."""
        for vote in self.votes:
            if self.counts[vote.rating_id] >= self.needed:
                return vote.rating
        return None

    @property
    def disputed(self) -> bool:
        return self.complete and self.majority is None

    def voted(self, user: AbstractBaseUser) -> bool:
        return any(vote.reviewer_id == user.pk for vote in self.votes)

    def blind_to(self, user: AbstractBaseUser) -> bool:
        """Whether how the others voted is hidden from ``user``: the round is open, a seat is
        free and they have not voted."""
        return self.open and not self.complete and not self.voted(user)

    def voter_ids(self) -> list[int]:
        return [vote.reviewer_id for vote in self.votes]


def panel_state(claim: Claim) -> PanelState:
    """The panel on the claim's current round (two queries)."""
    correction = None
    if claim.status == Claim.Status.PUBLISHED:
        correction = (
            Correction.objects.select_related("new_rating")
            .filter(claim=claim, status=Correction.Status.PROPOSED)
            .first()
        )
        proposal = correction.new_rating if correction else None
        proposer_id = correction.created_by_id if correction else None
    elif claim.status == Claim.Status.IN_REVIEW:
        proposal = claim.rating
        proposer_id = claim.rated_by_id
    else:
        proposal = proposer_id = None
    votes = []
    if proposal is not None:
        votes = list(
            Vote.objects.filter(claim=claim, round=claim.review_round)
            .select_related("rating", "reviewer")
            .order_by("created_at", "id")
        )
    return PanelState(
        round=claim.review_round,
        proposal=proposal,
        proposer_id=proposer_id,
        correction=correction,
        votes=votes,
        size=panel_size(),
        needed=majority_needed(),
    )


@transaction.atomic
def vote_cast(
    *, claim: Claim, user: AbstractBaseUser, rating: Rating, reason: str = ""
) -> tuple[Vote, bool]:
    """Vote on the claim's current proposal, or change one's vote; (vote, created).

    Blind by design: nothing here tells the voter how others voted (see selectors).
    """
    require(roles.can_publish(user), "Only reviewers vote on verdicts.")
    current = lock_claim_for_panel(claim)
    state = panel_state(current)
    if not state.open:
        raise ValidationError("There is nothing to vote on: the claim is not waiting for review.")
    if state.proposer_id == user.pk:
        raise PermissionDenied("You proposed this rating: the panel's other reviewers vote on it.")
    mine = next((vote for vote in state.votes if vote.reviewer_id == user.pk), None)
    if mine is None and state.complete:
        raise ValidationError("The panel is complete: every seat has a vote.")
    reason = (reason or "").strip()
    if mine is None:
        mine = Vote(claim=current, round=state.round, reviewer=user, rating=rating, reason=reason)
        created = True
    else:
        if mine.rating_id == rating.pk and mine.reason == reason:
            return mine, False
        mine.rating, mine.reason, mine.updated_at = rating, reason, timezone.now()
        created = False
    mine.full_clean(exclude=["claim", "reviewer", "rating"], validate_unique=False)
    mine._history_user = user
    mine.save()
    _update_dispute(current, user)
    return mine, created


def _update_dispute(claim: Claim, user: AbstractBaseUser) -> None:
    """Mark the claim disputed when its panel is complete without a majority, and clear it
    when a changed vote makes one."""
    state = panel_state(claim)
    if state.disputed != claim.disputed:
        claim.disputed = state.disputed
        if state.disputed:
            tally = ", ".join(f"{rating}: {count}" for rating, count in _tally(state) if count)
            reason = f"disputed: no majority ({tally})"
        else:
            reason = f"majority reached: {state.majority}"
        save_version(claim, user, reason=reason)
        if state.disputed:
            event_record(type="claim.disputed", data=lambda: claim_data(claim))


def _tally(state: PanelState) -> list[tuple[Rating, int]]:
    ratings = {vote.rating_id: vote.rating for vote in state.votes}
    return [(ratings[rating_id], count) for rating_id, count in state.counts.most_common()]


def decide(
    claim: Claim, user: AbstractBaseUser, *, decision: Rating | None = None
) -> tuple[Rating, str]:
    """The rating a publication (or a correction's) takes, and the history's reason.

    Called by ``claim_publish`` with the claim locked: the panel's majority, the publisher's
    own vote in a panel of one, or an admin's decision on a disputed claim.
    """
    state = panel_state(claim)
    if state.proposer_id == user.pk:
        who = "proposed the correction" if state.correction else "set the rating"
        raise PermissionDenied(f"Four-eyes rule: the reviewer who {who} cannot publish it.")
    if decision is not None:
        if not (state.disputed and roles.can_administer(user)):
            raise PermissionDenied("Only an admin decides, and only on a disputed claim.")
        return decision, f"decided by admin {user.get_username()}: no panel majority"
    if state.size > 1 and state.blind_to(user):
        # Whether publishing works would tell a reviewer who has not voted how the others
        # did: the panel stays blind to them until they vote (or every seat is taken).
        raise PermissionDenied(
            "Vote first: in a panel, you publish once you have voted (or the panel is "
            "complete), so that how the others voted stays hidden until then."
        )
    if state.size == 1 and not state.votes:
        # A panel of one: publishing is the reviewer's vote for the proposed rating.
        vote = Vote(claim=claim, round=state.round, reviewer=user, rating=state.proposal)
        vote._history_user = user
        vote.save()
        state.votes.append(vote)
    majority = state.majority
    if majority is None:
        if state.disputed and roles.can_administer(user):
            raise Conflict("The panel is split: choose the rating it is published with.")
        if state.disputed:
            raise Conflict(
                "The panel is split: no rating has a majority. Change a vote, "
                "revise the proposal, or ask an admin to decide."
            )
        raise Conflict(
            f"The panel has not decided yet: {len(state.votes)} of {state.size} votes, "
            f"{state.needed} must agree."
        )
    if majority.pk != state.proposal.pk:
        return majority, f"panel majority: {majority} (proposed: {state.proposal})"
    return majority, ""
