"""What a newcomer and an editor see: the dashboard reaches every article, reviewers have a
queue, editors their drafts; exports link to the server that made them; the quick start
takes another port."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils.timezone import localtime

from annotations import services
from annotations.exports.claimreview import claimant_type
from annotations.exports.data import _before
from tests.factories import correct_and_publish, make_article, rating
from tests.ui.longread import add_claims, long_article

pytestmark = pytest.mark.django_db


def logged_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_article_101_and_beyond_is_reachable_from_the_dashboard(alice):
    articles = [long_article(3, f"number {n:03d}") for n in range(130)]
    client = logged_in(alice)
    first = client.get("/").content.decode()
    assert "Page 1 of 6" in first
    assert articles[-1].title in first and articles[0].title not in first
    last = client.get("/?page=6").content.decode()
    assert articles[0].title in last
    # Filters: a title, and the page links keep the filter.
    found = client.get("/", {"q": "number 007"}).content.decode()
    assert articles[7].title in found and articles[8].title not in found
    page2 = client.get("/", {"q": "number", "page": 2}).content.decode()
    assert 'href="?q=number&amp;page=3"' in page2


def test_dashboard_filters_by_status(alice, bob, rated_claim, article):
    untouched = long_article(3, "untouched")
    client = logged_in(alice)
    waiting = client.get("/", {"status": "in_review"}).content.decode()
    assert article.title in waiting and untouched.title not in waiting
    new = client.get("/", {"status": "new"}).content.decode()
    assert untouched.title in new and article.title not in new
    services.claim_publish(claim=rated_claim, user=bob, version=rated_claim.version)
    done = client.get("/", {"status": "done"}).content.decode()
    assert article.title in done and untouched.title not in done


def test_bad_dashboard_filters_are_ignored_not_errors(alice):
    response = logged_in(alice).get("/", {"date_from": "yesterday", "page": "x", "status": "?"})
    assert response.status_code == 200


def test_a_bad_dashboard_filter_says_it_is_not_applied_and_the_rest_still_are(alice):
    make_article("Roads Budget\n\nThe city spent $1.2 billion on roads in 2023.\n")
    make_article("Harbour Plan\n\nThe harbour will cost $40 million by 2027.\n")
    html = logged_in(alice).get("/", {"q": "roads", "date_from": "2026-13-45"}).content.decode()
    assert "Enter a valid date. Not applied." in html
    assert "Roads Budget" in html and "Harbour Plan" not in html  # the title filter holds
    reversed_range = {"date_from": "2026-05-01", "date_to": "2026-04-01"}
    html = logged_in(alice).get("/", reversed_range).content.decode()
    assert "The end date is before the start date" in html


def test_dashboard_queries_stay_flat_with_500_articles(alice, bob):
    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            assert logged_in(bob).get("/").status_code == 200
        return len(queries)

    for n in range(5):
        add_claims(long_article(6, f"few {n}"), 2, alice)
    few = count()
    for n in range(495):
        long_article(2, f"many {n}")
    assert count() == few


def test_reviewers_see_their_queue_and_editors_their_drafts(alice, bob, carol, rated_claim):
    draft = services.claim_create(
        article=rated_claim.article,
        segments=[rated_claim.article.segments.filter(kind="sentence")[1]],
        user=alice,
        claim_text="A draft of alice's",
    )
    alice_page = logged_in(alice).get("/").content.decode()
    assert "My drafts" in alice_page and draft.claim_text.replace("'", "&#x27;") in alice_page
    assert "Waiting for your review" not in alice_page  # editors do not publish
    bob_page = logged_in(bob).get("/").content.decode()
    assert "Waiting for your review" in bob_page
    assert f"?claim={rated_claim.pk}#panel" in bob_page
    # Published with a correction bob proposed: in carol's queue, not in bob's.
    published = services.claim_publish(claim=rated_claim, user=carol, version=rated_claim.version)
    services.claim_correct(
        claim=published, user=bob, version=published.version, rating=rating("true"), note="New."
    )
    assert f"?claim={rated_claim.pk}#panel" not in logged_in(bob).get("/").content.decode()
    assert f"?claim={rated_claim.pk}#panel" in logged_in(carol).get("/").content.decode()


def test_every_page_links_to_reports_and_the_api_docs(alice):
    html = logged_in(alice).get("/").content.decode()
    assert 'href="/reports/"' in html and 'href="/api/docs/"' in html


def test_export_permalinks_name_the_server_that_made_them(alice, bob, rated_claim, settings):
    settings.ALLOWED_HOSTS = ["checks.newsroom.example"]
    published = services.claim_publish(claim=rated_claim, user=bob, version=rated_claim.version)
    client = logged_in(alice)
    url = f"/reports/articles/{published.article_id}/"
    response = client.get(url, {"format": "claimreview"}, HTTP_HOST="checks.newsroom.example")
    [review] = json.loads(b"".join(response.streaming_content))
    assert review["url"] == (f"http://checks.newsroom.example{url}#claim-{published.pk}")
    settings.FACTCHECK_PUBLIC_BASE_URL = "https://public.example"
    response = client.get(url, {"format": "claimreview"}, HTTP_HOST="checks.newsroom.example")
    [review] = json.loads(b"".join(response.streaming_content))
    assert review["url"].startswith("https://public.example/reports/")


def test_claimreview_and_w3c_downloads_have_different_names(alice, article):
    client = logged_in(alice)
    names = {
        fmt: client.get(f"/reports/articles/{article.pk}/", {"format": fmt})["Content-Disposition"]
        for fmt in ("claimreview", "w3c", "json")
    }
    assert names["claimreview"].endswith('.claimreview.jsonld"')
    assert names["w3c"].endswith('.w3c.jsonld"')
    assert len(set(names.values())) == 3


@pytest.mark.parametrize(
    ("claimant", "kind"),
    [
        ("the union", "Organization"),
        ("Health officials", "Organization"),
        ("NHS England", "Organization"),
        ("the CDC", "Organization"),
        ("Amnesty International", "Organization"),
        ("Ministry of Finance", "Organization"),
        ("Sen. Jane Doe", "Person"),
        ("the mayor", "Person"),
        ("Prime Minister Kwame Asante", "Person"),
        ("the minister of finance", "Person"),
        ("James Harris", "Person"),
    ],
)
def test_claimant_types(claimant, kind):
    assert claimant_type(claimant) == kind


def test_report_excerpts_carry_no_list_markers():
    body = "Intro line.\n\n- First item here.\n- Second item here.\n"
    start = body.index("Second")
    assert _before(body, start, 160) == ""
    start = body.index("First")
    assert _before(body, start, 160) == ""


def test_correction_shows_who_proposed_and_who_approved(alice, bob, carol, rated_claim):
    published = services.claim_publish(claim=rated_claim, user=bob, version=rated_claim.version)
    correct_and_publish(
        published, proposer=bob, approver=carol, rating=rating("true"), note="Revised.",
        summary="Right after all.",
    )  # fmt: skip
    html = logged_in(alice).get(f"/reports/articles/{published.article_id}/").content.decode()
    assert "Rated by</dt><dd>bob" in html
    assert "Approved by</dt><dd>carol" in html
    # The panel names when it was first published and when corrected, apart.
    published.refresh_from_db()
    panel = (
        logged_in(alice)
        .get(f"/articles/{published.article_id}/?claim={published.pk}")
        .content.decode()
    )
    first = f"published {localtime(published.published_at):%-d %b %H:%M}"
    correction = published.corrections.get()
    assert (
        f"approved by carol · {first} · corrected {localtime(correction.published_at):%-d %b %H:%M}"
        in panel
    )


def test_make_run_takes_another_port():
    plan = subprocess.run(
        ["make", "-n", "run", "PORT=8123"], capture_output=True, text=True, check=True
    ).stdout
    assert "PORT=8123" in plan and "scripts/run.sh" in plan
    default = subprocess.run(["make", "-n", "run"], capture_output=True, text=True, check=True)
    assert "PORT=8000" in default.stdout
    # scripts/run.sh serves on that port, with a job worker beside the server.
    script = (Path(__file__).resolve().parents[2] / "scripts" / "run.sh").read_text()
    assert 'runserver "127.0.0.1:$PORT"' in script and "manage.py worker" in script
