"""A desk's day in a real Chromium, on a news text the project has never seen: an editor
imports it, makes claims by keyboard, adds a source and a note, sends a claim to review; a
reviewer publishes it; another corrects it and a third reviewer approves; every report
downloads. Screenshots of the main pages at 1440x900 and at a phone width are taken on the
way (into FACTCHECK_SCREENSHOTS when set, e.g. docs/screenshots)."""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest
from playwright.sync_api import expect

from annotations.models import Article, Claim, Correction
from tests.factories import UserFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

TEXT = Path(__file__).with_name("articles") / "ferry-levy.txt"
PHONE = {"width": 390, "height": 844}


@pytest.fixture
def shots(tmp_path):
    """Where screenshots go, and a function that takes one (and checks the page fits)."""
    folder = Path(os.environ.get("FACTCHECK_SCREENSHOTS") or tmp_path)
    folder.mkdir(parents=True, exist_ok=True)

    def take(page, name: str) -> Path:
        path = folder / f"{name}.png"
        page.evaluate("document.activeElement && document.activeElement.blur()")
        page.screenshot(path=str(path))
        overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
        assert overflow <= 1, f"{name}: the page is {overflow}px wider than the window"
        return path

    return take


@pytest.fixture
def desk(reference_data):
    return {
        "editor": UserFactory(username="maren", role="editor"),
        "reviewer": UserFactory(username="ines", role="reviewer"),
        "second": UserFactory(username="tomas", role="reviewer"),
    }


def sentence(page, text: str):
    return page.locator("#article a.seg", has_text=text)


def test_a_desks_day_on_an_unseen_article(page, live_server, log_in, desk, shots):
    log_in(page, "maren")
    expect(page.get_by_role("heading", name=re.compile("^Articles"))).to_be_visible()
    shots(page, "dashboard-empty")

    # Import by upload, through the dashboard's form.
    importer = page.locator("#import")
    importer.get_by_label("Publisher").fill("The Island Courier")
    importer.get_by_label("or upload a file").set_input_files(str(TEXT))
    importer.get_by_role("button", name="Import").click()
    expect(page.locator("#article h1").first).to_contain_text("Island Council Doubles Ferry Levy")
    article = Article.objects.get()
    assert article.body == TEXT.read_text()
    assert article.publisher == "The Island Courier"

    # By keyboard: find the figure, open it, make a claim, rate, save.
    page.keyboard.press("/")
    page.keyboard.type("18 percent")
    expect(page.locator("#article .matches")).to_contain_text("1 matching sentence")
    page.keyboard.press("Escape")
    page.keyboard.press("j")
    expect(sentence(page, "18 percent")).to_be_focused()
    page.keyboard.press("c")
    panel = page.locator("#panel")
    expect(panel.locator("#claim-form")).to_be_visible()
    panel.get_by_label("Claimant").fill("Councillor Dana Whitcomb")
    page.locator("#article").click(position={"x": 1, "y": 1})  # leave the field
    page.keyboard.press("4")  # Mostly false, fourth on the scale
    panel.get_by_label("Summary of the verdict").fill(
        "The operator's figures show a 12% fall since 2022, not 18%."
    )
    page.locator("#article").click(position={"x": 1, "y": 1})
    page.keyboard.press("s")
    expect(panel.locator(".flash")).to_contain_text("saved")
    claim = Claim.objects.get()
    assert claim.rating.slug == "mostly-false"

    panel.get_by_text("Add a source").click()
    form = panel.locator("#source-form")
    form.get_by_label("URL", exact=True).fill("https://northsound.example/annual-report-2025")
    form.get_by_label("Title").fill("Northsound Lines annual report 2025")
    form.get_by_label("Stance").select_option("refutes")
    form.get_by_role("button", name="Add source").click()
    expect(panel.locator(".sources")).to_contain_text("Northsound Lines annual report")
    panel.get_by_label("Note (Markdown)").fill("Spoke to the **operator's** press office.")
    panel.get_by_role("button", name="Add note").click()
    expect(panel.locator(".note .badge-internal")).to_be_visible()
    panel.get_by_role("button", name="Send to review").click()
    expect(panel.locator(".status")).to_have_text("In review")
    expect(sentence(page, "18 percent")).to_have_attribute("data-status", "in_review")

    # The reviewer finds it in the queue and publishes it.
    page.get_by_role("button", name="Log out").click()
    expect(page.get_by_text("You are logged out.")).to_be_visible()
    log_in(page, "ines")
    queue = page.locator("section", has=page.get_by_role("heading", name=re.compile("Waiting")))
    expect(queue).to_contain_text("18 percent")
    shots(page, "dashboard")
    page.set_viewport_size(PHONE)
    shots(page, "dashboard-phone")
    page.set_viewport_size({"width": 1440, "height": 900})
    queue.get_by_role("link", name=re.compile("18 percent")).click()
    panel.get_by_role("button", name="Approve & publish").click()
    expect(panel.locator(".status")).to_have_text("Published")
    expect(sentence(page, "18 percent")).to_have_attribute("data-status", "published")
    page.goto(f"{live_server.url}/articles/{article.pk}/?claim={claim.pk}")
    sentence(page, "voted 7\u20132").hover()  # a suggestion's reasons
    shots(page, "review")
    page.set_viewport_size(PHONE)
    shots(page, "review-phone")
    page.set_viewport_size({"width": 1440, "height": 900})

    # A correction: proposed by ines, approved by tomas; the summary must be looked at.
    panel.get_by_text("Correct the published verdict").click()
    panel.get_by_label("New rating", exact=True).select_option(label="False")
    panel.get_by_label("Correction note (published)").fill("The operator revised its count.")
    panel.get_by_role("button", name="Propose correction").click()
    expect(panel.get_by_text("rewrite the summary for it")).to_be_visible()
    panel.get_by_label(re.compile("New summary")).fill("Passenger numbers fell 9% since 2022.")
    panel.get_by_role("button", name="Propose correction").click()
    expect(panel.get_by_text("Correction waiting for approval")).to_be_visible()
    expect(panel.get_by_text("You proposed this correction")).to_be_visible()
    page.get_by_role("button", name="Log out").click()
    log_in(page, "tomas")
    page.goto(f"{live_server.url}/articles/{article.pk}/?claim={claim.pk}")
    panel.get_by_role("button", name="Approve & publish the correction").click()
    expect(panel.locator("#panel-title .chip")).to_have_text("False")
    correction = Correction.objects.get()
    assert (correction.created_by.username, correction.approved_by.username) == ("ines", "tomas")

    # The report, and every download from it.
    page.goto(f"{live_server.url}/reports/articles/{article.pk}/")
    expect(page.locator(".report")).to_contain_text("The operator revised its count.")
    expect(page.locator(".report")).to_contain_text("Passenger numbers fell 9% since 2022.")
    shots(page, "report")
    for label, ext in [
        ("PDF", ".pdf"),
        ("CSV", ".csv"),
        ("JSON", ".json"),
        ("ClaimReview JSON-LD", ".claimreview.jsonld"),
        ("W3C annotations", ".w3c.jsonld"),
        ("Markdown", ".md"),
    ]:
        with page.expect_download() as download:
            page.locator(".export-links").get_by_role("link", name=label, exact=True).click()
        name = download.value.suggested_filename
        assert name.endswith(ext), name
        content = Path(download.value.path()).read_bytes()
        assert content, label
        if ext != ".pdf":
            assert b"The operator revised its count." in content, label
