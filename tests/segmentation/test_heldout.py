"""Accuracy on held-out news paragraphs (heldout.py), written before the spaCy layer was tuned."""

from annotations.segmentation import split_sentences
from tests.segmentation.evaluate import evaluate, parse_case
from tests.segmentation.heldout import HELDOUT


def test_the_held_out_set_has_at_least_20_paragraphs_not_in_the_test_set():
    from tests.segmentation.cases import CASES

    assert len(HELDOUT) >= 20
    test_texts = {parse_case(marked)[0] for _category, marked in CASES}
    assert not any(parse_case(marked)[0] in test_texts for _category, marked in HELDOUT)


def test_exact_match_sentence_accuracy_on_held_out_news_is_at_least_98_percent():
    matched, total, failures = evaluate(split_sentences, HELDOUT)
    assert total >= 60
    assert matched / total >= 0.98, failures
