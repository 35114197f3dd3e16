"""The archive on the review page in Chromium: a badge after the sentence, link from the panel."""

import json
import os
import tempfile
from pathlib import Path

import pytest
from playwright.sync_api import expect

from annotations.archive.models import MatchFeedback
from annotations.archive.services import claimreview_import
from tests.factories import UserFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

SCREENSHOTS = Path(os.environ.get("FACTCHECK_SCREENSHOTS") or tempfile.gettempdir())
SIPRI_REVIEW = {
    "@context": "https://schema.org",
    "@type": "ClaimReview",
    "url": "https://africacheck.example/reports/russia-arms-supplier",
    "claimReviewed": "Russia was Africa's largest arms supplier between 2017 and 2021, with 44 "
    "percent of imports, a Stockholm International Peace Research Institute study found.",
    "author": {"@type": "Organization", "name": "Africa Check"},
    "datePublished": "2023-03-14",
    "reviewRating": {"@type": "Rating", "ratingValue": 5, "alternateName": "True"},
}


@pytest.fixture
def alice(reference_data):
    return UserFactory(username="alice", role="editor")


def test_a_badge_marks_the_sentence_and_the_editor_links_it(
    page, live_server, log_in, seed_article, alice
):
    claimreview_import(document=json.dumps([SIPRI_REVIEW]).encode())
    log_in(page, "alice")
    page.goto(f"{live_server.url}/articles/{seed_article.pk}/")
    sipri = page.locator("#article a.seg", has_text="44 percent")
    badge = page.locator("#article .prev-badge")
    expect(badge).to_have_count(1)
    expect(badge).to_have_text("↺ Checked: True")
    # Right after its sentence, and a way to the earlier check.
    assert badge.evaluate("b => b.previousElementSibling.id") == sipri.get_attribute("id")
    assert badge.get_attribute("href") == SIPRI_REVIEW["url"]

    sipri.click()
    panel = page.locator("#panel")
    expect(panel.get_by_role("heading", name="Previously checked")).to_be_visible()
    expect(panel).to_contain_text("Africa Check")
    panel.get_by_role("button", name="Make claim").click()
    expect(panel.get_by_role("button", name="Same claim: link")).to_be_visible()
    # The article was re-rendered for the new claim: the badge is back after its sentence.
    expect(badge).to_have_count(1)
    panel.get_by_role("heading", name="Previously checked").scroll_into_view_if_needed()
    page.screenshot(path=str(SCREENSHOTS / "review-previously-checked.png"))

    panel.get_by_role("button", name="Same claim: link").click()
    expect(panel.locator(".prev-linked")).to_have_text("Linked")
    expect(panel.get_by_role("button", name="Same claim: link")).to_have_count(0)
    assert MatchFeedback.objects.get().action == "link"
