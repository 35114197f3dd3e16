"""A reviewer's vote on one review round of a claim (its rating and a short reason)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from simple_history.models import HistoricalRecords

from annotations import limits
from annotations.models.claims import Claim, Rating
from annotations.models.common import text_limit


class Vote(models.Model):
    claim = models.ForeignKey(Claim, on_delete=models.CASCADE, related_name="votes")
    # Which proposal it is about: a claim's review round rises at each new proposal (sent to
    # review, its rating changed in review, a correction proposed).
    round = models.PositiveIntegerField()
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="votes"
    )
    rating = models.ForeignKey(Rating, on_delete=models.PROTECT, related_name="+")
    reason = models.TextField(blank=True, **text_limit(limits.MAX_VOTE_REASON))
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)

    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        ordering = ["claim", "round", "created_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["claim", "round", "reviewer"], name="vote_one_per_reviewer_and_round"
            ),
        ]
        indexes = [models.Index(fields=["reviewer", "created_at"])]

    def __str__(self) -> str:
        return f"{self.reviewer} on claim {self.claim_id} (round {self.round}): {self.rating}"
