"""The review page's query count does not grow with the article or its claims."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from annotations.archive.models import SearchEntry
from tests.ui.longread import add_claims, long_article

pytestmark = pytest.mark.django_db


def count_queries(client, url: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


@pytest.fixture
def small_and_large(alice):
    small = long_article(10, "small")
    add_claims(small, 3, alice)
    large = long_article(2000, "large")
    add_claims(large, 300, alice)
    return small, large


def test_the_large_article_is_large(small_and_large, alice_client):
    _, large = small_and_large
    assert large.segments.filter(kind="sentence").count() == 2000
    assert large.claims.count() == 300
    html = alice_client.get(f"/articles/{large.pk}/").content.decode()
    assert html.count('class="seg') == large.segments.count()


def test_review_page_queries_do_not_grow_with_sentences_or_claims(small_and_large, alice_client):
    small, large = small_and_large
    small_count = count_queries(alice_client, f"/articles/{small.pk}/")
    large_count = count_queries(alice_client, f"/articles/{large.pk}/")
    assert small_count == large_count
    assert large_count <= 12


def test_panel_and_filtered_page_queries_do_not_grow(small_and_large, alice_client):
    # The archive's word statistics (for "previously checked") are read once per 10 minutes.
    first = small_and_large[0]
    alice_client.get(f"/articles/{first.pk}/?claim={first.claims.first().pk}")
    counts = []
    for article in small_and_large:
        claim = article.claims.first()
        counts.append(
            (
                count_queries(alice_client, f"/articles/{article.pk}/?claim={claim.pk}"),
                count_queries(alice_client, f"/articles/{article.pk}/?show=claims&q=ministry"),
            )
        )
    assert counts[0] == counts[1]


def test_dashboard_queries_do_not_grow_with_articles(alice_client, alice):
    add_claims(long_article(10, "one"), 2, alice)
    first = count_queries(alice_client, "/")
    for n in range(3):
        add_claims(long_article(20, f"more {n}"), 5, alice)
    assert count_queries(alice_client, "/") == first


def test_claim_save_reads_neither_the_article_body_nor_the_claim_twice(alice_client, alice):
    """The save's queries: session, user, permissions, the claim, the scale, the locked
    re-read, the update, history, the search index, the votes, assignees and progress."""
    article = long_article(2000, "save")
    claim = add_claims(article, 3, alice)[1]
    data = {"version": claim.version, "claim_text": "Worded.", "claimant": "", "summary": ""}
    data["rating"] = claim.rating_id or ""
    # The first save indexes the claim (bulk-made claims are not in the search index yet).
    first = alice_client.post(f"/claims/{claim.pk}/", data, HTTP_HX_REQUEST="true")
    assert first.status_code == 200
    data.update(version=claim.version + 1, claim_text="Reworded.")
    with CaptureQueriesContext(connection) as queries:
        response = alice_client.post(f"/claims/{claim.pk}/", data, HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    assert b"Claim" in response.content
    # The test's own transaction turns BEGIN/COMMIT into savepoints: count the work only.
    bookkeeping = ("SAVEPOINT", "RELEASE SAVEPOINT", "ROLLBACK TO SAVEPOINT", "BEGIN", "COMMIT")
    sql = [q["sql"] for q in queries if not q["sql"].startswith(bookkeeping)]
    assert not [q for q in sql if '"annotations_article"."body"' in q]
    assert len([q for q in sql if q.startswith('SELECT "annotations_rating"')]) == 1
    assert len(sql) <= 15, "\n".join(sql)
    claim.refresh_from_db()
    assert claim.claim_text == "Reworded."
    assert claim.history.count() == 2  # one entry a save (bulk-made claims start with none)
    entry = SearchEntry.objects.get(kind="claim", object_id=claim.pk)
    assert entry.title == "Reworded."
