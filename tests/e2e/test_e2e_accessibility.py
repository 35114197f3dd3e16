"""An axe-core audit of the main pages in Chromium: no serious or critical violations.

axe-core is vendored for the tests only (``tests/e2e/vendor/axe-core/``) and injected into
each page after it has loaded, with the review page's claim panel open.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from annotations import services
from tests.factories import UserFactory, rating

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

AXE = Path(__file__).parent / "vendor" / "axe-core" / "axe.min.js"
BLOCKING = ("serious", "critical")

RUN_AXE = """async () => {
  const result = await axe.run(document, {resultTypes: ["violations"]});
  if (!result.passes.length) { throw new Error("axe checked nothing"); }
  return result.violations.map((v) => ({
    id: v.id, impact: v.impact, help: v.help,
    nodes: v.nodes.slice(0, 5).map((n) => n.target.join(" ") + ": " + n.failureSummary),
  }));
}"""


def audit(page, blocking: tuple[str, ...] = BLOCKING) -> list[dict]:
    """axe's violations of these impacts on the page as it is now."""
    page.add_script_tag(path=str(AXE))
    return [v for v in page.evaluate(RUN_AXE) if v["impact"] in blocking]


def describe(violations: list[dict]) -> str:
    return "\n".join(
        f"{v['impact']} {v['id']}: {v['help']}\n    " + "\n    ".join(v["nodes"])
        for v in violations
    )


@pytest.fixture
def reviewed(seed_article):
    """The seed article with a rated claim that has a source and a note."""
    editor = UserFactory(username="edna", role="editor")
    sentence = seed_article.segments.filter(kind="sentence").order_by("position")[2]
    claim = services.claim_create(article=seed_article, segments=[sentence], user=editor)
    claim = services.claim_update(
        claim=claim,
        user=editor,
        version=claim.version,
        rating=rating("mostly-false"),
        summary="The figures say otherwise.",
    )
    services.source_add(
        claim=claim,
        user=editor,
        url="https://example.org/figures",
        title="The figures",
        stance="refutes",
    )
    services.note_add(claim=claim, user=editor, body="Checked with the *desk*.", internal=True)
    claim.refresh_from_db()
    claim = services.claim_submit(claim=claim, user=editor, version=claim.version)
    return seed_article, claim


@pytest.mark.parametrize(
    "name",
    [
        "dashboard",
        "review with the panel open",
        "review filtered",
        "report",
        "search",
        "agreement",
        "archive",
    ],
)
def test_page_has_no_serious_accessibility_violations(page, live_server, log_in, reviewed, name):
    article, claim = reviewed
    urls = {
        "dashboard": "/",
        "review with the panel open": f"/articles/{article.pk}/?claim={claim.pk}",
        "review filtered": f"/articles/{article.pk}/?show=suggested&q=wagner",
        "report": f"/reports/articles/{article.pk}/",
        "search": "/search/?q=Wagner",
        "agreement": "/agreement/",
        "archive": "/archive/",
    }
    log_in(page, "edna")
    page.goto(live_server.url + urls[name])
    page.wait_for_load_state("networkidle")
    if name == "review with the panel open":
        page.locator("#panel form").first.wait_for()
    violations = audit(page)
    assert not violations, describe(violations)


def test_review_page_with_focus_tooltip_and_help_has_no_serious_violations(
    page, live_server, log_in, reviewed
):
    article, _ = reviewed
    log_in(page, "edna")
    page.goto(f"{live_server.url}/articles/{article.pk}/")
    page.locator("#article .seg.suggested").first.focus()
    page.locator("#seg-tip").wait_for()
    violations = audit(page)
    assert not violations, describe(violations)
    page.keyboard.press("?")
    page.locator("#shortcuts").wait_for()
    violations = audit(page)
    assert not violations, describe(violations)


def test_login_page_has_no_serious_violations(page, live_server, reference_data):
    page.goto(f"{live_server.url}/accounts/login/")
    violations = audit(page)
    assert not violations, describe(violations)


def test_the_audit_finds_a_violation(page, live_server, log_in, reviewed):
    """The harness itself: an image without a text alternative is a critical violation."""
    log_in(page, "edna")
    page.evaluate("document.querySelector('main').append(document.createElement('img'))")
    assert "image-alt" in [v["id"] for v in audit(page)]
