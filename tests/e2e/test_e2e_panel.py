"""A panel of three in Chromium: reviewers vote blind by keyboard, a majority publishes."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from annotations import services
from annotations.models import Claim
from tests.factories import UserFactory, make_article, rating

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


@pytest.fixture
def claim_in_review(reference_data, settings):
    settings.FACTCHECK_PANEL_SIZE = 3
    settings.FACTCHECK_PANEL_MAJORITY = 2
    editor = UserFactory(username="edna", role="editor")
    for name in ("rui", "sam", "tia"):
        UserFactory(username=name, role="reviewer")
    article = make_article()
    sentence = article.segments.filter(kind="sentence").first()
    claim = services.claim_create(article=article, segments=[sentence], user=editor)
    claim = services.claim_update(
        claim=claim, user=editor, version=1, rating=rating("mostly-false"), summary="Lower."
    )
    return services.claim_submit(claim=claim, user=editor, version=claim.version)


def vote_by_keyboard(page, live_server, log_in, claim, reviewer: str, key: str) -> None:
    log_in(page, reviewer)
    page.goto(f"{live_server.url}/articles/{claim.article_id}/?claim={claim.pk}")
    panel = page.locator("#panel")
    expect(panel.locator("#vote-form")).to_be_visible()
    page.keyboard.press(key)
    expect(panel.locator("#vote-form input[name=rating]:checked")).to_have_count(1)
    page.keyboard.press("v")
    expect(panel.locator(".flash")).to_contain_text("Vote cast.")
    page.get_by_role("button", name="Log out").click()


def test_three_reviewers_vote_and_the_majority_publishes(
    page, live_server, log_in, claim_in_review
):
    claim = claim_in_review
    vote_by_keyboard(page, live_server, log_in, claim, "rui", "5")  # False
    # sam has not voted: he sees that rui voted, not how.
    log_in(page, "sam")
    page.goto(f"{live_server.url}/articles/{claim.article_id}/?claim={claim.pk}")
    votes = page.locator("#panel .votes")
    expect(votes).to_contain_text("rui")
    expect(votes).not_to_contain_text("False")
    expect(page.locator("#panel")).to_contain_text("1 of 3 voted")
    expect(page.get_by_role("button", name=re.compile("Approve"))).to_have_count(0)
    page.get_by_role("button", name="Log out").click()
    vote_by_keyboard(page, live_server, log_in, claim, "sam", "5")  # False: a majority
    log_in(page, "tia")
    page.goto(f"{live_server.url}/articles/{claim.article_id}/?claim={claim.pk}")
    panel = page.locator("#panel")
    expect(panel).to_contain_text("2 of 3 voted")
    expect(panel.locator(".votes")).not_to_contain_text("False")  # tia has not voted
    # Nor does a button tell her that the two agree: she votes first.
    expect(panel.get_by_role("button", name=re.compile("Approve"))).to_have_count(0)
    expect(panel).to_contain_text("Vote first")
    page.get_by_role("button", name="Log out").click()
    log_in(page, "sam")  # who voted: the majority is his to publish
    page.goto(f"{live_server.url}/articles/{claim.article_id}/?claim={claim.pk}")
    panel = page.locator("#panel")
    panel.get_by_role("button", name="Approve & publish").click()
    expect(panel.locator("#panel-title .chip")).to_have_text("False")
    expect(panel.locator(".status")).to_have_text("Published")
    expect(panel.locator(".votes")).to_contain_text("False")  # the round is over: votes show
    claim = Claim.objects.get(pk=claim.pk)
    assert (claim.status, claim.rating.slug) == ("published", "false")
