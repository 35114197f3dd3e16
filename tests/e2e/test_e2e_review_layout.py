"""The review page with text and screens it was not first made for, in a real Chromium: a
word longer than the column, a phone where the panel sits below the article, right-to-left
paragraphs, and the browser's Back button after filtering.

Screenshots go where FACTCHECK_SCREENSHOTS says (a temporary folder otherwise)."""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest
from playwright.sync_api import expect

from annotations import services
from annotations.models import Claim
from tests.factories import SourceFactory, UserFactory, make_article

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 800}
LONG_WORD = "Supercalifragilisticexpialidocious" + "x" * 400
LONG_TEXT = (
    "Budget Row Deepens\n\n"
    "Sen. Jane Doe said on Monday that the city spent $1.2 billion on roads in 2023.\n\n"
    f"The auditor's file was named {LONG_WORD} in the records.\n\n"
    "Critics think the plan is a disaster.\n"
)
ARABIC = "قال الوزير إن الحكومة أنفقت مليار دولار على الطرق."
RTL_TEXT = (
    "Budget Row Deepens\n\n"
    "Sen. Jane Doe said on Monday that the city spent $1.2 billion on roads in 2023.\n\n"
    f"{ARABIC}\n\n"
    "Critics think the plan is a disaster.\n"
)

# How far the page, or an element, reaches past its box: 0 when nothing sticks out.
OVERFLOW = """() => ({
  page: document.documentElement.scrollWidth - window.innerWidth,
  boxes: ["#article", "#panel"].map(sel => {
    const r = document.querySelector(sel).getBoundingClientRect();
    return {sel, left: r.left, right: r.right};
  }),
  panel: (p => p.scrollWidth - p.clientWidth)(document.querySelector("#panel")),
})"""


@pytest.fixture
def alice(reference_data):
    return UserFactory(username="alice", role="editor")


@pytest.fixture
def shots(tmp_path):
    folder = Path(os.environ.get("FACTCHECK_SCREENSHOTS") or tmp_path)
    folder.mkdir(parents=True, exist_ok=True)

    def take(page, name: str) -> None:
        page.screenshot(path=str(folder / f"{name}.png"))

    return take


@pytest.fixture
def phone(browser, live_server, log_in):
    """A logged-in page on a touch phone (the panel is below the article there)."""
    contexts = []

    def open_phone(username: str, **options):
        context = browser.new_context(viewport=PHONE, has_touch=True, is_mobile=True, **options)
        contexts.append(context)
        page = context.new_page()
        log_in(page, username)
        return page

    yield open_phone
    for context in contexts:
        context.close()


# Every scroll position the page passes through, from now on.
RECORD_SCROLLS = "window.scrolls = []; addEventListener('scroll', () => scrolls.push(scrollY))"


def sentence(page, text: str):
    return page.locator("#article a.seg", has_text=text)


def assert_fits(page, width: int) -> None:
    reach = page.evaluate(OVERFLOW)
    assert reach["page"] <= 0, reach
    for box in reach["boxes"]:
        assert box["left"] >= 0 and box["right"] <= width, reach
    assert reach["panel"] <= 0, reach  # nothing scrolls sideways inside the panel either


def test_a_word_longer_than_the_column_wraps_at_every_width(
    page, live_server, log_in, alice, shots
):
    article = make_article(LONG_TEXT)
    log_in(page, "alice")
    url = f"{live_server.url}/articles/{article.pk}/"
    for name, size in (("phone", PHONE), ("desktop", DESKTOP)):
        page.set_viewport_size(size)
        page.goto(url)
        assert_fits(page, size["width"])
        long = sentence(page, "Supercalifragilistic")
        word, column = long.bounding_box(), page.locator("#article").bounding_box()
        assert word["x"] >= column["x"], (word, column)
        assert word["x"] + word["width"] <= column["x"] + column["width"] + 0.5, (word, column)
        shots(page, f"long-word-{name}")

    # The panel: the sentence quoted, then its claim with a source whose address is as long.
    page.set_viewport_size(PHONE)
    page.goto(url)
    sentence(page, "Supercalifragilistic").click()
    expect(page.locator("#panel .selection-text")).to_contain_text("Supercalifragilistic")
    assert_fits(page, PHONE["width"])
    page.locator("#panel").get_by_role("button", name=re.compile("Make claim")).click()
    expect(page.locator("#claim-form")).to_be_visible()
    claim = Claim.objects.get()
    SourceFactory(claim=claim, url=f"https://example.org/{LONG_WORD}", title="", quote=LONG_WORD)
    for name, size in (("phone", PHONE), ("desktop", DESKTOP)):
        page.set_viewport_size(size)
        page.goto(f"{url}?claim={claim.pk}")
        expect(page.locator("#panel .source")).to_contain_text("Supercalifragilistic")
        assert_fits(page, size["width"])
        page.locator("#panel .source").scroll_into_view_if_needed()
        shots(page, f"long-word-panel-{name}")


def test_a_long_title_fits_the_dashboard_and_the_search_page_on_a_phone(
    page, live_server, log_in, alice, shots
):
    make_article(f"{LONG_WORD}\n\nThe city spent $1.2 billion on roads in 2023.\n")
    log_in(page, "alice")
    page.set_viewport_size(PHONE)
    for name, path in (("dashboard", "/"), ("search", "/search/?q=roads")):
        page.goto(f"{live_server.url}{path}")
        expect(page.get_by_role("link", name=re.compile("^Supercalifragilistic"))).to_be_visible()
        overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
        assert overflow <= 0, f"{name}: the page is {overflow}px wider than the window"
        shots(page, f"long-word-{name}-phone")


def test_on_a_phone_the_panel_comes_into_view_when_a_sentence_is_tapped(
    page, phone, live_server, log_in, seed_article, alice, shots
):
    segment = seed_article.segments.filter(text__contains="44 percent").get()
    claim = services.claim_create(article=seed_article, segments=[segment], user=alice)
    url = f"{live_server.url}/articles/{seed_article.pk}/"
    mobile = phone("alice")
    mobile.goto(url)
    mobile.evaluate(RECORD_SCROLLS)
    sentence(mobile, "Lavrov Condemns the West").tap()
    heading = mobile.locator("#panel-title")
    expect(heading).to_have_text("Not a claim yet")
    expect(heading).to_be_in_viewport()
    expect(heading).to_be_in_viewport(timeout=1000)  # and stays there
    expect(heading).to_be_focused()  # screen readers read what came, not the sentence again
    assert (
        mobile.evaluate("document.querySelector('.topbar').getBoundingClientRect().bottom")
        <= (heading.bounding_box()["y"])
    )  # not under the sticky top bar
    assert len(mobile.evaluate("window.scrolls")) > 8  # it glided there
    mobile.evaluate("document.activeElement.blur()")
    shots(mobile, "panel-phone")

    # A link to a claim (the dashboard's queue, a colleague's message) opens with it in view.
    mobile.goto(f"{url}?claim={claim.pk}")
    expect(mobile.locator("#claim-form")).to_be_in_viewport()
    expect(mobile.locator("#claim-form")).to_be_in_viewport(timeout=1000)
    shots(mobile, "claim-link-phone")

    # Asked for less motion, the page jumps instead (a jump or two: the
    # paragraphs it lands among are laid out only then, and may push the panel down).
    still = phone("alice", reduced_motion="reduce")
    still.goto(url)
    still.evaluate(RECORD_SCROLLS)
    sentence(still, "Lavrov Condemns the West").tap()
    expect(still.locator("#panel-title")).to_be_in_viewport()
    expect(still.locator("#panel-title")).to_be_focused()
    assert len(still.evaluate("window.scrolls")) <= 4, still.evaluate("window.scrolls")

    # On a desktop the panel is beside the text: a click scrolls nothing and focus stays on
    # the sentence, so j/k go on from it.
    log_in(page, "alice")
    page.set_viewport_size(DESKTOP)
    page.goto(url)
    page.keyboard.press("j")
    page.keyboard.press("j")
    second = page.evaluate("document.activeElement.id")
    before = page.evaluate("scrollY")
    page.keyboard.press("Enter")
    expect(page.locator("#panel-title")).to_be_visible()
    expect(page.locator(f"#{second}")).to_be_focused()
    assert page.evaluate("scrollY") == before
    page.keyboard.press("j")
    third = page.evaluate("document.activeElement.id")
    assert third != second and third.startswith("s")
    page.locator(f"#{third}").click()
    expect(page.locator("#panel-title")).to_be_visible()
    expect(page.locator(f"#{third}")).to_be_focused()
    shots(page, "panel-desktop")


def test_back_after_filtering_shows_the_filter_of_that_page(
    page, live_server, log_in, seed_article, alice
):
    log_in(page, "alice")
    page.goto(f"{live_server.url}/articles/{seed_article.pk}/")
    show, query = page.locator("#show"), page.locator("#q")
    show.select_option("suggested")
    expect(page).to_have_url(re.compile(r"\?show=suggested&q=$"))
    expect(page.locator("#article .matches")).to_be_visible()
    suggested = page.locator("#article .matches").text_content()
    query.fill("percent")
    expect(page).to_have_url(re.compile(r"\?show=suggested&q=percent$"))
    expect(page.locator("#article .matches")).not_to_have_text(suggested)

    page.go_back()
    expect(page).to_have_url(re.compile(r"\?show=suggested&q=$"))
    expect(page.locator("#article .matches")).to_have_text(suggested)
    expect(show).to_have_value("suggested")
    expect(query).to_have_value("")

    page.go_back()
    expect(page).to_have_url(re.compile(rf"/articles/{seed_article.pk}/$"))
    expect(page.locator("#article .matches")).to_have_count(0)
    expect(show).to_have_value("all")

    page.go_forward()
    page.go_forward()
    expect(page).to_have_url(re.compile(r"\?show=suggested&q=percent$"))
    expect(show).to_have_value("suggested")
    expect(query).to_have_value("percent")

    # The restored page still works: a sentence opens the panel, Escape closes it.
    page.locator("#article a.seg.hit").first.click()
    expect(page.locator("#panel-title")).to_have_text("Not a claim yet")
    page.keyboard.press("Escape")
    expect(page.locator("#panel")).to_contain_text("Select a sentence")


# Where the first letter and the full stop of a block's text are drawn.
ENDS = """el => {
  const walk = document.createTreeWalker(el, NodeFilter.SHOW_TEXT), texts = [];
  while (walk.nextNode()) { if (walk.currentNode.data.trim()) texts.push(walk.currentNode); }
  const range = document.createRange(), at = (node, i) => {
    range.setStart(node, i); range.setEnd(node, i + 1); return range.getBoundingClientRect();
  };
  const last = texts[texts.length - 1], box = el.getBoundingClientRect();
  const first = at(texts[0], 0), stop = at(last, last.data.trimEnd().length - 1);
  return {first: [first.left, first.right], stop: [stop.left, stop.right],
          box: [box.left, box.right], padding: parseFloat(getComputedStyle(el).paddingRight)};
}"""


def test_a_right_to_left_paragraph_reads_right_to_left(page, live_server, log_in, alice, shots):
    article = make_article(RTL_TEXT)
    log_in(page, "alice")
    page.set_viewport_size(DESKTOP)
    page.goto(f"{live_server.url}/articles/{article.pk}/")
    arabic = page.locator("#article .a-para", has_text="الوزير")
    ends = arabic.evaluate(ENDS)
    # It starts at the right edge of the column, and its full stop is on its left.
    assert ends["first"][1] == pytest.approx(ends["box"][1] - ends["padding"], abs=1), ends
    assert ends["stop"][1] <= ends["first"][0], ends
    english = page.locator("#article .a-para", has_text="Jane Doe").evaluate(ENDS)
    assert english["first"][0] < english["stop"][0], english  # the others stay left to right
    assert page.locator("#article h1").evaluate("h => getComputedStyle(h).direction") == "ltr"

    sentence(page, "الوزير").click()
    quote = page.locator("#panel .selection-text")
    expect(quote).to_contain_text("الوزير")
    assert quote.evaluate("q => getComputedStyle(q).direction") == "rtl"
    page.locator("#panel").get_by_role("button", name=re.compile("Make claim")).click()
    wording = page.locator("#claim-form").get_by_label("Claim (normalised wording)")
    expect(wording).to_have_value(ARABIC)
    # Chromium draws a dir="auto" field as unicode-bidi: plaintext; :dir() is its direction.
    assert wording.evaluate("t => t.matches(':dir(rtl)')")
    page.evaluate("document.activeElement.blur()")
    shots(page, "rtl-desktop")
