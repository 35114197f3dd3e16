"""The second labellings of the held-out parts (``agreement/``) label exactly their sentences.

``bench/agreement.py`` compares them with the writers' labels; that comparison is only sound
when both labellings cover the same sentences of the same articles, in the same order, with
labels and types of the guidelines.
"""

import pytest

from bench.agreement import AGREEMENT, agreement_parts, kappa
from tests.checkworthiness.corpus import DEV_PARTS, HELDOUT_PARTS, LABELS, load

TYPES = {
    "quantity",
    "correlation_causation",
    "rules",
    "support",
    "event",
    "prediction",
    "opinion",
    "personal_experience",
    "none",
}


def test_every_held_out_part_has_a_second_labelling():
    assert [part for part, _ in agreement_parts()] == list(HELDOUT_PARTS), AGREEMENT


@pytest.mark.parametrize(
    ("part", "second"), agreement_parts((*DEV_PARTS, *HELDOUT_PARTS)), ids=lambda p: p.stem
)
def test_second_labelling_covers_the_same_sentences(part, second):
    first, other = load(part), load(second)
    assert [a.id for a in other] == [a.id for a in first]
    for a, b in zip(first, other, strict=True):
        assert (b.genre, b.register, b.body) == (a.genre, a.register, a.body)
        assert [s.text for s in b.sentences] == [s.text for s in a.sentences]
        assert {s.label for s in b.sentences} <= set(LABELS)
        assert {s.type for s in b.sentences} <= TYPES


def test_kappa_is_one_for_the_same_labels_and_zero_by_chance():
    assert kappa([("check", "check"), ("no", "no"), ("no", "no")]) == 1.0
    # Each side says check half the time, independently: agreement is what chance gives.
    pairs = [("check", "check"), ("check", "no"), ("no", "check"), ("no", "no")]
    assert kappa(pairs) == 0.0
