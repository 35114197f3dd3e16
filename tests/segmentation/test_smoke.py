"""Smoke test: the seed article segments into spans whose offsets hold."""

from pathlib import Path

from annotations.segmentation import SEGMENT_KINDS, segment

SEED = Path(__file__).resolve().parents[2] / "seeds" / "russia-mali-wagner-group.txt"


def test_seed_spans_reconstruct_the_body():
    body = SEED.read_text(encoding="utf-8")
    spans = segment(body)
    assert spans
    for span in spans:
        assert span.kind in SEGMENT_KINDS
        assert body[span.start : span.end] == span.text
