"""The sentence splitter is spaCy's sentencizer plus our correction layer, not our rules alone."""

import pytest

from annotations.segmentation import sentences as segmentation
from annotations.segmentation import split_sentences
from tests.segmentation.evaluate import spacy_split


def _texts(text: str, spans: list[tuple[int, int]]) -> list[str]:
    return [text[s:e] for s, e in spans]


def test_plain_boundaries_come_from_spacy(monkeypatch: pytest.MonkeyPatch):
    text = "It rained. The match was called off."
    assert _texts(text, split_sentences(text)) == ["It rained.", "The match was called off."]
    # Without spaCy's proposals an ordinary full stop is no boundary: our layer only corrects.
    monkeypatch.setattr(segmentation, "_spacy_starts", lambda texts: [[] for _ in texts])
    assert _texts(text, split_sentences(text)) == [text]


@pytest.mark.parametrize(
    "text, expected",
    [
        # false spaCy splits that the layer merges
        (
            "Lt. Col. James Brady commanded the unit.",
            ["Lt. Col. James Brady commanded the unit."],
        ),
        ("It is ranked No. 3 in the world.", ["It is ranked No. 3 in the world."]),
        ("Smith et al. found a link.", ["Smith et al. found a link."]),
        ("\u201cWhy now?\u201d Lavrov asked.", ["\u201cWhy now?\u201d Lavrov asked."]),
        # boundaries spaCy misses that the layer adds
        (
            "He moved to the U.S. There he found work.",
            ["He moved to the U.S.", "There he found work."],
        ),
        ("It starts at 9 a.m. Lunch is at noon.", ["It starts at 9 a.m.", "Lunch is at noon."]),
        ("He paused... Then he walked out.", ["He paused...", "Then he walked out."]),
        # spaCy leaves the opening quote on the previous sentence; the layer moves it
        (
            "\u201cWe stay,\u201d he said. \u201cWe fight.\u201d",
            ["\u201cWe stay,\u201d he said.", "\u201cWe fight.\u201d"],
        ),
    ],
)
def test_the_layer_corrects_what_bare_spacy_gets_wrong(text: str, expected: list[str]):
    assert _texts(text, spacy_split(text)) != expected  # bare spaCy fails here
    assert _texts(text, split_sentences(text)) == expected


def test_the_pipeline_is_built_once_with_only_the_sentencizer():
    nlp = segmentation._pipeline()
    assert nlp is segmentation._pipeline()
    assert nlp.pipe_names == ["sentencizer"]
