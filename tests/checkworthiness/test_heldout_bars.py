"""The bars of issue 13, measured on the held-out corpus (never tuned on): a measurement only.

Per genre: must-flag recall >= 0.92 and must-not-flag flagged <= 0.15, with the product's own
rule (annotations.models.is_suggested: suggestible kinds, the configured threshold) on the
segments that ingest makes of each article.
"""

from annotations.checkworthiness import score_sentence
from annotations.models import is_suggested
from tests.checkworthiness.corpus import HELDOUT, load, measure

RECALL_BAR = 0.92
FALSE_FLAG_BAR = 0.15


def flag(kind: str, text: str) -> bool:
    return is_suggested(kind, score_sentence(text).score)


def test_held_out_bars_hold_in_every_genre():
    result = measure(load(HELDOUT), flag)
    assert len(result.genres) >= 8
    below = {
        genre: (round(c.recall, 3), round(c.false_flag_rate, 3))
        for genre, c in result.genres.items()
        if c.recall < RECALL_BAR or c.false_flag_rate > FALSE_FLAG_BAR
    }
    assert not below, below
    assert result.overall.recall >= RECALL_BAR
    assert result.overall.false_flag_rate <= FALSE_FLAG_BAR
