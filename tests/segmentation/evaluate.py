"""Score a sentence splitter against the project's test set (tests/segmentation/cases.py).

Used by the accuracy test and by ``python tests/segmentation/evaluate.py``, which
prints the exact-match accuracy of our segmenter and of the bare libraries.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from tests.segmentation.cases import CASES
from tests.segmentation.heldout import HELDOUT

Splitter = Callable[[str], list[tuple[int, int]]]


def parse_case(marked: str) -> tuple[str, list[tuple[int, int]]]:
    """Text without the ``|`` marks, and the expected sentence offsets in it."""
    text = marked.replace("|", "")
    spans: list[tuple[int, int]] = []
    pos = 0
    for piece in marked.split("|"):
        stripped = piece.strip().lstrip("\ufeff").strip()
        if stripped:
            start = text.index(stripped, pos)
            spans.append((start, start + len(stripped)))
        pos += len(piece)
    return text, spans


def evaluate(
    split: Splitter, cases: list[tuple[str, str]] = CASES
) -> tuple[int, int, list[tuple[str, list[str], list[str]]]]:
    """(sentences matched exactly, sentences expected, failed cases with got/expected)."""
    matched = total = 0
    failures = []
    for _category, marked in cases:
        text, expected = parse_case(marked)
        got = split(text)
        matched += len(set(expected) & set(got))
        total += len(expected)
        if got != expected:
            failures.append((marked, [text[s:e] for s, e in got], [text[s:e] for s, e in expected]))
    return matched, total, failures


def syntok_split(text: str) -> list[tuple[int, int]]:
    """Bare syntok, sentence offsets from its tokens."""
    from syntok import segmenter

    spans = []
    for paragraph in segmenter.analyze(text):
        for sentence in paragraph:
            start = sentence[0].offset
            last = sentence[-1]
            spans.append((start, last.offset + len(last.value)))
    return spans


def spacy_split(text: str) -> list[tuple[int, int]]:
    """Bare spaCy rule-based sentencizer (``spacy.blank("en")``), whitespace trimmed."""
    import spacy

    global _NLP
    if _NLP is None:
        _NLP = spacy.blank("en")
        _NLP.add_pipe("sentencizer")
    spans = []
    for sentence in _NLP(text).sents:
        start, end = sentence.start_char, sentence.end_char
        while start < end and (text[start].isspace() or text[start] == "\ufeff"):
            start += 1
        while end > start and text[end - 1].isspace():
            end -= 1
        if end > start:
            spans.append((start, end))
    return spans


_NLP = None


def pysbd_split(text: str) -> list[tuple[int, int]]:
    """Bare pysbd with character spans, whitespace trimmed from each span."""
    import pysbd

    segmenter = pysbd.Segmenter(language="en", clean=False, char_span=True)
    spans = []
    for span in segmenter.segment(text):
        start, end = span.start, span.end
        while start < end and (text[start].isspace() or text[start] == "\ufeff"):
            start += 1
        while end > start and text[end - 1].isspace():
            end -= 1
        if end > start:
            spans.append((start, end))
    return spans


def main() -> None:
    from annotations.segmentation import split_sentences

    verbose = "-v" in sys.argv
    for set_name, case_set in (("test set (cases.py)", CASES), ("held-out", HELDOUT)):
        print(f"== {set_name}")
        _report(split_sentences, case_set, verbose)


def _report(ours: Splitter, case_set: list[tuple[str, str]], verbose: bool) -> None:
    for name, split in (
        ("ours (annotations.segmentation)", ours),
        ("spaCy 3.8.18 sentencizer (bare)", spacy_split),
        ("syntok 1.4.4 (bare)", syntok_split),
        ("pysbd 0.3.4 (bare)", pysbd_split),
    ):
        matched, total, failures = evaluate(split, case_set)
        cases = len(case_set)
        print(
            f"{name:34} sentences {matched}/{total} = {matched / total:.1%}   "
            f"cases {cases - len(failures)}/{cases} = {(cases - len(failures)) / cases:.1%}"
        )
        if verbose and split in (ours, spacy_split):
            for marked, got, expected in failures:
                print("  CASE", repr(marked))
                print("   got", got)
                print("   exp", expected)


if __name__ == "__main__":
    main()
