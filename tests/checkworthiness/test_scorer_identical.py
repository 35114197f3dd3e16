"""The scorer's output, pinned: every score and every reason, byte for byte.

Speed work on the scorer must not change a single score or reason. The digests below are
SHA-256 over the JSON of ``score_sentence`` (score, then each reason's kind, text, start
and end, in order) and of ``features`` (sorted by name) for every labelled sentence of the
development and held-out parts, every segment ingest would score in their bodies, the
seed article's segments and the segmentation test cases' sentences. They were computed
with the scorer as it stood before the speed work; a change to the model or the signals
that is meant to change scores updates them on purpose (``python -m
tests.checkworthiness.test_scorer_identical`` prints the new ones).
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

from annotations.checkworthiness import features, score_sentence
from annotations.segmentation import segment
from tests.checkworthiness.corpus import (
    DEV_PARTS,
    HELDOUT_PARTS,
    load,
)
from tests.segmentation.cases import CASES
from tests.segmentation.evaluate import parse_case

SEED = Path(__file__).resolve().parents[2] / "seeds" / "russia-mali-wagner-group.txt"
PARTS = (*DEV_PARTS, *HELDOUT_PARTS)

SCORES_DIGEST = "992252c4212735c6d41b1931feea43c1b71ca497725f38d8ddfbc03d3bc35cbc"
FEATURES_DIGEST = "374790f8b4ee81e39ec0b5990fb0e9e22db0c7a78bba337fda2a7c2a3d24bb76"


def pinned_texts() -> list[str]:
    """Every text the digests cover, in a fixed order (repeats kept: order is checked too)."""
    texts = []
    for part in PARTS:
        for article in load(part):
            texts.extend(s.text for s in article.sentences)
            texts.extend(span.text for span in segment(article.body))
    texts.extend(span.text for span in segment(SEED.read_text(encoding="utf-8")))
    for _category, marked in CASES:
        text, spans = parse_case(marked)
        texts.extend(text[s:e] for s, e in spans)
    return texts


def _digest(rows: list) -> str:
    data = json.dumps(rows, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(data.encode("utf-8")).hexdigest()


def digests(texts: list[str]) -> tuple[str, str]:
    scores = []
    values = []
    for text in texts:
        result = score_sentence(text)
        scores.append(
            [repr(result.score), [[r.kind, r.text, r.start, r.end] for r in result.reasons]]
        )
        values.append(sorted((k, repr(v)) for k, v in features(text).items()))
    return _digest(scores), _digest(values)


def test_every_score_and_reason_is_unchanged():
    texts = pinned_texts()
    assert len(texts) > 5000
    scores, values = digests(texts)
    assert scores == SCORES_DIGEST
    assert values == FEATURES_DIGEST


if __name__ == "__main__":
    found = pinned_texts()
    print(len(found), *digests(found))
