"""Panel verdicts: who votes, blind votes, a majority publishes, disputes, corrections.

A panel of one (the default) is today's four-eyes rule; a panel of three is PolitiFact's.
"""

from __future__ import annotations

import threading

import pytest
from django.db import connection, connections
from django.test import Client

from annotations import services
from annotations.models import Claim, Correction, Vote
from tests.api.conftest import client_for
from tests.factories import UserFactory, rating

pytestmark = pytest.mark.django_db


@pytest.fixture
def panel_of_three(settings):
    settings.FACTCHECK_PANEL_SIZE = 3
    settings.FACTCHECK_PANEL_MAJORITY = 2


@pytest.fixture
def dan(db):
    return UserFactory(username="dan", role="reviewer")


@pytest.fixture
def erin(db):
    return UserFactory(username="erin", role="reviewer")


@pytest.fixture
def in_review(article, alice):
    """Rated Mostly false by alice (the proposer) and sent to review."""
    sentence = article.segments.filter(kind="sentence").first()
    claim = services.claim_create(article=article, segments=[sentence], user=alice)
    claim = services.claim_update(
        claim=claim, user=alice, version=1, rating=rating("mostly-false"), summary="Lower."
    )
    return services.claim_submit(claim=claim, user=alice, version=claim.version)


def vote(client, claim, slug, reason="Checked the record."):
    return client.post(
        f"/api/v1/claims/{claim.pk}/votes/", {"rating": slug, "reason": reason}, format="json"
    )


def publish(client, claim, **body):
    claim.refresh_from_db()
    return client.post(
        f"/api/v1/claims/{claim.pk}/publish/", body, format="json", HTTP_IF_MATCH=claim.etag
    )


# ---------------------------------------------------------------- a panel of one (default)


def test_a_panel_of_one_is_the_four_eyes_rule(in_review, alice, bob):
    assert publish(client_for(alice), in_review).status_code == 403  # not a reviewer
    response = publish(client_for(bob), in_review)
    assert response.status_code == 200
    assert response.json()["rating"] == "mostly-false"
    assert response.json()["status"] == "published"
    # Publishing was bob's vote: it is on record for the agreement figures.
    [recorded] = Vote.objects.all()
    assert (recorded.reviewer, recorded.rating.slug) == (bob, "mostly-false")


def test_a_panel_of_one_with_a_vote_publishes_that_vote(in_review, bob, carol):
    assert vote(client_for(bob), in_review, "false").status_code == 201
    response = publish(client_for(carol), in_review)
    assert response.json()["rating"] == "false"


# -------------------------------------------------------------------- who may vote


@pytest.mark.parametrize(
    ("who", "expected"),
    [("victor", 403), ("alice", 403), ("bob", 201), ("nobody", 403)],
)
def test_who_may_vote(panel_of_three, in_review, request, who, expected):
    response = vote(client_for(request.getfixturevalue(who)), in_review, "false")
    assert response.status_code == expected, response.json()
    assert Vote.objects.count() == (1 if expected == 201 else 0)


def test_the_rater_proposes_and_does_not_vote(panel_of_three, in_review, alice, bob, carol):
    # alice is an editor; a reviewer who rated it may not vote either.
    services.claim_update(
        claim=in_review, user=bob, version=in_review.version, rating=rating("true")
    )
    in_review.refresh_from_db()
    response = vote(client_for(bob), in_review, "true")
    assert response.status_code == 403
    assert "proposed this rating" in response.json()["detail"]
    assert vote(client_for(carol), in_review, "true").status_code == 201


def test_a_vote_can_be_changed_until_published(panel_of_three, in_review, bob):
    assert vote(client_for(bob), in_review, "false").status_code == 201
    response = vote(client_for(bob), in_review, "true", reason="Second look.")
    assert response.status_code == 200
    assert response.json()["rating"] == "true"
    assert Vote.objects.get().rating.slug == "true"
    assert Vote.history.count() == 2  # the change is kept


def test_a_complete_panel_takes_no_more_votes(panel_of_three, in_review, bob, carol, dan, erin):
    for reviewer, slug in ((bob, "false"), (carol, "true"), (dan, "half-true")):
        assert vote(client_for(reviewer), in_review, slug).status_code == 201
    response = vote(client_for(erin), in_review, "false")
    assert response.status_code == 400
    assert "complete" in response.json()["detail"]


# ------------------------------------------------------------- majority and disputes


def test_publishing_waits_for_a_majority_and_takes_its_rating(
    panel_of_three, in_review, bob, carol, dan
):
    # Before voting, publishing says nothing of the panel: vote first.
    assert "Vote first" in publish(client_for(bob), in_review).json()["detail"]
    vote(client_for(bob), in_review, "false")
    response = publish(client_for(bob), in_review)
    assert response.status_code == 409
    assert "1 of 3 votes" in response.json()["detail"]
    assert publish(client_for(carol), in_review).status_code == 403  # carol has not voted
    vote(client_for(carol), in_review, "false")
    vote(client_for(dan), in_review, "mostly-false")
    response = publish(client_for(dan), in_review)
    assert response.status_code == 200
    # Two of three say False, not the Mostly false alice proposed: False is published.
    assert response.json()["rating"] == "false"
    reasons = list(in_review.history.values_list("history_change_reason", flat=True))
    assert "published; panel majority: False (proposed: Mostly false)" in reasons


def test_no_majority_disputes_the_claim_and_an_admin_may_decide(
    panel_of_three, in_review, bob, carol, dan, ada
):
    for reviewer, slug in ((bob, "false"), (carol, "true"), (dan, "half-true")):
        vote(client_for(reviewer), in_review, slug)
    in_review.refresh_from_db()
    assert in_review.disputed is True
    assert client_for(bob).get(f"/api/v1/claims/{in_review.pk}/").json()["disputed"] is True
    response = publish(client_for(bob), in_review)
    assert response.status_code == 409
    assert response.json()["error"] == "conflict"
    # Only an admin decides.
    assert publish(client_for(bob), in_review, rating="false").status_code == 403
    response = publish(client_for(ada), in_review, rating="half-true")
    assert response.status_code == 200
    assert response.json()["rating"] == "half-true"
    assert response.json()["disputed"] is False
    reasons = in_review.history.values_list("history_change_reason", flat=True)
    assert any("decided by admin ada" in (reason or "") for reason in reasons)


def test_a_changed_vote_can_end_a_dispute(panel_of_three, in_review, bob, carol, dan):
    for reviewer, slug in ((bob, "false"), (carol, "true"), (dan, "half-true")):
        vote(client_for(reviewer), in_review, slug)
    vote(client_for(dan), in_review, "false")
    in_review.refresh_from_db()
    assert in_review.disputed is False
    assert publish(client_for(carol), in_review).json()["rating"] == "false"


def test_a_new_proposal_starts_a_new_round(panel_of_three, in_review, alice, bob, carol, dan):
    for reviewer, slug in ((bob, "false"), (carol, "true"), (dan, "half-true")):
        vote(client_for(reviewer), in_review, slug)
    in_review.refresh_from_db()
    revised = services.claim_update(
        claim=in_review, user=alice, version=in_review.version, rating=rating("false")
    )
    assert revised.review_round == in_review.review_round + 1
    assert revised.disputed is False
    panel = client_for(bob).get(f"/api/v1/claims/{revised.pk}/votes/").json()
    assert panel["votes"] == [] and panel["proposal"] == "false"


# ----------------------------------------------------------------------- blindness


def test_votes_are_blind_until_you_vote_or_the_panel_is_complete(
    panel_of_three, in_review, bob, carol, dan, victor
):
    vote(client_for(bob), in_review, "false", reason="The auditor's table.")
    url = f"/api/v1/claims/{in_review.pk}/votes/"
    for client in (client_for(carol), client_for(victor)):
        panel = client.get(url).json()
        assert panel["visible"] is False
        [other] = panel["votes"]
        assert other["username"] == "bob"  # that bob voted shows
        assert other["rating"] is None and other["reason"] is None  # how does not
    # Nothing else gives it away: the claim, its history, the review page and its panel.
    texts = [
        client_for(carol).get(f"/api/v1/claims/{in_review.pk}/").content.decode(),
        client_for(carol).get(f"/api/v1/claims/{in_review.pk}/history/").content.decode(),
    ]
    page = Client()
    page.force_login(carol)
    review = f"/articles/{in_review.article_id}/?claim={in_review.pk}"
    texts.append(page.get(review).content.decode())
    texts.append(page.get(review, HTTP_HX_REQUEST="true", HTTP_HX_TARGET="panel").content.decode())
    texts.append(
        page.get(f"/claims/{in_review.pk}/history/", HTTP_HX_REQUEST="true").content.decode()
    )
    for text in texts:
        assert "The auditor&#x27;s table." not in text and "The auditor's table." not in text
        assert '"rating":"false"' not in text.replace(" ", "")
        assert 'class="chip chip-small" data-rating="false"' not in text
    # carol votes: now she sees bob's vote; victor (no vote) still does not.
    vote(client_for(carol), in_review, "true")
    assert client_for(carol).get(url).json()["votes"][0]["rating"] == "false"
    assert client_for(victor).get(url).json()["votes"][0]["rating"] is None
    history = client_for(carol).get(f"/api/v1/claims/{in_review.pk}/history/").json()
    votes = [entry for entry in history if entry["object_type"] == "vote"]
    assert {tuple(c["after"] for c in e["changes"]) for e in votes} == {("false",), ("true",)}
    # The panel completes: everyone sees.
    vote(client_for(dan), in_review, "false")
    assert client_for(victor).get(url).json()["visible"] is True


def test_the_html_panel_offers_the_vote_form_and_keeps_it_blind(
    panel_of_three, in_review, bob, carol
):
    page = Client()
    page.force_login(carol)
    url = f"/articles/{in_review.article_id}/?claim={in_review.pk}"
    html = page.get(url).content.decode()
    assert 'id="vote-form"' in html
    assert "0 of 3 voted" in html
    # The digit keys choose the vote: the claim's own rating buttons do not claim them too.
    claim_form = html[html.index('id="claim-form"') : html.index('id="vote-form"')]
    assert "choose your vote below" in claim_form and "<kbd" not in claim_form.split("Save")[0]
    vote(client_for(bob), in_review, "false")
    html = page.get(url).content.decode()
    assert "<strong>bob</strong>" in html and "voted</span>" in html
    response = page.post(
        f"/claims/{in_review.pk}/vote/",
        {"rating": rating("true").pk, "reason": "Seen it."},
        HTTP_HX_REQUEST="true",
    )
    assert response.status_code == 200
    assert Vote.objects.filter(reviewer=carol, rating__slug="true").exists()
    html = page.get(url).content.decode()
    assert 'data-rating="false">False</span>' in html  # bob's vote, now that carol voted
    assert "Change my vote" in html


# --------------------------------------------------------------------- corrections


def test_corrections_go_through_the_panel(panel_of_three, in_review, bob, carol, dan, erin):
    for reviewer in (bob, carol):
        vote(client_for(reviewer), in_review, "mostly-false")
    published = Claim.objects.get(pk=in_review.pk)
    published = services.claim_publish(claim=published, user=carol, version=published.version)
    proposed = services.claim_correct(
        claim=published, user=bob, version=published.version, rating=rating("false"), note="New."
    )
    assert vote(client_for(bob), proposed, "false").status_code == 403  # the proposer
    assert publish(client_for(carol), proposed).status_code == 403  # not voted yet
    vote(client_for(carol), proposed, "half-true")
    assert publish(client_for(carol), proposed).status_code == 409  # 1 of 3
    vote(client_for(dan), proposed, "half-true")
    assert publish(client_for(erin), proposed).status_code == 403  # erin has not voted
    response = publish(client_for(dan), proposed)
    assert response.status_code == 200
    assert response.json()["rating"] == "half-true"  # the panel's, not the proposal's
    correction = Correction.objects.get(status=Correction.Status.PUBLISHED)
    assert correction.new_rating.slug == "half-true"


# ---------------------------------------------------------------------- concurrency


@pytest.mark.django_db(transaction=True)
def test_concurrent_votes_are_all_counted_once(reference_data, settings):
    settings.FACTCHECK_PANEL_SIZE = 3
    settings.FACTCHECK_PANEL_MAJORITY = 2
    from tests.factories import make_article

    alice = UserFactory(username="alice", role="editor")
    reviewers = [UserFactory(username=f"r{n}", role="reviewer") for n in range(3)]
    article = make_article()
    claim = services.claim_create(
        article=article, segments=[article.segments.filter(kind="sentence").first()], user=alice
    )
    claim = services.claim_update(
        claim=claim, user=alice, version=1, rating=rating("false"), summary="No."
    )
    claim = services.claim_submit(claim=claim, user=alice, version=claim.version)
    slugs = ["false", "true", "half-true"]
    results = []

    def cast(n: int, slug: str) -> None:
        try:
            results.append(vote(client_for(reviewers[n]), claim, slug).status_code)
        finally:
            connections.close_all()

    jobs = [(n, slugs[n]) for n in range(3)] + [(0, "false")]  # r0 twice at once
    if connection.vendor == "postgresql":
        barrier = threading.Barrier(len(jobs))

        def together(n, slug):
            barrier.wait()
            cast(n, slug)

        threads = [threading.Thread(target=together, args=job) for job in jobs]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
    else:
        for job in jobs:
            cast(*job)
    assert sorted(results) == [200, 201, 201, 201]
    assert Vote.objects.count() == 3
    claim.refresh_from_db()
    assert claim.disputed is True  # three different ratings: no majority, decided on all


def test_the_history_panel_says_who_voted_in_plain_words(panel_of_three, in_review, bob):
    assert vote(client_for(bob), in_review, "false").status_code == 201
    assert vote(client_for(bob), in_review, "true").status_code == 200
    page = Client()
    page.force_login(bob)
    html = page.get(f"/claims/{in_review.pk}/history/", HTTP_HX_REQUEST="true").content.decode()
    assert "</strong> voted (round 1)" in html
    assert "</strong> changed vote (round 1)" in html
    assert "voted vote" not in html and "changed vote vote" not in html


def test_the_votes_document_of_a_published_claim_says_how_the_panel_ended(
    panel_of_three, in_review, bob, carol, dan
):
    for reviewer, slug in ((bob, "false"), (carol, "false"), (dan, "mostly-false")):
        vote(client_for(reviewer), in_review, slug)
    assert publish(client_for(bob), in_review).status_code == 200
    document = client_for(carol).get(f"/api/v1/claims/{in_review.pk}/votes/").json()
    assert document["open"] is False and document["visible"] is True
    assert (document["complete"], document["majority"]) == (True, "false")
    assert sorted(v["rating"] for v in document["votes"]) == ["false", "false", "mostly-false"]
