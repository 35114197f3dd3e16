"""The review page: the article as published, claims coloured by verdict, panel and filters."""

import re

import pytest
from django.utils.html import escape

from annotations import services
from annotations.checkworthiness import reason_label
from tests.factories import make_article, rating

pytestmark = pytest.mark.django_db


def review_url(article, query=""):
    return f"/articles/{article.pk}/{query}"


def test_full_page_has_chrome_article_and_legend(alice_client, article):
    response = alice_client.get(review_url(article))
    html = response.content.decode()
    assert response.status_code == 200
    assert "<html" in html
    assert 'id="panel"' in html
    assert 'class="legend"' in html
    assert "Mostly false" in html  # the legend lists the scale
    for segment in article.segments.all():
        assert f'id="s{segment.pk}"' in html


def test_sentences_are_focusable_targets(alice_client, article, sentences):
    html = alice_client.get(review_url(article)).content.decode()
    tag = re.search(rf'<a [^>]*id="s{sentences[0].pk}"[^>]*>', html).group(0)
    assert 'role="button"' in tag
    assert "aria-label=" not in tag  # the sentence is the link's text, written once
    assert f'href="?segments={sentences[0].pk}#panel"' in tag


def test_whitespace_between_sentences_comes_from_the_body(alice_client):
    article = make_article("Title Here\n\nOne fact is 10 percent.  Two facts are 20 percent.\n")
    html = alice_client.get(review_url(article)).content.decode()
    assert ".</a>  <a " in html  # the two spaces of the original text


def test_suggested_sentences_show_score_and_reasons(alice_client, article, sentences):
    suggested = next(s for s in sentences if s.suggested)
    html = alice_client.get(review_url(article)).content.decode()
    tag = re.search(rf'<a [^>]*id="s{suggested.pk}"[^>]*>', html).group(0)
    assert "suggested" in tag
    assert f"score {suggested.checkworthiness:.2f}" in tag
    # Each reason quotes its words: 'figure “$1.2 billion”'.
    assert escape(reason_label(suggested.reasons[0])) in tag


def test_reasons_stored_as_plain_strings_still_show(alice_client, article, sentences):
    suggested = next(s for s in sentences if s.suggested)
    type(suggested).objects.filter(pk=suggested.pk).update(reasons=["contains a number (3)"])
    html = alice_client.get(review_url(article)).content.decode()
    tag = re.search(rf'<a [^>]*id="s{suggested.pk}"[^>]*>', html).group(0)
    assert "contains a number (3)" in tag


def test_claims_are_marked_with_their_rating(alice_client, article, claim, alice):
    services.claim_update(claim=claim, user=alice, version=claim.version, rating=rating("false"))
    html = alice_client.get(review_url(article)).content.decode()
    tag = re.search(r'<a [^>]*data-claim="\d+"[^>]*>', html).group(0)
    assert 'data-rating="false"' in tag
    assert "[data-rating=&quot;false&quot;]" not in html  # the colour rule is not escaped
    assert '[data-rating="false"]{--rc:#9c1e23}' in html


def test_article_text_with_script_is_escaped(alice_client):
    article = make_article(
        "Breaking <script>alert('title')</script>\n\n"
        "The mayor said <script>alert(1)</script> costs rose 30 percent in 2023.\n"
    )
    html = alice_client.get(review_url(article)).content.decode()
    assert "<script>alert" not in html
    text = re.sub(r"</?span[^>]*>", "", html)  # reasons mark words inside the sentence
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in text


def test_htmx_panel_request_returns_only_the_panel(alice_client, article, claim):
    response = alice_client.get(
        review_url(article, f"?claim={claim.pk}"), HTTP_HX_REQUEST="true", HTTP_HX_TARGET="panel"
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "<html" not in html
    assert "topbar" not in html
    assert 'id="claim-form"' in html
    assert f'name="version" value="{claim.version}"' in html


def test_plain_request_opens_the_panel_in_the_full_page(alice_client, article, claim):
    html = alice_client.get(review_url(article, f"?claim={claim.pk}")).content.decode()
    assert "<html" in html
    assert 'id="claim-form"' in html


def test_selecting_a_free_sentence_offers_to_make_a_claim(alice_client, article, sentences):
    ids = f"{sentences[1].pk},{sentences[2].pk}"
    response = alice_client.get(
        review_url(article, f"?segments={ids}"), HTTP_HX_REQUEST="true", HTTP_HX_TARGET="panel"
    )
    html = response.content.decode()
    assert 'id="new-claim-form"' in html
    assert f'value="{ids}"' in html
    assert "2 sentences selected" in html


def test_selecting_a_claimed_sentence_opens_its_claim(alice_client, article, claim, sentences):
    response = alice_client.get(
        review_url(article, f"?segments={sentences[0].pk}"),
        HTTP_HX_REQUEST="true",
        HTTP_HX_TARGET="panel",
    )
    assert f"Claim {claim.pk}" in response.content.decode()


def test_a_claim_of_another_article_is_not_found(alice_client, claim):
    other = make_article("Other Story\n\nThe port handled 9 million tonnes in 2022.\n")
    response = alice_client.get(review_url(other, f"?claim={claim.pk}"))
    assert response.status_code == 404


def test_htmx_filter_request_returns_only_the_article(alice_client, article, claim, sentences):
    response = alice_client.get(
        review_url(article, "?show=claims"), HTTP_HX_REQUEST="true", HTTP_HX_TARGET="article"
    )
    html = response.content.decode()
    assert "<html" not in html
    assert 'id="panel"' not in html
    assert "1 matching sentence" in html
    claimed = re.search(rf'<a [^>]*id="s{sentences[0].pk}"[^>]*>', html).group(0)
    other = re.search(rf'<a [^>]*id="s{sentences[1].pk}"[^>]*>', html).group(0)
    assert " hit" in claimed
    assert " dim" in other


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("?show=suggested", 1),  # the claimed one no longer counts
        ("?show=unrated", 1),
        ("?show=rating:false", 0),
        ("?show=status:draft", 1),
        ("?q=AUDITOR", 1),
        ("?show=claims&q=auditor", 0),
    ],
)
def test_filters_and_search(alice_client, article, claim, query, expected):
    html = alice_client.get(review_url(article, query)).content.decode()
    assert f"{expected} matching sentence" in html


def test_unknown_filter_falls_back_to_all(alice_client, article):
    html = alice_client.get(review_url(article, "?show=<script>")).content.decode()
    assert "matching sentence" not in html
    assert "<script>" not in html.split("<main", 1)[1]


def test_viewer_gets_a_read_only_page(victor_client, article, claim, sentences):
    page = victor_client.get(review_url(article, f"?claim={claim.pk}")).content.decode()
    assert "Read only" in page
    assert 'id="claim-form"' not in page
    assert 'id="source-form"' not in page
    assert 'id="note-form"' not in page
    assert 'class="readonly"' in page
    selection = victor_client.get(review_url(article, f"?segments={sentences[1].pk}"))
    assert 'id="new-claim-form"' not in selection.content.decode()


def test_user_without_a_role_sees_nothing(article):
    from django.test import Client

    from tests.factories import UserFactory

    client = Client()
    client.force_login(UserFactory(username="nobody"))
    assert client.get(review_url(article)).status_code == 404


def test_a_repeated_headline_is_shown_once(alice_client):
    article = make_article("Mali Talks Stall\n\nMali Talks Stall\nThe army said 12 people died.\n")
    titles = list(article.segments.filter(kind="title"))
    assert len(titles) == 2
    html = alice_client.get(review_url(article)).content.decode()
    visible, repeated = re.findall(r'<h1 class="a-title"[^>]*>', html)
    assert "hidden" not in visible
    assert repeated.endswith(" hidden>")
    assert re.search(rf'<a class="seg repeated" id="s{titles[1].pk}"', html)


def test_a_suggestions_reasons_mark_the_words_they_quote(alice_client, article, sentences):
    suggested = next(s for s in sentences if s.suggested)
    html = alice_client.get(review_url(article)).content.decode()
    link = re.search(rf'<a [^>]*id="s{suggested.pk}"[^>]*>(.*?)</a>', html).group(1)
    marked = re.findall(r'<span class="why" data-why="(\w+)">([^<]*)</span>', link)
    assert marked, link
    for kind, words in marked:
        reason = next(r for r in suggested.reasons if r["text"] == words and r["kind"] == kind)
        assert article.body[reason["start"] : reason["end"]] == words
    assert re.sub(r"<[^>]+>", "", link) == escape(suggested.text)
