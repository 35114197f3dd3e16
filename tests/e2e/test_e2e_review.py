"""The review page in a real Chromium: editing, keyboard-only use, read-only viewers, conflicts."""

import os
import re
import tempfile
from pathlib import Path

import pytest
from playwright.sync_api import expect

from annotations import services
from annotations.models import Claim, Note, Source
from tests.factories import UserFactory, rating

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

# Screenshots go where FACTCHECK_SCREENSHOTS says (make screenshots: docs/screenshots).
SCREENSHOTS = Path(os.environ.get("FACTCHECK_SCREENSHOTS") or tempfile.gettempdir())
SIPRI = "44 percent"


@pytest.fixture
def alice(reference_data):
    return UserFactory(username="alice", role="editor")


@pytest.fixture
def bob(reference_data):
    return UserFactory(username="bob", role="reviewer")


@pytest.fixture
def victor(reference_data):
    return UserFactory(username="victor", role="viewer")


def sentence(page, text: str):
    return page.locator("#article a.seg", has_text=text)


# Fresh ids ("Claim 1") for the screenshot in the README.
@pytest.mark.django_db(transaction=True, serialized_rollback=True, reset_sequences=True)
def test_editor_rates_the_sipri_claim_with_a_source_and_a_note(
    page, live_server, log_in, seed_article, alice
):
    log_in(page, "alice")
    page.get_by_role("link", name=seed_article.title).click()
    expect(page.locator("#article h1").first).to_contain_text("Russia Entrenches")

    sentence(page, SIPRI).click()
    panel = page.locator("#panel")
    expect(panel.get_by_role("heading", name="Not a claim yet")).to_be_visible()
    expect(panel.locator(".selection-text")).to_contain_text(SIPRI)
    panel.get_by_role("button", name=re.compile("Make claim")).click()
    expect(panel.locator("#claim-form")).to_be_visible()
    expect(sentence(page, SIPRI)).to_have_class(re.compile(r"\bclaim\b"))

    panel.get_by_label("Claimant").fill("Stockholm International Peace Research Institute")
    panel.locator(".rating-opt", has_text="Mostly true").click()
    panel.get_by_label("Summary of the verdict").fill(
        "SIPRI's Trends in International Arms Transfers (2022) puts Russia at 44% of major "
        "arms imports to Africa in 2017-21."
    )
    panel.get_by_role("button", name=re.compile("^Save")).click()
    expect(panel.locator(".flash")).to_contain_text("saved")
    expect(sentence(page, SIPRI)).to_have_attribute("data-rating", "mostly-true")
    expect(page.locator("#progress")).to_contain_text("1\nRated")
    expect(page.locator("#announce")).to_contain_text("saved")

    panel.get_by_text("Add a source").click()
    form = panel.locator("#source-form")
    form.get_by_label("URL", exact=True).fill(
        "https://www.sipri.org/publications/2022/sipri-fact-sheets/trends-international-arms-transfers-2021"
    )
    form.get_by_label("Title").fill("Trends in International Arms Transfers, 2021")
    form.get_by_label("Publisher").fill("SIPRI")
    form.get_by_label("Stance").select_option("supports")
    form.get_by_role("button", name="Add source").click()
    expect(panel.locator(".sources")).to_contain_text("Trends in International Arms Transfers")

    panel.get_by_label("Note (Markdown)").fill("**Checked** against the SIPRI fact sheet.")
    panel.get_by_role("button", name="Add note").click()
    expect(panel.locator(".note-body strong")).to_have_text("Checked")

    panel.get_by_text("History").click()  # loaded when opened
    expect(panel.locator(".history-list")).to_contain_text("alice created note")
    expect(panel.locator(".history-list")).to_contain_text("alice changed claim")

    page.reload()
    expect(sentence(page, SIPRI)).to_have_attribute("data-rating", "mostly-true")
    sentence(page, SIPRI).click()
    expect(panel.locator("#panel-title .chip")).to_have_text("Mostly true")
    expect(panel.get_by_label("Claimant")).to_have_value(
        "Stockholm International Peace Research Institute"
    )
    expect(panel.locator(".sources")).to_contain_text("SIPRI")
    expect(panel.locator(".note-body")).to_contain_text("against the SIPRI fact sheet")
    claim = Claim.objects.get()
    assert claim.rating.slug == "mostly-true"
    assert Source.objects.filter(claim=claim).count() == 1
    assert Note.objects.filter(claim=claim).count() == 1

    # For the screenshot: colleagues' verdicts on a few more sentences, a tall window.
    colleagues_rate(seed_article, alice)
    page.set_viewport_size({"width": 1440, "height": 1500})
    page.reload()
    sentence(page, SIPRI).click()
    expect(panel.locator(".note-body")).to_be_visible()
    page.evaluate("document.activeElement.blur(); window.scrollTo(0, 0)")
    page.mouse.move(0, 0)
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / "review-seed.png"))


def colleagues_rate(article, editor) -> None:
    """A few claims in other states, so the page shows the whole scale at work."""
    reviewer = UserFactory(username="carol", role="reviewer")
    for text, slug, publish in [
        ("has come under careful international scrutiny", "half-true", False),
        ("During a one-day working visit", "true", True),
        ("A second consignment of aviation", "unverifiable", False),
        ("In January, Lavrov condemned the West", "mostly-false", True),
    ]:
        segment = article.segments.filter(text__contains=text).first()
        claim = services.claim_create(article=article, segments=[segment], user=editor)
        claim = services.claim_update(
            claim=claim, user=editor, version=claim.version, rating=rating(slug), summary="Checked."
        )
        if publish:
            claim = services.claim_submit(claim=claim, user=editor, version=claim.version)
            services.claim_publish(claim=claim, user=reviewer, version=claim.version)


def test_keyboard_only_flow(page, live_server, log_in, seed_article, alice):
    log_in(page, "alice")
    page.goto(f"{live_server.url}/articles/{seed_article.pk}/")
    page.keyboard.press("/")
    expect(page.locator("#q")).to_be_focused()
    page.keyboard.type(SIPRI)
    # The whole query's answer is in (an earlier keystroke's may also match one sentence).
    expect(page).to_have_url(re.compile(r"q=44(%20|\+)percent"))
    expect(page.locator("#article .matches")).to_contain_text("1 matching sentence")
    page.keyboard.press("Escape")
    page.keyboard.press("j")
    expect(sentence(page, SIPRI)).to_be_focused()
    page.keyboard.press("Enter")
    expect(page.locator("#new-claim-form")).to_be_visible()
    page.keyboard.press("c")
    expect(page.locator("#claim-form")).to_be_visible()
    page.keyboard.press("5")  # the fifth step of the scale: False
    expect(page.get_by_role("radio", name="False", exact=True)).to_be_checked()
    page.keyboard.press("s")
    expect(page.locator("#panel .flash")).to_contain_text("saved")
    expect(sentence(page, SIPRI)).to_have_attribute("data-rating", "false")
    expect(sentence(page, SIPRI)).to_be_focused()
    assert Claim.objects.get().rating.slug == "false"

    page.keyboard.press("Escape")
    expect(page.locator("#panel")).to_contain_text("Select a sentence")
    page.keyboard.press("?")
    expect(page.locator("#shortcuts")).to_be_visible()
    page.keyboard.press("Escape")
    expect(page.locator("#shortcuts")).to_be_hidden()
    page.keyboard.press("?")  # the key that opens it closes it too
    expect(page.locator("#shortcuts")).to_be_visible()
    page.keyboard.press("?")
    expect(page.locator("#shortcuts")).to_be_hidden()

    # Shift+j extends the selection: one claim of two consecutive sentences.
    page.keyboard.press("/")
    page.keyboard.press("Control+a")
    page.keyboard.press("Backspace")
    expect(page.locator("#article .matches")).to_have_count(0)
    page.keyboard.press("Escape")
    page.keyboard.press("j")
    page.keyboard.press("Shift+J")
    page.keyboard.press("c")
    expect(page.locator("#claim-form")).to_be_visible()
    assert Claim.objects.filter(status="draft").count() == 2
    # j went to the headline, Shift+J extended to the caption: the hidden repeat of the
    # headline lies between them, so the claim is a run of consecutive segments.
    extended = Claim.objects.latest("id")
    kinds = list(extended.segments.order_by("position").values_list("kind", flat=True))
    assert kinds == ["title", "title", "caption"]


def test_a_late_filter_answer_keeps_the_keyboard_focus(
    page, live_server, log_in, seed_article, alice
):
    log_in(page, "alice")
    page.goto(f"{live_server.url}/articles/{seed_article.pk}/?q={SIPRI}")
    page.keyboard.press("j")
    expect(sentence(page, SIPRI)).to_be_focused()
    # The answer to a search typed earlier lands now, replacing the whole article text.
    page.evaluate("document.getElementById('article').dataset.stale = '1'")
    page.evaluate(
        "q => htmx.ajax('GET', location.pathname + '?q=' + encodeURIComponent(q),"
        " {target: '#article', swap: 'outerHTML'})",
        SIPRI,
    )
    expect(page.locator("#article[data-stale]")).to_have_count(0)
    expect(sentence(page, SIPRI)).to_be_focused()
    page.keyboard.press("Enter")
    expect(page.locator("#new-claim-form")).to_be_visible()


def test_viewer_cannot_edit(page, live_server, log_in, seed_article, alice, victor):
    segment = seed_article.segments.filter(text__contains=SIPRI).get()
    services.claim_create(article=seed_article, segments=[segment], user=alice)
    log_in(page, "victor")
    expect(page.locator("#import")).to_have_count(0)
    page.goto(f"{live_server.url}/articles/{seed_article.pk}/")
    expect(page.locator(".badge", has_text="Read only")).to_be_visible()
    sentence(page, SIPRI).click()
    expect(page.locator("#panel .readonly")).to_be_visible()
    expect(page.locator("#claim-form")).to_have_count(0)
    expect(page.locator("#note-form")).to_have_count(0)
    other = sentence(page, "Lavrov Condemns the West")
    other.click()
    expect(page.locator("#panel")).to_contain_text("read-only access")
    page.keyboard.press("c")
    expect(page.locator("#announce")).to_have_text("Read-only access")
    assert Claim.objects.count() == 1


def test_two_editors_on_one_claim_get_a_conflict_not_a_lost_update(
    browser, live_server, log_in, seed_article, alice, bob
):
    segment = seed_article.segments.filter(text__contains=SIPRI).get()
    claim = services.claim_create(article=seed_article, segments=[segment], user=alice)
    url = f"{live_server.url}/articles/{seed_article.pk}/?claim={claim.pk}"
    pages = {}
    for name in ("alice", "bob"):
        context = browser.new_context(viewport={"width": 1440, "height": 900})
        pages[name] = context.new_page()
        log_in(pages[name], name)
        pages[name].goto(url)
        expect(pages[name].locator("#claim-form")).to_be_visible()

    bob_page, alice_page = pages["bob"], pages["alice"]
    bob_page.get_by_label("Claimant").fill("SIPRI")
    bob_page.get_by_role("button", name=re.compile("^Save")).click()
    expect(bob_page.locator("#panel .flash")).to_contain_text("saved")

    alice_page.get_by_label("Summary of the verdict").fill("Alice's careful summary.")
    alice_page.get_by_role("button", name=re.compile("^Save")).click()
    conflict = alice_page.locator(".conflict")
    expect(conflict).to_contain_text("changed while you were editing")
    expect(conflict).to_contain_text("bob")
    expect(conflict).to_contain_text("SIPRI")
    expect(alice_page.get_by_label("Summary of the verdict")).to_have_value(
        "Alice's careful summary."
    )
    # Alice never touched the claimant: her form now shows bob's.
    expect(alice_page.get_by_label("Claimant")).to_have_value("SIPRI")
    claim.refresh_from_db()
    assert claim.claimant == "SIPRI"
    assert claim.summary == ""

    # Saving again keeps both: bob's claimant and alice's summary.
    alice_page.get_by_role("button", name=re.compile("^Save")).click()
    expect(alice_page.locator("#panel .flash")).to_contain_text("saved")
    claim.refresh_from_db()
    assert (claim.claimant, claim.summary) == ("SIPRI", "Alice's careful summary.")
    for p in pages.values():
        p.context.close()


def test_basic_flow_works_without_javascript(browser, live_server, log_in, seed_article, alice):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    log_in(page, "alice")
    page.goto(f"{live_server.url}/articles/{seed_article.pk}/")
    sentence(page, SIPRI).click()  # a real link: the page comes back with the panel open
    expect(page).to_have_url(re.compile(r"\?segments=\d+#panel$"))
    page.get_by_role("button", name=re.compile("Make claim")).click()
    expect(page).to_have_url(re.compile(r"\?claim=\d+#panel$"))  # POST, redirect, GET
    page.get_by_role("radio", name="Half true", exact=True).check()
    page.get_by_label("Summary of the verdict").fill("Partly supported by SIPRI's figures.")
    page.get_by_role("button", name=re.compile("^Save")).click()
    expect(page.locator(".messages")).to_contain_text("saved")
    expect(sentence(page, SIPRI)).to_have_attribute("data-rating", "half-true")
    page.get_by_role("button", name="Send to review").click()
    expect(page.locator("#panel .status")).to_have_text("In review")
    assert Claim.objects.get().status == "in_review"
    context.close()


def test_a_long_article_lays_out_only_what_is_on_screen(page, live_server, log_in, alice):
    """Paragraphs off screen are skipped (content-visibility), come back when reached, and
    never clip the focus outline of a sentence at their edge."""
    from tests.ui.longread import long_article

    article = long_article(600, "long")
    # Segment ids depend on what earlier tests stored: the sentences by their order instead.
    first, edge, far = (
        f"s{article.segments.get(position=position).pk}" for position in (1, 11, 590)
    )
    log_in(page, "alice")
    page.goto(f"{live_server.url}/articles/{article.pk}/")
    rendered = "id => document.getElementById(id).checkVisibility({contentVisibilityAuto: true})"
    assert page.evaluate(rendered, first)
    assert not page.evaluate(rendered, far)  # far below the window: not laid out
    page.locator(f"#{edge}").focus()  # the first sentence of the third paragraph
    assert page.evaluate("id => document.getElementById(id).previousElementSibling", edge) is None
    outline = page.evaluate(
        """id => {
          const seg = document.getElementById(id), para = seg.closest(".a-para");
          const s = seg.getBoundingClientRect(), p = para.getBoundingClientRect();
          const reach = parseFloat(getComputedStyle(seg).outlineWidth)
            + parseFloat(getComputedStyle(seg).outlineOffset);
          return {reach, left: s.left - reach - p.left, top: s.top - reach - p.top};
        }""",
        edge,
    )
    assert outline["reach"] >= 4, outline
    assert outline["left"] >= 0 and outline["top"] >= 0, outline  # inside what it paints
    page.locator(f"#{far}").focus()
    assert page.evaluate(rendered, far)
    expect(page.locator(f"#{far}")).to_be_in_viewport()


def test_signed_out_mid_edit_keeps_what_was_typed(page, live_server, log_in, seed_article, alice):
    """The session ends while an editor types: the save says so and changes nothing on the
    page; after signing in again in another tab, the same Save button saves it."""
    from django.contrib.sessions.models import Session

    segment = seed_article.segments.filter(text__contains=SIPRI).get()
    claim = services.claim_create(article=seed_article, segments=[segment], user=alice)
    log_in(page, "alice")
    page.goto(f"{live_server.url}/articles/{seed_article.pk}/?claim={claim.pk}")
    summary = page.get_by_label("Summary of the verdict")
    summary.fill("Typed before the session ended.")
    Session.objects.all().delete()  # signed out elsewhere, or the session expired
    page.get_by_role("button", name=re.compile("^Save")).click()
    problem = page.get_by_role("alert").filter(has_text="signed out")
    expect(problem).to_contain_text("Not saved: you are signed out. What you typed is still here")
    expect(summary).to_have_value("Typed before the session ended.")
    expect(page.locator("#panel")).not_to_contain_text("Username")  # no login page swapped in
    page.screenshot(path=SCREENSHOTS / "signed-out.png")
    claim.refresh_from_db()
    assert claim.summary == ""

    with page.expect_popup() as popup:
        problem.get_by_role("link", name="sign in in a new tab").click()
    login = popup.value
    login.get_by_label("Username").fill("alice")
    login.get_by_label("Password").fill("password")
    login.get_by_role("button", name="Log in").click()
    expect(login).to_have_url(re.compile(rf"/articles/{seed_article.pk}/"))  # back to the page
    login.close()

    page.get_by_role("button", name=re.compile("^Save")).click()  # the new CSRF token goes too
    expect(page.locator("#panel .flash")).to_contain_text("saved")
    expect(page.locator("#request-problem")).to_have_count(0)
    claim.refresh_from_db()
    assert claim.summary == "Typed before the session ended."
