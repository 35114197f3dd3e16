"""The archive on the review page: badges after sentences, the panel's "Previously checked"."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from annotations import services
from annotations.archive.models import MatchFeedback
from annotations.archive.services import claimreview_import
from tests.archive.conftest import as_bytes, review
from tests.factories import make_article, rating

pytestmark = pytest.mark.django_db

SCRIPT = "<script>alert(document.cookie)</script>"
ROADS = "The city spent $1.2 billion on roads in 2023, the auditor says."


@pytest.fixture
def roads_review(db):
    claimreview_import(
        document=as_bytes(
            [
                review(1, claimReviewed=ROADS),
                review(2, claimReviewed=SCRIPT + " Linden closed 4 schools."),
            ]
        )
    )
    from annotations.archive.models import ClaimReview

    return ClaimReview.objects.get(url="https://checks.example/reviews/1")


def roads_sentence(article):
    return article.segments.get(text__contains="$1.2 billion")


def test_the_page_loads_badges_on_a_request_of_its_own(client, alice, article, roads_review):
    client.force_login(alice)
    page = client.get(f"/articles/{article.pk}/").content.decode()
    assert f'hx-get="/articles/{article.pk}/previously-checked/"' in page
    assert 'hx-trigger="load"' in page

    fragment = client.get(f"/articles/{article.pk}/previously-checked/").content.decode()
    sentence = roads_sentence(article)
    assert f'<template data-badge-for="{sentence.pk}">' in fragment
    assert "Checked: Mostly false" in fragment
    assert 'href="https://checks.example/reviews/1"' in fragment
    assert fragment.count("<template") == 1  # the other sentences match nothing


def test_badges_need_a_login_and_respect_visibility(client, nobody, article, roads_review):
    url = f"/articles/{article.pk}/previously-checked/"
    assert client.get(url).status_code == 302
    client.force_login(nobody)
    assert client.get(url).status_code == 404


def test_badge_text_from_an_import_is_escaped(client, victor, roads_review):
    article = make_article("Schools\n\nLinden closed 4 schools last year, officials said.\n")
    client.force_login(victor)
    fragment = client.get(f"/articles/{article.pk}/previously-checked/").content.decode()
    assert "<script>alert" not in fragment
    assert "&lt;script&gt;" in fragment


def test_badge_queries_do_not_grow_with_the_article(client, alice, roads_review):
    line = "Sen. Jane Doe said the city spent $1.2 billion on roads in 2023.\n"
    short = make_article("Roads\n\n" + line * 2)
    long = make_article("Roads\n\n" + line * 30)
    client.force_login(alice)
    counts = []
    for article in (short, long):
        with CaptureQueriesContext(connection) as queries:
            response = client.get(f"/articles/{article.pk}/previously-checked/")
        assert response.content.decode().count("<template") >= 2
        counts.append(len(queries))
    assert counts[0] == counts[1]


def test_a_claims_badge_goes_on_its_first_sentence(client, alice, article, roads_review):
    first, second = article.segments.filter(kind="sentence").order_by("start")[:2]
    services.claim_create(article=article, segments=[first, second], user=alice, claim_text=ROADS)
    client.force_login(alice)
    fragment = client.get(f"/articles/{article.pk}/previously-checked/").content.decode()
    assert f'data-badge-for="{first.pk}"' in fragment
    assert f'data-badge-for="{second.pk}"' not in fragment


def test_the_selection_panel_shows_earlier_checks(client, alice, article, roads_review):
    client.force_login(alice)
    sentence = roads_sentence(article)
    html = client.get(f"/articles/{article.pk}/?segments={sentence.pk}").content.decode()
    assert "Previously checked" in html and ROADS in html


@pytest.fixture
def roads_claim(alice, article):
    return services.claim_create(
        article=article, segments=[roads_sentence(article)], user=alice,
        claim_text="The city spent $1.2 billion on roads in 2023.",
    )  # fmt: skip


def test_the_claim_panel_offers_link_and_dismiss_to_editors(
    client, alice, victor, roads_claim, roads_review
):
    client.force_login(alice)
    html = client.get(f"/articles/{roads_claim.article_id}/?claim={roads_claim.pk}").content
    html = html.decode()
    assert "Previously checked" in html and "Same claim: link" in html
    assert f'action="/claims/{roads_claim.pk}/matches/decide/"' in html

    client.force_login(victor)
    html = client.get(f"/articles/{roads_claim.article_id}/?claim={roads_claim.pk}").content
    html = html.decode()
    assert "Previously checked" in html and "Same claim: link" not in html


def decide(client, claim, target, action):
    return client.post(
        f"/claims/{claim.pk}/matches/decide/",
        {"type": "claimreview", "id": target.pk, "action": action, "score": "0.8"},
        HTTP_HX_REQUEST="true",
    )


def test_link_then_dismiss_through_the_panel(client, alice, roads_claim, roads_review):
    client.force_login(alice)
    linked = decide(client, roads_claim, roads_review, "link")
    assert linked.status_code == 200
    assert "Linked to the earlier check." in linked.content.decode()
    assert 'class="prev-level prev-linked"' in linked.content.decode()
    feedback = MatchFeedback.objects.get(claim=roads_claim, target_review=roads_review)
    assert feedback.action == "link" and feedback.decided_by == alice

    dismissed = decide(client, roads_claim, roads_review, "dismiss")
    assert dismissed.status_code == 200
    assert "Previously checked" not in dismissed.content.decode()
    feedback.refresh_from_db()
    assert feedback.action == "dismiss"


def test_viewers_cannot_decide(client, victor, roads_claim, roads_review):
    client.force_login(victor)
    response = decide(client, roads_claim, roads_review, "link")
    assert response.status_code == 403
    assert not MatchFeedback.objects.exists()


@pytest.mark.parametrize(
    "data",
    [
        {},
        {"type": "bogus", "id": "1", "action": "link"},
        {"type": "claimreview", "id": "99999999999999999999", "action": "link"},
        {"type": "claimreview", "id": "1", "action": "delete"},
        {"type": "claimreview", "id": "1", "action": "link", "score": "7"},
    ],
)
def test_bad_decisions_change_nothing(client, alice, roads_claim, roads_review, data):
    client.force_login(alice)
    response = client.post(
        f"/claims/{roads_claim.pk}/matches/decide/", data, HTTP_HX_REQUEST="true"
    )
    assert response.status_code == 200
    assert "Choose an earlier check and an action." in response.content.decode()
    assert not MatchFeedback.objects.exists()


def test_a_claim_cannot_repeat_one_of_its_own_article(client, alice, article, roads_claim):
    other = services.claim_create(
        article=article,
        segments=[article.segments.filter(kind="sentence").exclude(claims=roads_claim).first()],
        user=alice,
        claim_text="Roads cost 40 percent more than in 2019.",
    )
    client.force_login(alice)
    response = client.post(
        f"/claims/{roads_claim.pk}/matches/decide/",
        {"type": "claim", "id": other.pk, "action": "link"},
        HTTP_HX_REQUEST="true",
    )
    assert "only repeat a check on another article" in response.content.decode()
    assert not MatchFeedback.objects.exists()


def test_decisions_need_csrf(alice, roads_claim, roads_review):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    client.force_login(alice)
    assert decide(client, roads_claim, roads_review, "link").status_code == 403


def _checked_elsewhere(alice, bob, publish: bool):
    """A claim of this desk on one article, rated Mostly false; another article repeats it."""
    first = make_article("Roads\n\n" + ROADS + "\n")
    claim = services.claim_create(
        article=first, segments=[roads_sentence(first)], user=alice, claim_text=ROADS
    )
    claim = services.claim_update(
        claim=claim, user=alice, version=claim.version, rating=rating("mostly-false"),
        summary="The auditor's figure is $0.9 billion.",
    )  # fmt: skip
    claim = services.claim_submit(claim=claim, user=alice, version=claim.version)
    if publish:
        services.claim_publish(claim=claim, user=bob, version=claim.version)
    return make_article("Roads again\n\n" + ROADS + "\n")


def test_a_published_check_of_this_desk_shows_its_verdict_by_label(client, alice, bob):
    again = _checked_elsewhere(alice, bob, publish=True)
    client.force_login(alice)
    fragment = client.get(f"/articles/{again.pk}/previously-checked/").content.decode()
    assert "Checked: Mostly false" in fragment
    assert "mostly-false" not in fragment
    assert "Checked on this desk" in fragment and "not published" not in fragment


def test_a_check_still_in_review_says_so(client, alice, bob):
    again = _checked_elsewhere(alice, bob, publish=False)
    client.force_login(alice)
    fragment = client.get(f"/articles/{again.pk}/previously-checked/").content.decode()
    assert "</span> In review</a>" in fragment
    assert "Checked: " not in fragment
    assert "(in review, not published)" in fragment
    html = client.get(f"/articles/{again.pk}/?segments={roads_sentence(again).pk}").content.decode()
    assert "Mostly false</strong> <span" in html and "(in review, not published)" in html


def test_a_wording_in_quotes_is_not_quoted_twice(client, alice, bob):
    quoted = "\u201cThe city spent $1.2 billion on roads in 2023,\u201d the auditor says."
    claimreview_import(document=as_bytes([review(3, claimReviewed=quoted)]))
    article = make_article("Roads\n\n" + ROADS + "\n")
    client.force_login(alice)
    html = client.get(
        f"/articles/{article.pk}/?segments={roads_sentence(article).pk}"
    ).content.decode()
    assert "\u201c\u201cThe city" not in html
    assert f'<p class="previous-text">{quoted}' in html
