"""The bars of issue 13, measured on the held-out parts (never tuned on): a measurement only.

Per genre: must-flag recall >= 0.92 and must-not-flag flagged <= 0.15, with the product's own
rule (annotations.models.is_suggested: suggestible kinds, the configured threshold) on the
segments that ingest makes of each article. The held-out parts are listed in
``tests/checkworthiness/corpus.py`` (``HELDOUT_PARTS``); parts 1-4 of earlier rounds became
development parts (dev8-dev11) in round 5, parts 5-9 (dev12-dev16) in round 6, parts 10 and
11 (dev21, dev22) in round 7, parts 12-15 (dev23-dev26) in round 8, parts 16-19
(dev29-dev32) in round 9, parts 20-23 (dev35-dev38) in round 10, parts 24-27 (dev39-dev42)
in round 11. Their figures are in
docs/segmentation.md. The bars test is an expected failure on each part until a scorer meets
them there (strict: it fails loudly the day a part passes, so that part goes into ``MET`` and
it becomes a plain assertion). The gain over the first scorer is asserted as it stands.
"""

import pytest

from annotations.checkworthiness import score_sentence
from annotations.models import is_suggested
from bench.baseline import checkworthiness_v1
from tests.checkworthiness.corpus import HELDOUT_PARTS, load, measure

RECALL_BAR = 0.92
FALSE_FLAG_BAR = 0.15
NOT_MET = pytest.mark.xfail(
    strict=True, reason="held-out bars not met yet in every genre (issue 13)"
)


def flag(kind: str, text: str) -> bool:
    return is_suggested(kind, score_sentence(text).score)


def previous_flag(kind: str, text: str) -> bool:
    return kind == "sentence" and checkworthiness_v1.score_sentence(text).score >= 0.5


# Each held-out part whose bars are not met yet (all of them): a strict expected failure.
MET: set[str] = set()


@pytest.mark.parametrize(
    "part",
    [pytest.param(p, marks=() if p.stem in MET else NOT_MET) for p in HELDOUT_PARTS],
    ids=[p.stem for p in HELDOUT_PARTS],
)
def test_held_out_bars_hold_in_every_genre(part):
    result = measure(load(part), flag)
    assert len(result.genres) >= 8
    below = {
        genre: (round(c.recall, 3), round(c.false_flag_rate, 3))
        for genre, c in result.genres.items()
        if c.recall < RECALL_BAR or c.false_flag_rate > FALSE_FLAG_BAR
    }
    assert not below, below


@pytest.mark.parametrize("part", HELDOUT_PARTS, ids=[p.stem for p in HELDOUT_PARTS])
def test_the_scorer_beats_the_previous_one_on_held_out(part):
    articles = load(part)
    new = measure(articles, flag).overall
    old = measure(articles, previous_flag).overall
    # Recall by at least 0.10: the first scorer already finds 0.78 of held-out 21's claims
    # (0.93 now); on the parts before it the gain was 0.15 or more.
    assert new.recall > old.recall + 0.10
    assert new.false_flag_rate < old.false_flag_rate - 0.05
    assert new.f1 > old.f1 + 0.1
