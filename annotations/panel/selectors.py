"""What each person may see of a panel: that others voted, always; how, only once allowed.

Votes are blind: a reviewer sees the others' ratings after casting their own, and everyone
sees them once the panel is complete or the round is over (published, dismissed, a new
proposal). Every response that shows votes (the API, the panel, the history) asks here.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Any

from django.contrib.auth.models import AbstractBaseUser

from annotations import roles
from annotations.models import Claim, Rating
from annotations.panel.models import Vote
from annotations.panel.services import PanelState, majority_needed, panel_size, panel_state


@dataclass
class PanelView:
    """A panel as one person may see it."""

    state: PanelState
    votes: list[Vote]
    open: bool
    visible: bool
    mine: Vote | None
    can_vote: bool
    why_not: str = ""
    others: list[Vote] = field(default_factory=list)

    @property
    def majority(self) -> Rating | None:
        return self.state.majority if self.visible else None


def round_votes(claim: Claim) -> list[Vote]:
    """The votes on the claim's current (or last) round, oldest first."""
    return list(
        Vote.objects.filter(claim=claim, round=claim.review_round)
        .select_related("rating", "reviewer")
        .order_by("created_at", "id")
    )


def panel_for(claim: Claim, user: AbstractBaseUser) -> PanelView:
    """The claim's panel as ``user`` may see it (two or three queries)."""
    state = panel_state(claim)
    if not state.open:
        # A round that is over (published, or sent back): its votes say how it ended.
        state = replace(state, votes=round_votes(claim))
    votes = state.votes
    mine = next((vote for vote in votes if vote.reviewer_id == user.pk), None)
    # Over (nothing open to vote on), complete, or the user has voted: ratings show.
    visible = not state.blind_to(user)
    can_vote, why_not = _may_vote(state, user, mine)
    return PanelView(
        state=state,
        votes=votes,
        open=state.open,
        visible=visible,
        mine=mine,
        can_vote=can_vote,
        why_not=why_not,
        others=[vote for vote in votes if vote is not mine],
    )


def _may_vote(state: PanelState, user: AbstractBaseUser, mine: Vote | None) -> tuple[bool, str]:
    """Whether the vote form is offered (the service decides again on submit)."""
    if not state.open:
        return False, ""
    if not roles.can_publish(user):
        return False, "Reviewers vote on verdicts."
    if state.proposer_id == user.pk:
        return False, "You proposed this rating: the panel's other reviewers vote on it."
    if mine is None and state.complete:
        return False, "The panel is complete."
    return True, ""


def vote_document(vote: Vote, *, visible: bool, user: AbstractBaseUser) -> dict[str, Any]:
    """One vote for the API: the rating and reason only where the viewer may see them."""
    shown = visible or vote.reviewer_id == user.pk
    return {
        "reviewer": vote.reviewer_id,
        "username": vote.reviewer.get_username(),
        "rating": vote.rating.slug if shown else None,
        "reason": vote.reason if shown else None,
        "mine": vote.reviewer_id == user.pk,
        "created_at": vote.created_at,
        "updated_at": vote.updated_at,
    }


def panel_document(claim: Claim, user: AbstractBaseUser) -> dict[str, Any]:
    """GET /api/v1/claims/{id}/votes/: where the panel stands, blind where it must be."""
    view = panel_for(claim, user)
    state = view.state
    return {
        "round": state.round,
        "size": panel_size(),
        "needed": majority_needed(),
        "open": view.open,
        "proposal": state.proposal.slug if state.proposal else None,
        "correction": state.correction.pk if state.correction else None,
        "complete": state.complete,
        "disputed": claim.disputed,
        "visible": view.visible,
        "majority": view.majority.slug if view.majority else None,
        "can_vote": view.can_vote,
        "votes": [vote_document(v, visible=view.visible, user=user) for v in view.votes],
    }


def vote_ratings_visible(claim: Claim, round_number: int, user: AbstractBaseUser) -> bool:
    """Whether ``user`` may see how others voted in that round of the claim (for history)."""
    if round_number != claim.review_round:
        return True  # an earlier round is over
    view = panel_for(claim, user)
    return view.visible
