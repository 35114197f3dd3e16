"""The bars of issue 13, measured on the held-out corpus (never tuned on): a measurement only.

Per genre: must-flag recall >= 0.92 and must-not-flag flagged <= 0.15, with the product's own
rule (annotations.models.is_suggested: suggestible kinds, the configured threshold) on the
segments that ingest makes of each article.

Measured at the end (docs/segmentation.md): overall recall 0.919, must-not flagged 0.195;
six of nine genres below a bar. The bars test is an expected failure until a scorer
meets them (strict: it fails loudly the day it passes, so the marker comes off then). The
gain over the previous scorer is asserted as it stands.
"""

import pytest

from annotations.checkworthiness import score_sentence
from annotations.models import is_suggested
from bench.baseline import checkworthiness_v1
from tests.checkworthiness.corpus import HELDOUT, load, measure

RECALL_BAR = 0.92
FALSE_FLAG_BAR = 0.15


def flag(kind: str, text: str) -> bool:
    return is_suggested(kind, score_sentence(text).score)


def previous_flag(kind: str, text: str) -> bool:
    return kind == "sentence" and checkworthiness_v1.score_sentence(text).score >= 0.5


@pytest.mark.xfail(
    strict=True,
    reason="held-out bars not met yet: recall 0.919, must-not flagged 0.195 (issue 13)",
)
def test_held_out_bars_hold_in_every_genre():
    result = measure(load(HELDOUT), flag)
    assert len(result.genres) >= 8
    below = {
        genre: (round(c.recall, 3), round(c.false_flag_rate, 3))
        for genre, c in result.genres.items()
        if c.recall < RECALL_BAR or c.false_flag_rate > FALSE_FLAG_BAR
    }
    assert not below, below


def test_the_scorer_beats_the_previous_one_on_held_out():
    articles = load(HELDOUT)
    new = measure(articles, flag).overall
    old = measure(articles, previous_flag).overall
    assert new.recall > old.recall + 0.15
    assert new.false_flag_rate < old.false_flag_rate - 0.05
    assert new.f1 > old.f1 + 0.1
