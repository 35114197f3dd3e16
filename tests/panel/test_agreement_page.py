"""The /agreement/ page: who may see it, what it says, the filters, the SVG trend and its
text equivalent, escaping, and a fixed number of queries."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from datetime import UTC, datetime

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from annotations.panel.agreement import Month
from annotations.panel.agreement_views import trend_chart_svg
from tests.factories import ClaimFactory, UserFactory, make_article
from tests.panel.agreement_data import krippendorff_votes, vote

pytestmark = pytest.mark.django_db

URL = "/agreement/"
EVIL = "<x-evil>&amp;"
TEMPLATE_SYNTAX = re.compile(r"\{\{|\{%|\{#|#\}|%\}")
MARCH = datetime(2026, 3, 10, 12, tzinfo=UTC)
MAY = datetime(2026, 5, 2, 9, tzinfo=UTC)
SVG = "{http://www.w3.org/2000/svg}"


def login(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def assert_clean(html: str) -> None:
    found = TEMPLATE_SYNTAX.search(html)
    assert found is None, html[found.start() - 80 : found.end() + 80]
    assert "<x-evil" not in html


@pytest.fixture
def coders(bob, carol):
    """Four reviewers, one of them with markup in the name."""
    return [
        bob,
        carol,
        UserFactory(username=f"rev3{EVIL}", role="reviewer"),
        UserFactory(username="rev4", role="reviewer"),
    ]


@pytest.fixture
def votes(coders):
    article = make_article(f"Budget {EVIL} Row\n\nThe city spent $1.2 billion on roads in 2023.\n")
    krippendorff_votes(article, coders, when=MARCH)
    krippendorff_votes(article, coders, when=MAY)
    return article


def page(user, **params) -> tuple[int, str]:
    response = login(user).get(URL, params)
    return response.status_code, response.content.decode()


def parse(svg: str) -> ET.Element:
    """Our own markup, so no XML attack to fear; parsing proves it well-formed."""
    return ET.fromstring(svg)  # noqa: S314


def svg_of(html: str) -> ET.Element:
    return parse(re.search(r"<svg.*?</svg>", html, re.S).group(0))


def test_it_needs_a_login():
    response = Client().get(URL)
    assert response.status_code == 302
    assert "/login" in response["Location"]


def test_it_needs_a_role(nobody):
    assert login(nobody).get(URL).status_code == 403


def test_it_shows_the_figures_with_what_they_mean(votes, victor):
    status, html = page(victor)
    assert status == 200
    assert_clean(html)
    assert "0.743" in html and "0.815" in html
    assert "Krippendorff" in html and "0.8" in html and "0.667" in html
    assert "tentative" in html  # 0.743: between the thresholds
    assert "Misleading, Unverifiable and Not a factual claim" in html


def test_pairs_are_named_and_names_are_escaped(votes, coders, victor):
    _, html = page(victor)
    pairs = html[html.index('id="pairs-title"') :]
    assert "<td>bob</td><td>carol</td>" in pairs
    assert "rev3&lt;x-evil&gt;&amp;amp;" in pairs
    assert_clean(html)


def test_the_trend_is_an_accessible_svg_with_a_table(votes, victor):
    _, html = page(victor)
    svg = svg_of(html)
    assert svg.get("role") == "img"
    assert svg.find(f"{SVG}title").text == "Krippendorff\u2019s alpha by month"
    assert svg.get("aria-labelledby") == "trend-title trend-desc"
    assert len(list(svg.iter(f"{SVG}circle"))) == 2 + 1  # March and May nominal, one in the legend
    assert "<script" not in html[html.index("<main") :]  # the chart needs no JavaScript
    table = html[html.index('id="trend-heading"') : html.index('id="pairs-title"')]
    assert re.findall(r'<th scope="row">([^<]+)</th>', table) == [
        "2026-03",
        "2026-04",
        "2026-05",
    ]


def test_filters_narrow_the_figures_and_stay_selected(votes, coders, victor):
    status, html = page(victor, article=votes.pk, reviewer=coders[0].pk, date_from="2026-05-01")
    assert status == 200
    assert f'<option value="{votes.pk}" selected>' in html
    assert f'<option value="{coders[0].pk}" selected>' in html
    assert 'value="2026-05-01"' in html
    assert "<dt>Claims</dt><dd>9</dd>" in html  # observer A coded 9 units, in May only


def test_empty_fields_mean_any(votes, victor):
    _, everything = page(victor)
    status, html = page(victor, article="", date_from="", date_to="", reviewer="")
    assert status == 200
    assert "<dt>Claims</dt><dd>24</dd>" in html and "<dt>Claims</dt><dd>24</dd>" in everything


def test_bad_filters_are_explained(votes, victor):
    status, html = page(victor, date_from="2026-05-02", date_to="2026-05-01", article=EVIL)
    assert status == 400
    assert "These filters cannot be used" in html and "Must not be before date_from." in html
    assert "<dt>Claims</dt>" not in html
    assert_clean(html)


def test_without_votes_it_says_so(victor):
    status, html = page(victor)
    assert status == 200
    assert "No panel votes in this selection." in html
    assert "<svg" not in html
    assert_clean(html)


def test_the_top_navigation_links_here(victor):
    html = login(victor).get("/").content.decode()
    assert f'href="{URL}"' in html


def _queries(user, **params) -> int:
    client = login(user)
    client.get(URL, params)
    with CaptureQueriesContext(connection) as queries:
        assert client.get(URL, params).status_code == 200
    return len(queries)


def test_queries_do_not_grow_with_votes(coders, victor):
    article = make_article()
    claim = ClaimFactory(article=article)
    vote(claim, coders[0], "true", when=MARCH)
    few = _queries(victor)
    krippendorff_votes(article, coders, when=MARCH)
    krippendorff_votes(
        make_article("Other\n\nThe port handled 2 million boxes.\n"), coders, when=MAY
    )
    assert _queries(victor) == few


# -------------------------------------------------------------------------------- the chart


def month(name: str, nominal: float | None, ordinal: float | None) -> Month:
    return Month(month=name, claims=1, votes=2, nominal=nominal, ordinal=ordinal)


def test_the_line_breaks_where_a_month_has_no_value():
    svg = parse(
        str(
            trend_chart_svg(
                [
                    month("2026-01", 0.9, 0.8),
                    month("2026-02", None, 0.7),
                    month("2026-03", 0.5, None),
                ]
            )
        )
    )
    lines = svg.findall(f"{SVG}polyline")
    assert len(lines) == 1  # ordinal Jan-Feb; nominal has no two months in a row
    assert len(list(svg.iter(f"{SVG}circle"))) == 2 + 1
    assert len(list(svg.iter(f"{SVG}rect"))) == 2 + 1
    titles = [t.text for t in svg.iter(f"{SVG}title")]
    assert "2026-03: Nominal (every verdict) 0.500" in titles


def test_negative_alphas_extend_the_axis():
    svg = str(trend_chart_svg([month("2026-01", -0.35, 0.2)]))
    assert ">-0.4<" in svg and ">1.0<" in svg


def test_no_value_no_chart():
    assert trend_chart_svg([month("2026-01", None, None)]) == ""
