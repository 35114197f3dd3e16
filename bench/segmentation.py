"""Sentence segmentation throughput: ours vs the bare spaCy sentencizer it builds on.

Run: ``python bench/segmentation.py`` (add ``--syntok`` and/or ``--pysbd`` to time
those bare libraries as extra columns). ``segment + scoring`` is what ingest does per
article (``build_segments`` without the database): segment, then score every sentence and
list item with its reasons; it is timed with today's scorer and with two frozen earlier ones
(``bench/baseline/checkworthiness_v4/``, the scorer before issue 13's fifth round, and
``checkworthiness_v1.py``, the first) in the same run.
The text is generated deterministically from the seed article's paragraphs and the
sentences of our test set, shuffled into paragraphs of one to five sentences. Each
bare library gets the text split into lines first (they are not paragraph-aware);
ours gets the whole text, as ingest does.
"""

from __future__ import annotations

import random
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from annotations.checkworthiness import score_sentence  # noqa: E402
from annotations.segmentation import (  # noqa: E402
    blocks,
    segment,
    split_sentences,
)
from bench.baseline import checkworthiness_v1, checkworthiness_v4  # noqa: E402
from tests.segmentation.cases import CASES  # noqa: E402
from tests.segmentation.evaluate import parse_case  # noqa: E402

TARGET_BYTES = 1024 * 1024
ROUNDS = 5


def news_like_text(target_bytes: int = TARGET_BYTES, seed: int = 7) -> str:
    """Deterministic news-like text: seed-article lines and test-set sentences."""
    rng = random.Random(seed)
    seed_lines = [
        line.strip()
        for line in (ROOT / "seeds" / "russia-mali-wagner-group.txt")
        .read_text(encoding="utf-8")
        .splitlines()
        if line.strip()
    ]
    sentences = []
    for _category, marked in CASES:
        text, spans = parse_case(marked)
        sentences.extend(text[s:e] for s, e in spans if "\n" not in text[s:e])
    paragraphs: list[str] = []
    size = 0
    while size < target_bytes:
        if rng.random() < 0.5:
            paragraph = rng.choice(seed_lines)
        else:
            paragraph = " ".join(rng.choice(sentences) for _ in range(rng.randint(1, 5)))
        paragraphs.append(paragraph)
        size += len(paragraph.encode("utf-8")) + 1
    return "\n".join(paragraphs)


def _time_interleaved(jobs: list[tuple]) -> list[tuple[float, int]]:
    """Best-of-ROUNDS seconds and result count per job, rounds interleaved across jobs.

    Interleaving keeps a burst of load from other processes on the machine from
    landing on one contender only, which would skew the ratio.
    """
    best = [float("inf")] * len(jobs)
    counts = [0] * len(jobs)
    for _ in range(ROUNDS):
        for i, (fn, *args) in enumerate(jobs):
            blocks._structure.cache_clear()  # each round finds the blocks afresh
            started = time.perf_counter()
            counts[i] = fn(*args)
            best[i] = min(best[i], time.perf_counter() - started)
    return list(zip(best, counts, strict=True))


def ours(text: str) -> int:
    return len(split_sentences(text))


def ours_structure(text: str) -> int:
    return len(segment(text))


def ours_scored(text: str, score=score_sentence) -> int:
    """Segment and score as ingest does: every sentence and list item gets a score and reasons."""
    spans = segment(text)
    for span in spans:
        if span.kind in ("sentence", "list_item"):
            score(span.text)
    return len(spans)


def bare_spacy(lines: list[str], nlp) -> int:
    """spaCy's rule-based sentencizer alone, on the lines, batched with ``nlp.pipe``."""
    return sum(1 for doc in nlp.pipe(lines, batch_size=256) for _sentence in doc.sents)


def spacy_sentencizer():
    """The bare pipeline, built outside the timed part (as ours is, by the warm-up)."""
    import spacy

    nlp = spacy.blank("en")
    nlp.add_pipe("sentencizer")
    return nlp


def bare_syntok(lines: list[str]) -> int:
    from syntok import segmenter
    from syntok.tokenizer import Tokenizer

    tokenizer = Tokenizer()
    return sum(1 for line in lines for _sentence in segmenter.split(tokenizer.tokenize(line)))


def bare_pysbd(lines: list[str]) -> int:
    import pysbd

    segmenter = pysbd.Segmenter(language="en", clean=False, char_span=True)
    return sum(len(segmenter.segment(line)) for line in lines)


def main() -> None:
    text = news_like_text()
    lines = [line for line in text.split("\n") if line.strip()]
    kb = len(text.encode("utf-8")) / 1000
    print(f"input: {kb:,.0f} KB of news-like text, {len(lines):,} paragraphs; best of {ROUNDS}")
    split_sentences("Warm-up. The pipeline loads once.")  # not timed: loading spaCy
    jobs = [
        ("ours: split_sentences", ours, text),
        ("ours: segment (structure too)", ours_structure, text),
        ("bare spaCy 3.8.18 sentencizer (lines)", bare_spacy, lines, spacy_sentencizer()),
        ("ours: segment + scoring (new scorer)", ours_scored, text),
        ("ours: segment + scoring (before, v4)", ours_scored, text,
         checkworthiness_v4.score_sentence),
        ("ours: segment + scoring (first scorer, v1)", ours_scored, text,
         checkworthiness_v1.score_sentence),
    ]  # fmt: skip
    if "--syntok" in sys.argv:
        jobs.append(("bare syntok 1.4.4 (lines)", bare_syntok, lines))
    if "--pysbd" in sys.argv:
        jobs.append(("bare pysbd 0.3.4 (lines)", bare_pysbd, lines))
    timings = _time_interleaved([job[1:] for job in jobs])
    rows = [(job[0], *timing) for job, timing in zip(jobs, timings, strict=True)]
    for name, seconds, count in rows:
        print(f"{name:38} {kb / seconds:8,.0f} KB/s {count / seconds:10,.0f} sentences/s")
    ratio = rows[2][1] / rows[0][1]
    print(f"ratio ours/bare spaCy (split_sentences): {ratio:.2f} (bar: >= 0.50)")
    print(f"ours: {kb / rows[0][1]:,.0f} KB/s (bar: >= 300 KB/s)")
    print(f"segment + scoring (new scorer): {kb / rows[3][1]:,.0f} KB/s (bar: >= 1,000 KB/s)")


if __name__ == "__main__":
    main()
