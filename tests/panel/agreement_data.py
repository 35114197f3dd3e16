"""Reference data for the agreement tests, and a way to lay votes down directly."""

from __future__ import annotations

from datetime import datetime

from django.utils import timezone

from annotations.models import Claim
from annotations.panel.models import Vote
from tests.factories import ClaimFactory, rating

# Krippendorff, K. (2011). Computing Krippendorff's Alpha-Reliability. Annenberg School for
# Communication, University of Pennsylvania, the worked example with missing values (C):
# 4 observers (rows) by 12 units (columns), values 1-5, None where an observer gave none.
# Published: alpha nominal .743, ordinal .815, interval .849 (ratio .797).
KRIPPENDORFF_2011 = [
    [1, 2, 3, 3, 2, 1, 4, 1, 2, None, None, None],
    [1, 2, 3, 3, 2, 2, 4, 1, 2, 5, None, 3],
    [None, 3, 3, 3, 2, 3, 4, 2, 2, 5, 1, None],
    [1, 2, 3, 3, 2, 4, 4, 1, 2, 5, 1, None],
]
KRIPPENDORFF_2011_ALPHA = {"nominal": 0.743, "ordinal": 0.815, "interval": 0.849}

# The default scale's ratings by value (migration 0002), and the off-scale ones.
SLUG_FOR_VALUE = {1: "false", 2: "mostly-false", 3: "half-true", 4: "mostly-true", 5: "true"}
OFF_SCALE = ("misleading", "unverifiable", "not-a-claim")


def units_of(matrix: list[list[int | None]]) -> list[list[int | None]]:
    """Coders-by-units rows as one list of values per unit."""
    return [list(column) for column in zip(*matrix, strict=True)]


def vote(claim: Claim, reviewer, slug: str, *, round: int = 1, when: datetime | None = None):
    """A vote written directly (not through the panel's rules): for laying out exact data."""
    return Vote.objects.create(
        claim=claim, round=round, reviewer=reviewer, rating=rating(slug),
        created_at=when or timezone.now(),
    )  # fmt: skip


def krippendorff_votes(article, reviewers, *, when: datetime | None = None) -> list[Claim]:
    """Krippendorff's (2011) example as panel votes: one claim per unit, one reviewer per
    observer, each value the rating with that Rating.value."""
    claims = [ClaimFactory(article=article) for _ in KRIPPENDORFF_2011[0]]
    for reviewer, row in zip(reviewers, KRIPPENDORFF_2011, strict=True):
        for claim, value in zip(claims, row, strict=True):
            if value is not None:
                vote(claim, reviewer, SLUG_FOR_VALUE[value], when=when)
    return claims
