"""The bars of issue 13, measured on the held-out parts (never tuned on): a measurement only.

Per genre: must-flag recall >= 0.92 and must-not-flag flagged <= 0.15, with the product's own
rule (annotations.models.is_suggested: suggestible kinds, the configured threshold) on the
segments that ingest makes of each article. Four held-out parts: ``heldout.jsonl``,
``heldout2.jsonl`` (written before the word model was tuned), ``heldout3.jsonl`` (written
before the third round) and ``heldout4.jsonl`` (written before the fourth).

Measured once at the end of the fourth round (docs/segmentation.md): held-out recall 0.936,
must-not flagged 0.161, five genres below a bar; held-out 2 recall 0.911, flagged 0.106, five
genres; held-out 3 recall 0.964, flagged 0.107, five genres; held-out 4 recall 0.899, flagged
0.139, six genres. The bars test is an expected failure on
each part until a scorer meets them there (strict: it fails loudly the day a part passes, so
that part's marker comes off and it becomes a plain assertion). The gain over the first
scorer is asserted as it stands.
"""

import pytest

from annotations.checkworthiness import score_sentence
from annotations.models import is_suggested
from bench.baseline import checkworthiness_v1
from tests.checkworthiness.corpus import (
    HELDOUT,
    HELDOUT2,
    HELDOUT3,
    HELDOUT4,
    HELDOUT5,
    HELDOUT6,
    HELDOUT7,
    load,
    measure,
)

RECALL_BAR = 0.92
FALSE_FLAG_BAR = 0.15
NOT_MET = pytest.mark.xfail(
    strict=True, reason="held-out bars not met yet in every genre (issue 13)"
)


def flag(kind: str, text: str) -> bool:
    return is_suggested(kind, score_sentence(text).score)


def previous_flag(kind: str, text: str) -> bool:
    return kind == "sentence" and checkworthiness_v1.score_sentence(text).score >= 0.5


@pytest.mark.parametrize(
    "part",
    [
        pytest.param(HELDOUT, marks=NOT_MET),
        pytest.param(HELDOUT2, marks=NOT_MET),
        pytest.param(HELDOUT3, marks=NOT_MET),
        pytest.param(HELDOUT4, marks=NOT_MET),
        pytest.param(HELDOUT5, marks=NOT_MET),
        pytest.param(HELDOUT6, marks=NOT_MET),
        pytest.param(HELDOUT7, marks=NOT_MET),
    ],
    ids=["heldout", "heldout2", "heldout3", "heldout4", "heldout5", "heldout6", "heldout7"],
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


@pytest.mark.parametrize(
    "part",
    [HELDOUT, HELDOUT2, HELDOUT3, HELDOUT4, HELDOUT5, HELDOUT6, HELDOUT7],
    ids=["heldout", "heldout2", "heldout3", "heldout4", "heldout5", "heldout6", "heldout7"],
)
def test_the_scorer_beats_the_previous_one_on_held_out(part):
    articles = load(part)
    new = measure(articles, flag).overall
    old = measure(articles, previous_flag).overall
    assert new.recall > old.recall + 0.15
    assert new.false_flag_rate < old.false_flag_rate - 0.05
    assert new.f1 > old.f1 + 0.1
