"""The comparator, one rule at a time: what counts as the same claim for a fact-checker.

These sentences are written for the rules (not taken from tests/matching/): each positive
shape must reach ``suggested``, each negative shape (one checkable detail changed) must not.
"""

import pytest

from annotations.archive.matching import analyse, compare, level, rank
from annotations.archive.quantities import Quantity, read_quantities
from annotations.archive.text import tokenise

ARCHIVED = "Unemployment in Northfield fell to 4.2% in 2022."


def score(query: str, archived: str = ARCHIVED) -> float:
    return rank(query, [("archived", archived)])[0][1].score


def quantities(text: str) -> set:
    return {(q.value, q.unit) for q in read_quantities(tokenise(text)).quantities}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("3.5 percent", (3.5, "pct")),
        ("3.5%", (3.5, "pct")),
        ("three and a half percent", (3.5, "pct")),
        ("3.5 per cent", (3.5, "pct")),
        ("$2bn", (2e9, "usd")),
        ("$2 billion", (2e9, "usd")),
        ("two billion dollars", (2e9, "usd")),
        ("40k", (40000.0, "")),
        ("40,000", (40000.0, "")),
        ("forty thousand", (40000.0, "")),
        ("one in five", (20.0, "pct")),
        ("nine out of ten", (90.0, "pct")),
        ("a tenth", (10.0, "pct")),
        ("8 inches", (8.0, "inch")),
        ("doubled", (2.0, "times")),
        ("three times", (3.0, "times")),
    ],
)
def test_number_formats_are_read_as_one_quantity(text, expected):
    assert expected in quantities(text)


def test_years_are_not_quantities():
    reading = read_quantities(tokenise("In 2023 the rate hit 5% in the 2023-24 season"))
    assert "2023" in reading.years and "2023-24" in reading.years
    assert {q.unit for q in reading.quantities} == {"pct"}


def test_a_span_of_years_names_both_ends():
    assert {"2017", "2021"} <= set(read_quantities(tokenise("between 2017-21")).years)
    assert "2024" in read_quantities(tokenise("the 2023-24 season")).years
    archived = "Russia was Africa's largest arms supplier between 2017 and 2021."
    assert level(score("Russia was Africa's largest arms supplier in 2017-21.", archived))


def test_quantities_compare_value_and_unit():
    assert Quantity(8.0, "inch").same_as(Quantity(8.0, "inch"))
    assert not Quantity(8.0, "inch").same_as(Quantity(8.0, "foot"))
    assert Quantity(2e9, "usd").same_as(Quantity(2_000_000_000.0, ""))
    assert not Quantity(2e9, "usd").same_as(Quantity(2.1e9, "usd"))


@pytest.mark.parametrize(
    "query",
    [
        "unemployment in northfield fell to 4.2% in 2022",  # verbatim, case
        "In 2022, Northfield's unemployment rate dropped to 4.2 percent.",  # reworded
        "Unemployment in Northfield declined to 4.2 per cent in 2022.",  # number format
        "At a rally that ran late into the evening, the mayor said that unemployment in "
        "Northfield fell to 4.2% in 2022, and promised more jobs.",  # embedded
        'The chamber of commerce said that "unemployment in Northfield fell to 4.2% in 2022."',
        "According to Governor Ada Brown, Northfield's jobless rate fell to 4.2% in 2022.",
    ],
)
def test_the_same_claim_reaches_suggested(query):
    assert level(score(query)) is not None


@pytest.mark.parametrize(
    ("query", "changed"),
    [
        ("Unemployment in Northfield fell to 5.2% in 2022.", "number"),
        ("Unemployment in Northfield fell to 4.2% in 2021.", "year"),
        ("Unemployment in Southport fell to 4.2% in 2022.", "name"),
        ("Unemployment in Northfield rose to 4.2% in 2022.", "direction"),
    ],
)
def test_one_changed_detail_stays_below_suggested(query, changed):
    comparison = rank(query, [("archived", ARCHIVED)])[0][1]
    assert level(comparison.score) is None, comparison
    assert any(changed in reason for reason in comparison.reasons), comparison.reasons


def test_a_different_person_stays_below_suggested():
    archived = "Senator Maria Lopez voted against the 2024 water bill."
    assert level(score("Senator Maria Lopez voted against the 2024 water bill", archived))
    assert level(score("Senator Tom Grant voted against the 2024 water bill.", archived)) is None
    assert level(score("Senator Maria Lopez voted for the 2024 water bill.", archived)) is None


def test_more_and_fewer_are_directions_but_more_than_a_number_is_not():
    archived = "Northfield has 200 fewer nurses than it had in 2019."
    assert level(score("Northfield has 200 more nurses than it had in 2019.", archived)) is None
    bound = "Wildfires burned more than 10,000 acres in Pine County in 2020."
    assert level(score("Wildfires burned more than 10k acres in Pine County in 2020.", bound))


def test_a_unit_change_is_a_different_claim():
    archived = "Sea levels in Northfield have risen 4 inches since 1990."
    assert level(score("Sea levels in Northfield have risen 4 feet since 1990.", archived)) is None


def test_an_unrelated_claim_on_the_same_place_is_far_below():
    assert score("Northfield's zoo welcomed a baby giraffe in 2022.") < 0.3


def test_ranking_prefers_the_cluster_member_that_agrees():
    archive = [
        ("fell", "Unemployment in Northfield fell to 4.2% in 2022."),
        ("rose", "Unemployment in Northfield rose to 4.2% in 2022."),
        ("other", "Unemployment in Southport fell to 4.2% in 2022."),
    ]
    ranked = rank("Northfield's unemployment went up to 4.2 percent in 2022.", archive)
    assert ranked[0][0] == "rose"
    assert ranked[0][1].score > ranked[1][1].score


def test_scores_stay_in_unit_range_for_odd_texts():
    for text in ["", "!!!", "$$$ %%% 100000000000000000000", "a " * 500, "2024-25 7-2 5g"]:
        content = analyse(text)
        assert 0.0 <= compare(content, analyse(ARCHIVED)).score <= 1.0
        assert 0.0 <= compare(analyse(ARCHIVED), content).score <= 1.0


QUOTED = (
    "\u201cThis budget puts 38 percent more money into public transport than any budget before"
    " it,\u201d Mayor Helena Brandt told reporters outside the chamber."
)


@pytest.mark.parametrize(
    "query",
    [
        "\u201cThis budget puts 38 percent more money into public transport than any budget"
        " before it,\u201d the mayor said again.",
        "This budget puts 38 percent more money into public transport than any budget before it.",
    ],
)
def test_who_is_quoted_is_not_what_is_claimed(query):
    # A desk's claim keeps its sentence's tag; the same quote elsewhere may name the speaker
    # otherwise, or not at all.
    assert level(score(query, QUOTED)) is not None


def test_a_name_inside_the_quote_still_counts():
    archived = "\u201cSenator Ana Ruiz voted against the 2023 farm bill,\u201d the mayor said."
    query = "\u201cSenator Paul Okafor voted against the 2023 farm bill,\u201d the mayor said."
    assert level(score(query, archived)) is None
