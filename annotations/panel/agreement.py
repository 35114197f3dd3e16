"""How often the panel agrees: Krippendorff's alpha and pairwise weighted Cohen's kappa.

A *unit* is one review round of one claim (a proposal) with the panel's votes on it; the
reviewers are the coders. Pure functions over plain records, no Django: the selector
(``agreement_selectors``) reads the votes, the views show the figures.

Why our own module and not PyPI ``krippendorff``: that package computes alpha only (kappa
would be ours anyway), answers a domain with one value by raising or with NaN where we need
"undefined" (null), and is GPL-3.0-or-later, a licence choice the project has not made. The
coincidence-matrix formula is short; tests/panel/test_agreement_maths.py checks it against
the published values of Krippendorff (2011) and the kappa against SAS and Stata examples.

Undefined is ``None`` (null in JSON), never NaN and never 1.0:
- no unit with two or more votes (no data, a single voter, a panel of one): nothing was
  compared, so there is no agreement to measure;
- every vote has the same value: alpha = 1 - D_o / D_e with D_o = D_e = 0. Krippendorff
  (2011) leaves this undefined: the reviewers never had to tell verdicts apart, so the data
  say nothing about whether they could. Reporting 1.0 would claim perfect reliability from
  data that cannot show any.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Callable, Hashable, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date
from itertools import combinations
from typing import Any, Literal

Level = Literal["nominal", "ordinal", "interval"]

# Two reviewers get a kappa once they have voted on this many of the same claims (and as many
# of those votes are on the numeric scale): below it, one vote more or less swings the figure
# across the whole range.
MIN_SHARED = 5

# Krippendorff (2004, 241): rely on data with alpha >= .800; draw tentative conclusions only
# from alpha >= .667.
ALPHA_GOOD = 0.8
ALPHA_TENTATIVE = 0.667


def krippendorff_alpha(
    units: Iterable[Iterable[Hashable | None]], level: Level = "nominal"
) -> float | None:
    """Krippendorff's alpha over ``units``, each the values its coders gave (None: missing).

    Values must be numbers for "ordinal" and "interval". Units with fewer than two values
    are not pairable and count for nothing; None when alpha is undefined (module docstring).
    """
    pairable: list[Counter] = []
    for unit in units:
        values = Counter(value for value in unit if value is not None)
        if values.total() >= 2:
            pairable.append(values)
    totals: Counter = Counter()
    for values in pairable:
        totals.update(values)
    if len(totals) < 2:
        return None
    # The coincidence matrix: each ordered pair of values from different coders in a unit of
    # m values counts 1 / (m - 1), so that every pairable value carries a weight of one.
    coincidences: dict[tuple[Hashable, Hashable], float] = defaultdict(float)
    for values in pairable:
        m = values.total()
        for c, n_c in values.items():
            for k, n_k in values.items():
                pairs = n_c * (n_k - 1) if c == k else n_c * n_k
                if pairs:
                    coincidences[c, k] += pairs / (m - 1)
    n = totals.total()
    distance = _distance(level, totals)
    observed = sum(count * distance(c, k) for (c, k), count in coincidences.items())
    expected = sum(totals[c] * totals[k] * distance(c, k) for c in totals for k in totals)
    if expected == 0:
        return None
    return 1 - (n - 1) * observed / expected


def _distance(level: Level, totals: Mapping[Any, int]) -> Callable[[Any, Any], float]:
    """The squared difference function delta^2 of Krippendorff (2011), by level."""
    if level == "nominal":
        return lambda c, k: 0.0 if c == k else 1.0
    if level == "interval":
        return lambda c, k: float(c - k) ** 2
    if level == "ordinal":
        # Ranks from the observed frequencies: the values between c and k (inclusive), minus
        # half of c's and k's own, squared.
        ordered = sorted(totals)
        position = {value: index for index, value in enumerate(ordered)}
        cumulative = [0]
        for value in ordered:
            cumulative.append(cumulative[-1] + totals[value])

        def ordinal(c: Any, k: Any) -> float:
            low, high = sorted((position[c], position[k]))
            between = cumulative[high + 1] - cumulative[low]
            return (between - (totals[c] + totals[k]) / 2) ** 2

        return ordinal
    raise ValueError(f"Unknown level of measurement: {level}")


def cohen_kappa_linear(pairs: Iterable[tuple[float, float]]) -> float | None:
    """Cohen's (1968) weighted kappa of two coders with linear weights, over (a, b) values.

    kappa_w = 1 - observed / expected disagreement, a disagreement weighing |a - b|: on an
    evenly spaced scale this is the agreement weight 1 - |i - j| / (k - 1) that SAS
    (Cicchetti-Allison) and Stata (``wgt(w)``) use, the constant cancelling out. None when
    there are no pairs or no disagreement is expected (both coders used one and the same
    value throughout: undefined, like alpha).
    """
    pairs = list(pairs)
    if not pairs:
        return None
    n = len(pairs)
    first = Counter(a for a, _ in pairs)
    second = Counter(b for _, b in pairs)
    observed = sum(abs(a - b) for a, b in pairs) / n
    expected = sum(
        count_a * count_b * abs(a - b)
        for a, count_a in first.items()
        for b, count_b in second.items()
    ) / (n * n)
    if expected == 0:
        return None
    return 1 - observed / expected


def alpha_reading(alpha: float | None) -> str:
    """What an alpha means for the desk, in a word: good, tentative, low or undefined."""
    if alpha is None:
        return "undefined"
    if alpha >= ALPHA_GOOD:
        return "good"
    if alpha >= ALPHA_TENTATIVE:
        return "tentative"
    return "low"


# -------------------------------------------------------------------------- the panel's data


@dataclass(frozen=True)
class VoteRecord:
    """One vote as the figures need it (read by ``agreement_selectors.agreement_votes``)."""

    claim_id: int
    round: int
    reviewer_id: int
    rating_id: int
    value: int | None  # Rating.value; None for off-scale verdicts (Misleading, ...)
    unit_started: date  # the (UTC) day of the first vote on this claim's round
    claim_disputed: bool = False  # the claim's flag as it is now
    # This round is the claim's current proposal and still open to votes: until its panel is
    # complete, its votes are blind and stay out of every figure.
    voting_open: bool = False


@dataclass(frozen=True)
class Pair:
    a: int  # reviewer ids, a < b
    b: int
    claims: int  # claims both voted on (in the same round)
    cohen_kappa_weighted: float | None
    on_scale: int  # of those votes, the ones where both are on the numeric scale

    def to_dict(self) -> dict[str, Any]:
        return {
            "a": self.a,
            "b": self.b,
            "claims": self.claims,
            "cohen_kappa_weighted": self.cohen_kappa_weighted,
        }


@dataclass(frozen=True)
class Month:
    month: str  # "2026-03"
    claims: int
    votes: int
    nominal: float | None
    ordinal: float | None

    def to_dict(self) -> dict[str, Any]:
        return {
            "month": self.month,
            "claims": self.claims,
            "votes": self.votes,
            "krippendorff_alpha": {"nominal": self.nominal, "ordinal": self.ordinal},
        }


@dataclass(frozen=True)
class Agreement:
    """The figures over a set of votes (``measure``); ``to_dict`` is the API's answer."""

    claims: int = 0
    votes: int = 0
    reviewers: int = 0
    disputed: int = 0
    nominal: float | None = None
    ordinal: float | None = None
    pairs: list[Pair] = field(default_factory=list)
    monthly: list[Month] = field(default_factory=list)
    pending: int = 0  # claims left out: their panel is still voting on the current proposal

    def to_dict(self) -> dict[str, Any]:
        return {
            "claims": self.claims,
            "votes": self.votes,
            "reviewers": self.reviewers,
            "disputed": self.disputed,
            "krippendorff_alpha": {"nominal": self.nominal, "ordinal": self.ordinal},
            "pairs": [pair.to_dict() for pair in self.pairs],
            "monthly": [month.to_dict() for month in self.monthly],
            "pending": self.pending,
        }


Unit = dict[int, VoteRecord]  # reviewer id -> vote


def measure(votes: Iterable[VoteRecord], *, panel_size: int, majority: int) -> Agreement:
    """Every figure over ``votes``: counts, alpha (nominal over every rating, ordinal over
    Rating.value with off-scale votes as missing), pairwise kappa and the monthly trend.

    A claim counts as disputed when one of its rounds here had a complete panel (at least
    ``panel_size`` votes) with no rating reaching ``majority``, or when it is disputed now.
    Rounds still open to votes with an incomplete panel are left out (``pending``).
    """
    units: dict[tuple[int, int], Unit] = defaultdict(dict)
    for vote in votes:
        units[vote.claim_id, vote.round][vote.reviewer_id] = vote
    pending = {claim_id for (claim_id, _), unit in units.items() if _blind(unit, panel_size)}
    units = {key: unit for key, unit in units.items() if not _blind(unit, panel_size)}
    if not units:
        return Agreement(pending=len(pending))
    nominal, ordinal = _alphas(units.values())
    disputed = {
        claim_id
        for (claim_id, _), unit in units.items()
        if any(vote.claim_disputed for vote in unit.values()) or _split(unit, panel_size, majority)
    }
    return Agreement(
        claims=len({claim_id for claim_id, _ in units}),
        votes=sum(len(unit) for unit in units.values()),
        reviewers=len({reviewer for unit in units.values() for reviewer in unit}),
        disputed=len(disputed),
        nominal=nominal,
        ordinal=ordinal,
        pairs=_pairs(units.values()),
        monthly=_monthly(units),
        pending=len(pending),
    )


def _first(unit: Unit) -> VoteRecord:
    return next(iter(unit.values()))


def _blind(unit: Unit, panel_size: int) -> bool:
    """Still open to votes with seats to fill: who voted what is not for everyone yet."""
    return len(unit) < panel_size and any(vote.voting_open for vote in unit.values())


def _split(unit: Unit, panel_size: int, majority: int) -> bool:
    """A complete panel without a majority for any one rating."""
    if len(unit) < panel_size:
        return False
    return max(Counter(vote.rating_id for vote in unit.values()).values()) < majority


def _alphas(units: Iterable[Unit]) -> tuple[float | None, float | None]:
    # A round with one vote compares nothing (alpha leaves it out anyway): skipping it here
    # saves building its tallies, most of the work on an archive of single-reviewer rounds.
    units = [unit for unit in units if len(unit) >= 2]
    nominal = krippendorff_alpha(([v.rating_id for v in u.values()] for u in units), "nominal")
    ordinal = krippendorff_alpha(([v.value for v in u.values()] for u in units), "ordinal")
    return nominal, ordinal


def _pairs(units: Iterable[Unit]) -> list[Pair]:
    """Weighted kappa for every two reviewers with at least MIN_SHARED claims in common."""
    shared: dict[tuple[int, int], list[tuple[VoteRecord, VoteRecord]]] = defaultdict(list)
    for unit in units:
        for a, b in combinations(sorted(unit), 2):
            shared[a, b].append((unit[a], unit[b]))
    pairs = []
    for (a, b), votes in sorted(shared.items()):
        claims = len({first.claim_id for first, _ in votes})
        if claims < MIN_SHARED:
            continue
        on_scale = [
            (first.value, second.value)
            for first, second in votes
            if first.value is not None and second.value is not None
        ]
        kappa = cohen_kappa_linear(on_scale) if len(on_scale) >= MIN_SHARED else None
        pairs.append(
            Pair(a=a, b=b, claims=claims, cohen_kappa_weighted=kappa, on_scale=len(on_scale))
        )
    return pairs


def _monthly(units: Mapping[tuple[int, int], Unit]) -> list[Month]:
    """Alpha per calendar month of the rounds' first votes, every month from the first to
    the last (empty ones too, so the trend's time axis is even)."""
    by_month: dict[tuple[int, int], list[tuple[tuple[int, int], Unit]]] = defaultdict(list)
    for key, unit in units.items():
        started = _first(unit).unit_started
        by_month[started.year, started.month].append((key, unit))
    first, last = min(by_month), max(by_month)
    months = []
    year, month = first
    while (year, month) <= last:
        entries = by_month.get((year, month), [])
        nominal, ordinal = _alphas(unit for _, unit in entries)
        months.append(
            Month(
                month=f"{year:04d}-{month:02d}",
                claims=len({claim_id for (claim_id, _), _ in entries}),
                votes=sum(len(unit) for _, unit in entries),
                nominal=nominal,
                ordinal=ordinal,
            )
        )
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return months
