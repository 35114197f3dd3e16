"""The endpoint against an independent computation on the same votes.

A panel of three reviewers (of five) votes through ``panel.services.vote_cast`` on claims in
review, some rounds abandoned half-way by a new proposal (missing votes), some ratings off
the scale, some panels split. This file then reads the votes back with plain ORM queries and
computes every figure its own way: alpha from Krippendorff's (2011) D_o / D_e definitions
with the coincidence matrix built pair by pair, kappa from a contingency table over the
fixed 1-5 scale with agreement weights 1 - |i - j| / 4. None of annotations.panel.agreement
is used.
"""

from __future__ import annotations

import random
from collections import Counter, defaultdict
from itertools import combinations, permutations

import pytest

from annotations import services
from annotations.models import Claim
from annotations.panel.models import Vote
from annotations.panel.services import vote_cast
from tests.api.conftest import client_for
from tests.factories import ClaimFactory, UserFactory, rating
from tests.panel.agreement_data import OFF_SCALE, SLUG_FOR_VALUE

pytestmark = pytest.mark.django_db

PANEL, MAJORITY, MIN_SHARED = 3, 2, 5


def alpha_by_definition(units: list[list], level: str) -> float | None:
    """alpha = 1 - D_o / D_e, Krippendorff (2011), sections C and E."""
    units = [[v for v in unit if v is not None] for unit in units]
    units = [unit for unit in units if len(unit) >= 2]
    values = sorted({v for unit in units for v in unit})
    if len(values) < 2:
        return None
    o = {(c, k): 0.0 for c in values for k in values}
    for unit in units:
        for i, j in permutations(range(len(unit)), 2):  # ordered pairs of different coders
            o[unit[i], unit[j]] += 1 / (len(unit) - 1)
    n_c = {c: sum(o[c, k] for k in values) for c in values}
    n = sum(n_c.values())

    def delta2(c, k) -> float:
        if level == "nominal":
            return float(c != k)
        lo, hi = sorted((values.index(c), values.index(k)))
        return (sum(n_c[g] for g in values[lo : hi + 1]) - (n_c[c] + n_c[k]) / 2) ** 2

    d_o = sum(o[c, k] * delta2(c, k) for c in values for k in values) / n
    d_e = sum(n_c[c] * n_c[k] * delta2(c, k) for c in values for k in values) / (n * (n - 1))
    return None if d_e == 0 else 1 - d_o / d_e


def kappa_by_table(pairs: list[tuple[int, int]]) -> float | None:
    """Cohen's weighted kappa from the 5x5 table of proportions, linear agreement weights."""
    scale = range(1, 6)
    n = len(pairs)
    p = {(i, j): sum(1 for pair in pairs if pair == (i, j)) / n for i in scale for j in scale}
    rows = {i: sum(p[i, j] for j in scale) for i in scale}
    cols = {j: sum(p[i, j] for i in scale) for j in scale}
    w = {(i, j): 1 - abs(i - j) / 4 for i in scale for j in scale}
    p_o = sum(w[c] * p[c] for c in p)
    p_e = sum(w[i, j] * rows[i] * cols[j] for i in scale for j in scale)
    return None if p_e == 1 else (p_o - p_e) / (1 - p_e)


def expected_figures(votes: list[Vote], claims: dict[int, Claim]) -> dict:
    """Every figure of the endpoint, computed here from the votes and the claims."""
    rounds: dict[tuple[int, int], list[Vote]] = defaultdict(list)
    for v in votes:
        rounds[v.claim_id, v.round].append(v)
    # Still voting: the claim's current round, in review, fewer than PANEL votes.
    closed = {
        key: unit
        for key, unit in rounds.items()
        if not (
            claims[key[0]].status == "in_review"
            and key[1] == claims[key[0]].review_round
            and len(unit) < PANEL
        )
    }
    disputed = {
        claim_id
        for (claim_id, _), unit in closed.items()
        if claims[claim_id].disputed
        or (
            len(unit) >= PANEL
            and max(sum(1 for x in unit if x.rating_id == v.rating_id) for v in unit) < MAJORITY
        )
    }
    shared = defaultdict(list)
    for unit in closed.values():
        for a, b in combinations(sorted(unit, key=lambda v: v.reviewer_id), 2):
            shared[a.reviewer_id, b.reviewer_id].append((a, b))
    pairs = []
    for (a, b), both in sorted(shared.items()):
        if len({x.claim_id for x, _ in both}) < MIN_SHARED:
            continue
        on_scale = [
            (x.rating.value, y.rating.value)
            for x, y in both
            if x.rating.value is not None and y.rating.value is not None
        ]
        pairs.append(
            {
                "a": a,
                "b": b,
                "claims": len({x.claim_id for x, _ in both}),
                "cohen_kappa_weighted": kappa_by_table(on_scale)
                if len(on_scale) >= MIN_SHARED
                else None,
            }
        )
    return {
        "claims": len({claim_id for claim_id, _ in closed}),
        "votes": sum(len(unit) for unit in closed.values()),
        "reviewers": len({v.reviewer_id for unit in closed.values() for v in unit}),
        "disputed": len(disputed),
        "krippendorff_alpha": {
            "nominal": alpha_by_definition(
                [[v.rating_id for v in unit] for unit in closed.values()], "nominal"
            ),
            "ordinal": alpha_by_definition(
                [[v.rating.value for v in unit] for unit in closed.values()], "ordinal"
            ),
        },
        "pairs": pairs,
        "pending": len(rounds) - len(closed),
    }


def assert_same(actual: dict, expected: dict) -> None:
    for key in ("claims", "votes", "reviewers", "disputed", "pending"):
        assert actual[key] == expected[key], key
    for level in ("nominal", "ordinal"):
        assert actual["krippendorff_alpha"][level] == pytest.approx(
            expected["krippendorff_alpha"][level], abs=1e-12
        ), level
    assert [(p["a"], p["b"], p["claims"]) for p in actual["pairs"]] == [
        (p["a"], p["b"], p["claims"]) for p in expected["pairs"]
    ]
    for mine, theirs in zip(actual["pairs"], expected["pairs"], strict=True):
        assert mine["cohen_kappa_weighted"] == pytest.approx(
            theirs["cohen_kappa_weighted"], abs=1e-12
        )


@pytest.fixture
def desk(settings, article, alice, bob, carol):
    """40 claims voted on by panels of three of five reviewers, with a seeded random hand."""
    settings.FACTCHECK_PANEL_SIZE, settings.FACTCHECK_PANEL_MAJORITY = PANEL, MAJORITY
    reviewers = [bob, carol, *(UserFactory(username=f"rev{i}", role="reviewer") for i in (3, 4, 5))]
    hand = random.Random(20261201)

    def verdict(truth: int):
        if hand.random() < 0.1:
            return rating(hand.choice(OFF_SCALE))
        return rating(SLUG_FOR_VALUE[min(5, max(1, truth + hand.choice([-1, 0, 0, 0, 1])))])

    for index in range(40):
        claim = ClaimFactory(article=article)
        claim = services.claim_update(
            claim=claim, user=alice, version=claim.version, rating=rating("false"), summary="S."
        )
        claim = services.claim_submit(claim=claim, user=alice, version=claim.version)
        truth = hand.randint(1, 5)
        panel = hand.sample(reviewers, PANEL)
        if index % 8 == 0:  # two votes, then a new proposal: a round with a missing vote
            for reviewer in panel[:2]:
                vote_cast(claim=claim, user=reviewer, rating=verdict(truth))
            claim.refresh_from_db()
            claim = services.claim_update(
                claim=claim, user=alice, version=claim.version, rating=rating("true")
            )
            panel = hand.sample(reviewers, PANEL)
        seats = panel if index % 10 != 9 else panel[:2]  # every tenth: still voting
        for reviewer in seats:
            vote_cast(claim=claim, user=reviewer, rating=verdict(truth))
    return reviewers


def stored(**filters) -> tuple[list[Vote], dict[int, Claim]]:
    votes = list(Vote.objects.filter(**filters).select_related("rating"))
    claims = {c.pk: c for c in Claim.objects.filter(pk__in={v.claim_id for v in votes})}
    return votes, claims


def test_the_endpoint_agrees_with_an_independent_computation(desk, victor):
    votes, claims = stored()
    expected = expected_figures(votes, claims)
    # The hand must hold what the figures are about, or the test proves little.
    assert expected["pending"] == 4 and expected["disputed"] > 0 and len(expected["pairs"]) >= 5
    assert any(v.rating.value is None for v in votes)
    assert 2 in Counter((v.claim_id, v.round) for v in votes).values()  # missing votes
    actual = client_for(victor).get("/api/v1/agreement/").json()
    assert_same(actual, expected)


def test_the_reviewer_filter_agrees_with_it_too(desk, victor):
    bob = desk[0]
    mine = set(Vote.objects.filter(reviewer=bob).values_list("claim_id", "round"))
    votes, claims = stored()
    votes = [v for v in votes if (v.claim_id, v.round) in mine]
    actual = client_for(victor).get("/api/v1/agreement/", {"reviewer": bob.pk}).json()
    assert_same(actual, expected_figures(votes, claims))
    assert 0 < actual["claims"] < 40
