"""The agreement maths against published reference values, and its edge cases (no database)."""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import date

import pytest

from annotations.panel.agreement import (
    MIN_SHARED,
    Agreement,
    VoteRecord,
    alpha_reading,
    cohen_kappa_linear,
    krippendorff_alpha,
    measure,
)
from tests.panel.agreement_data import (
    KRIPPENDORFF_2011,
    KRIPPENDORFF_2011_ALPHA,
    units_of,
)

# ------------------------------------------------------------------ Krippendorff's alpha


@pytest.mark.parametrize("level", ["nominal", "ordinal", "interval"])
def test_alpha_matches_krippendorff_2011(level):
    alpha = krippendorff_alpha(units_of(KRIPPENDORFF_2011), level)
    assert round(alpha, 3) == KRIPPENDORFF_2011_ALPHA[level]


def test_nominal_alpha_reads_any_labels():
    words = {1: "false", 2: "mostly-false", 3: "half-true", 4: "mostly-true", 5: "true"}
    units = [[words.get(v) for v in unit] for unit in units_of(KRIPPENDORFF_2011)]
    assert round(krippendorff_alpha(units, "nominal"), 3) == 0.743


def test_ordinal_alpha_depends_on_order_only():
    # Ranks, not distances: any increasing recoding gives the same ordinal alpha.
    recode = {1: 10, 2: 11, 3: 40, 4: 41, 5: 1000}
    units = [[recode.get(v) for v in unit] for unit in units_of(KRIPPENDORFF_2011)]
    assert krippendorff_alpha(units, "ordinal") == pytest.approx(
        krippendorff_alpha(units_of(KRIPPENDORFF_2011), "ordinal")
    )


def test_alpha_is_one_when_everyone_agrees_on_varied_values():
    assert krippendorff_alpha([[1, 1, 1], [2, 2, None], [5, 5, 5]], "ordinal") == 1.0


def test_alpha_is_zero_or_below_when_agreement_is_chance_or_worse():
    assert krippendorff_alpha([[1, 2], [2, 1]], "nominal") < 0


def test_alpha_with_one_value_only_is_undefined_not_one():
    # D_o = D_e = 0: nobody had to tell verdicts apart, so the data cannot show they could.
    assert krippendorff_alpha([[3, 3, 3], [3, 3], [3, 3, None]], "nominal") is None
    assert krippendorff_alpha([[3, 3, 3], [3, 3], [3, 3, None]], "ordinal") is None


def test_alpha_without_data_is_undefined():
    assert krippendorff_alpha([], "nominal") is None
    assert krippendorff_alpha([[None, None], []], "ordinal") is None


def test_a_single_voter_gives_no_alpha():
    # One value per unit: nothing is pairable.
    assert krippendorff_alpha([[1], [2], [5], [4]], "nominal") is None


def test_missing_votes_count_for_nothing():
    units = units_of(KRIPPENDORFF_2011)
    with_lonely_units = [*units, [4, None, None, None], [None, None, 1, None], []]
    assert krippendorff_alpha(with_lonely_units, "ordinal") == pytest.approx(
        krippendorff_alpha(units, "ordinal")
    )


def test_unknown_level_is_an_error():
    with pytest.raises(ValueError, match="level"):
        krippendorff_alpha([[1, 2]], "ratio")


@pytest.mark.parametrize(
    ("alpha", "reading"),
    [(None, "undefined"), (0.8, "good"), (0.95, "good"), (0.667, "tentative"), (0.5, "low")],
)
def test_alpha_readings_follow_krippendorffs_thresholds(alpha, reading):
    assert alpha_reading(alpha) == reading


# ----------------------------------------------------------------- weighted Cohen's kappa


def pairs_of(table: list[list[int]]) -> list[tuple[int, int]]:
    """A contingency table (rows: first coder's category, columns: second's) as pairs."""
    return [
        (i, j) for i, row in enumerate(table) for j, count in enumerate(row) for _ in range(count)
    ]


# Altman, D. G. (1991). Practical Statistics for Medical Research, 403-405: two radiologists
# classify 85 xeromammograms (normal, benign, suspected cancer, cancer; Boyd et al. 1982).
# The same data are rate2.dta in the Stata Base Reference Manual, [R] kappa, where
# `kap rada radb, wgt(w)` (linear weights 1 - |i - j| / (k - 1)) prints agreement 86.67%,
# expected 69.11%, kappa 0.5684; unweighted, kappa 0.4728.
XEROMAMMOGRAMS = [[21, 12, 0, 0], [4, 17, 1, 0], [3, 9, 15, 2], [0, 0, 0, 1]]

# SAS PROC FREQ output for weighted kappa with its default Cicchetti-Allison weights (linear),
# as quoted in statsmodels' test suite (statsmodels/stats/tests/test_inter_rater.py): a 3x3
# table with weighted kappa 0.4701, and J. Uebersax's SAS example with 0.2895.
SAS_TABLE10 = [[0, 4, 1], [0, 8, 0], [0, 1, 5]]
UEBERSAX_SAS = [[0, 0, 0], [5, 16, 3], [8, 12, 28]]


@pytest.mark.parametrize(
    ("table", "published"),
    [(XEROMAMMOGRAMS, 0.5684), (SAS_TABLE10, 0.4701), (UEBERSAX_SAS, 0.2895)],
    ids=["Altman 1991 / Stata", "SAS table10", "Uebersax SAS"],
)
def test_weighted_kappa_matches_published_values(table, published):
    assert round(cohen_kappa_linear(pairs_of(table)), 4) == published


def test_weighted_kappa_does_not_depend_on_where_the_scale_starts():
    shifted = [(a + 1, b + 1) for a, b in pairs_of(XEROMAMMOGRAMS)]
    assert round(cohen_kappa_linear(shifted), 4) == 0.5684


def test_weighted_kappa_is_one_for_identical_varied_votes():
    assert cohen_kappa_linear([(1, 1), (3, 3), (5, 5)]) == 1.0


def test_weighted_kappa_is_undefined_without_variation_or_data():
    assert cohen_kappa_linear([(4, 4)] * 6) is None
    assert cohen_kappa_linear([]) is None


# --------------------------------------------------------------------- figures over votes

DAY = date(2026, 3, 10)


def record(claim, reviewer, rating, value=None, *, round=1, day=DAY, **flags) -> VoteRecord:
    """A vote; the rating id doubles as the scale value unless ``value`` says otherwise."""
    value = rating if value is None and rating <= 5 else value
    return VoteRecord(
        claim_id=claim, round=round, reviewer_id=reviewer, rating_id=rating, value=value,
        unit_started=day, **flags,
    )  # fmt: skip


def krippendorff_records() -> list[VoteRecord]:
    return [
        record(unit, coder, value)
        for coder, row in enumerate(KRIPPENDORFF_2011, start=1)
        for unit, value in enumerate(row, start=1)
        if value is not None
    ]


def test_measure_gives_the_reference_alphas_over_votes():
    figures = measure(krippendorff_records(), panel_size=4, majority=3)
    assert (round(figures.nominal, 3), round(figures.ordinal, 3)) == (0.743, 0.815)
    assert (figures.claims, figures.votes, figures.reviewers) == (12, 41, 4)


def test_no_data_at_all():
    figures = measure([], panel_size=3, majority=2)
    assert figures == Agreement()
    assert figures.to_dict() == {
        "claims": 0,
        "votes": 0,
        "reviewers": 0,
        "disputed": 0,
        "krippendorff_alpha": {"nominal": None, "ordinal": None},
        "pairs": [],
        "monthly": [],
        "pending": 0,
    }


def test_a_single_voter_is_counted_but_gives_no_figure():
    figures = measure([record(c, 7, 1 + c % 5) for c in range(10)], panel_size=1, majority=1)
    assert (figures.claims, figures.votes, figures.reviewers) == (10, 10, 1)
    assert (figures.nominal, figures.ordinal, figures.pairs) == (None, None, [])


def test_off_scale_votes_are_missing_in_the_ordinal_figure_only():
    misleading = 6  # a rating without a value
    votes = [record(1, 1, 5), record(1, 2, misleading, None), record(2, 1, 2), record(2, 2, 2)]
    votes += [record(3, 1, 4), record(3, 2, 4), record(4, 1, misleading), record(4, 2, 1)]
    figures = measure(votes, panel_size=2, majority=2)
    assert figures.nominal == pytest.approx(
        krippendorff_alpha([[5, misleading], [2, 2], [4, 4], [misleading, 1]], "nominal")
    )
    # Claims 1 and 4 keep one value each on the scale: not pairable.
    assert figures.ordinal == pytest.approx(krippendorff_alpha([[2, 2], [4, 4]], "ordinal"))
    assert figures.ordinal == 1.0


def test_one_verdict_only_is_undefined_in_json_not_nan():
    figures = measure([record(c, r, 3) for c in range(4) for r in (1, 2)], panel_size=2, majority=2)
    body = json.loads(json.dumps(figures.to_dict(), allow_nan=False))
    assert body["krippendorff_alpha"] == {"nominal": None, "ordinal": None}
    assert body["monthly"][0]["krippendorff_alpha"] == {"nominal": None, "ordinal": None}


def test_a_complete_panel_without_majority_is_disputed():
    votes = [record(1, 1, 1), record(1, 2, 3), record(1, 3, 5)]  # split
    votes += [record(2, 1, 1), record(2, 2, 1), record(2, 3, 5)]  # a majority
    votes += [record(3, 1, 1), record(3, 2, 5)]  # an old round, never completed
    votes += [record(4, r, 2, claim_disputed=True) for r in (1, 2, 3)]  # disputed now
    assert measure(votes, panel_size=3, majority=2).disputed == 2


def test_a_panel_still_voting_is_left_out_until_complete():
    closed = [record(c, r, 1 + (c * r) % 5) for c in range(1, 7) for r in (1, 2, 3)]
    voting = [record(9, 1, 1, voting_open=True), record(9, 2, 2, voting_open=True)]
    figures = measure(closed + voting, panel_size=3, majority=2)
    assert figures == replace(measure(closed, panel_size=3, majority=2), pending=1)
    complete = [*voting, record(9, 3, 2, voting_open=True)]
    assert measure(closed + complete, panel_size=3, majority=2).claims == 7


def test_only_a_pending_panel_gives_nothing_but_the_pending_count():
    figures = measure([record(1, 1, 2, voting_open=True)], panel_size=3, majority=2)
    assert figures == Agreement(pending=1)


def test_pairs_need_min_shared_claims():
    def votes(claims: int) -> list[VoteRecord]:
        return [record(c, r, 1 + (c + r) % 5) for c in range(claims) for r in (1, 2)]

    assert measure(votes(MIN_SHARED - 1), panel_size=2, majority=2).pairs == []
    (pair,) = measure(votes(MIN_SHARED), panel_size=2, majority=2).pairs
    assert (pair.a, pair.b, pair.claims, pair.on_scale) == (1, 2, MIN_SHARED, MIN_SHARED)
    assert pair.cohen_kappa_weighted == pytest.approx(
        cohen_kappa_linear([(1 + (c + 1) % 5, 1 + (c + 2) % 5) for c in range(MIN_SHARED)])
    )
    assert set(pair.to_dict()) == {"a", "b", "claims", "cohen_kappa_weighted"}


def test_a_pair_with_too_few_votes_on_the_scale_has_no_kappa():
    off = 7
    votes = [record(c, r, off, None) for c in range(MIN_SHARED) for r in (1, 2)]
    votes += [record(99, 1, 1), record(99, 2, 2)]
    (pair,) = measure(votes, panel_size=2, majority=2).pairs
    assert (pair.claims, pair.on_scale, pair.cohen_kappa_weighted) == (MIN_SHARED + 1, 1, None)


def test_months_run_without_gaps_across_the_year_end():
    votes = [record(1, 1, 1, day=date(2025, 11, 30)), record(1, 2, 2, day=date(2025, 11, 30))]
    votes += [record(2, 1, 3, day=date(2026, 2, 1)), record(2, 2, 3, day=date(2026, 2, 1))]
    months = measure(votes, panel_size=2, majority=2).monthly
    assert [m.month for m in months] == ["2025-11", "2025-12", "2026-01", "2026-02"]
    assert [(m.claims, m.votes) for m in months] == [(1, 2), (0, 0), (0, 0), (1, 2)]
    assert months[1].nominal is None and months[1].ordinal is None


def test_the_answer_has_the_contracts_keys():
    body = measure(krippendorff_records(), panel_size=4, majority=3).to_dict()
    contract = {"claims", "votes", "reviewers", "disputed", "krippendorff_alpha", "pairs"}
    assert contract <= set(body)
    assert set(body) - contract == {"monthly", "pending"}
    assert set(body["krippendorff_alpha"]) == {"nominal", "ordinal"}
    assert all(set(p) == {"a", "b", "claims", "cohen_kappa_weighted"} for p in body["pairs"])
    assert body["pairs"] and all(p["a"] < p["b"] for p in body["pairs"])
