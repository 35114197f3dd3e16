"""Exact-match sentence accuracy on the project's own test set (cases.py)."""

from annotations.segmentation import split_sentences
from tests.segmentation.cases import CASES
from tests.segmentation.evaluate import evaluate, parse_case


def test_the_test_set_has_at_least_150_cases():
    assert len(CASES) >= 150


def test_case_marks_parse_into_offsets_of_the_text():
    text, spans = parse_case("He left. |She \u201cstayed.\u201d\n|Fin")
    assert text == "He left. She \u201cstayed.\u201d\nFin"
    assert [text[s:e] for s, e in spans] == ["He left.", "She \u201cstayed.\u201d", "Fin"]


def test_exact_match_sentence_accuracy_is_at_least_98_percent():
    matched, total, failures = evaluate(split_sentences)
    assert matched / total >= 0.98, failures
