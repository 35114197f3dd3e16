"""The seed article's full expected segmentation and its claim suggestions."""

import json
from pathlib import Path

from annotations.checkworthiness import NEGATIVE_KINDS, is_suggested, score_sentence
from annotations.documents import read_document
from annotations.segmentation import segment

HERE = Path(__file__).resolve().parent
SEED = HERE.parents[1] / "seeds" / "russia-mali-wagner-group.txt"


def _seed_body() -> str:
    return SEED.read_text(encoding="utf-8")


def _sentences() -> list[str]:
    return [span.text for span in segment(_seed_body()) if span.kind == "sentence"]


def test_seed_segmentation_matches_the_reviewed_expectation():
    expected = json.loads((HERE / "seed_expected.json").read_text(encoding="utf-8"))
    got = [
        {"kind": s.kind, "paragraph": s.paragraph, "start": s.start, "end": s.end, "text": s.text}
        for s in segment(_seed_body())
    ]
    assert got == expected


def test_seed_structure_title_caption_byline_headings():
    spans = segment(_seed_body())
    kinds = [(s.kind, s.text) for s in spans if s.kind != "sentence"]
    title = "Russia Entrenches Its Military Foothold in Mali Despite Damning Human Rights Allegations Against the Wagner Group"  # noqa: E501
    assert kinds[:4] == [
        ("title", title),
        ("title", title),  # the repeated headline is part of the title, never text
        (
            "caption",
            "A woman on a cart passes a sugar cane field burning before the sugar cane harvest"
            " on Jan. 23, 2013, near Niono, 230 miles north of the capital Bamako."
            " (Eric Feferberg/AFP via Getty Images)",
        ),
        ("byline", "Nalova Akua"),
    ]
    assert [text for kind, text in kinds if kind == "heading"] == [
        "Lavrov Condemns the West",
        "Focus on Wagner\u2019s Activities",
        "Human Rights Expert Visits Mali",
        "Islamist Insurgency",
        "France Withdraws Soldiers",
        "African Union Must \u2018Play Leading Role\u2019",
    ]


def test_seed_paragraph_without_final_full_stop_ends_its_sentence():
    sentences = _sentences()
    assert any(s.endswith("the U.N. experts said in a press release") for s in sentences)
    assert any(s.endswith("later replaced by Operation Barkhane") for s in sentences)


def test_seed_document_title_and_byline():
    document = read_document(SEED.read_bytes(), "russia-mali-wagner-group.txt")
    assert document.body == _seed_body()
    assert document.title.startswith("Russia Entrenches Its Military Foothold in Mali")
    assert document.byline == "Nalova Akua"


# Sentences with a figure, a date or a checkable statement of fact: suggested.
SUGGESTED = [
    "During a one-day working visit to Mali on Feb. 7",
    "In January, Lavrov condemned the West",
    "A 2022 study conducted by the Stockholm International Peace Research Institute",
    "But on Jan. 31, U.N. experts called for",
    "The experts also acknowledged having received",
    "\u201cWe are particularly worried by credible reports",
    "Speaking to The Epoch Times from Nigeria, Dr. Chris Kwaja",
    "He said the working group focused more",
    "The U.N. independent expert on the situation of human rights in Mali, Alioune Tine",
    "The aim of the visit, according to Tine",
    "Attacks against civilians by Islamist armed groups",
    "The transitional government that came to power in a 2021 coup",
    "Impunity for past and ongoing abuses",
    "\u201cIn March, Malian and allied security forces allegedly summarily executed over 300",
    "An Islamist insurgency erupted in 2013",
    "The latter involved 5,100 French troops",
    "But on Feb. 17, 2022, France and allied nations announced",
    "The withdrawal applied to both 2,400 French troops",
    "On Feb. 5, Mali\u2019s junta expelled",
]
# Opinions, feelings, predictions and questions: not suggested.
NOT_SUGGESTED = [
    "\u201cFor many Malians, life is characterized by permanent uncertainty.",
    "The untold human suffering cannot be allowed to continue.",
    "We are going to provide our assistance",
    "As a non-state actor, to whom is it accountable?",
    "\u201cFrom a security standpoint, our concern",
    "\u201cWhile the insurgents have celebrated the withdrawal",
    "\u201cTheir government cannot provide for any meaningful protection",
]


# Labelled by tests/checkworthiness/GUIDELINES.md, these are borderline (an official's stated
# position; a feeling with a cause in it): asserted neither way. The previous list put the
# first two among the suggested because a named official said them, which the guidelines
# reject ("attribution does not make a claim").
# "During this visit, I will meet ..." is the expert's plan for his visit: a plan by a person
# is `no` by the guidelines, an official agenda arguably worth noting, so borderline.
BORDERLINE = [
    "\u201cDuring this visit, I will meet public authorities",
    "But speaking during his visit to Mali, Lavrov retorted",
    "In response, Malian foreign affairs minister Abdoulaye Diop said",
    "They are not sure of what the next hour presents",
]


def _find(prefix: str) -> str:
    matches = [s for s in _sentences() if s.startswith(prefix)]
    assert len(matches) == 1, prefix
    return matches[0]


def test_seed_sentences_with_figures_dates_or_named_sources_are_suggested():
    for prefix in SUGGESTED:
        result = score_sentence(_find(prefix))
        assert is_suggested(result.score), (prefix, result)
        assert result.reasons, prefix


def test_seed_opinions_and_feelings_are_not_suggested():
    for prefix in NOT_SUGGESTED:
        result = score_sentence(_find(prefix))
        assert not is_suggested(result.score), (prefix, result)
        assert any(r.kind in NEGATIVE_KINDS for r in result.reasons) or result.score < 0.3, (
            prefix,
            result,
        )


# The seed's known errors, kept here so that a change that mends one, or adds another, is
# seen (docs/segmentation.md, "Eighth round"). Not worth checking, but suggested: a 57-word
# quoted statement of interest, its "has to" an opinion, its many nouns ("government",
# "cases") read as a report (since round 5 lowered the threshold). It still shows the
# opinion it holds as a reason against.
KNOWN_FALSE_FLAGS = {
    "\u201cOne key area of interest for us": "has to",
}
# False flags of rounds 6 and 7, mended by round 8 (twenty-eight parts): the opinion each
# holds now outweighs the organisation (and the event verb) beside it.
MENDED_FALSE_FLAGS = {
    "African peace and security challenges can only be addressed": "can only",
    "\u201cThe African Union must be in charge": "must",
}
# Worth checking: missed by round 6, suggested by round 7, missed by round 8 (0.446),
# suggested again by round 9 (0.507, just over the threshold): "delivered" and the date
# raise it.
DATED_DELIVERY = "\u201cA second consignment of aviation technology for these ends was delivered"


def test_the_seed_known_false_flags_are_suggested_and_say_why():
    for prefix, opinion in KNOWN_FALSE_FLAGS.items():
        result = score_sentence(_find(prefix))
        assert is_suggested(result.score), (prefix, result)
        assert ("opinion", opinion) in [(r.kind, r.text) for r in result.reasons]


def test_the_mended_false_flags_are_not_suggested_and_show_their_opinion():
    for prefix, opinion in MENDED_FALSE_FLAGS.items():
        result = score_sentence(_find(prefix))
        assert not is_suggested(result.score), (prefix, result)
        assert ("opinion", opinion) in [(r.kind, r.text) for r in result.reasons]


def test_the_dated_delivery_is_suggested_and_quotes_its_date_and_event():
    result = score_sentence(_find(DATED_DELIVERY))
    assert is_suggested(result.score), result
    assert {("event", "delivered"), ("date", "Jan. 19")} <= {
        (r.kind, r.text) for r in result.reasons
    }


def test_sipri_sentence_reasons_name_the_number_the_date_and_the_organisation():
    result = score_sentence(_find("A 2022 study"))
    assert result.score >= 0.95
    text = " ".join(r.text for r in result.reasons)
    assert "44 percent" in text
    assert "2022" in text
    assert "Stockholm International Peace Research Institute" in text


def test_seed_borderline_sentences_are_still_in_the_seed():
    for prefix in BORDERLINE:
        assert score_sentence(_find(prefix)).reasons, prefix
