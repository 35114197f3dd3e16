"""The /search/ and /archive/ pages."""

import pytest

from annotations import services
from tests.archive.conftest import as_bytes, review

pytestmark = pytest.mark.django_db


@pytest.fixture
def logged_in(client, victor):
    client.force_login(victor)
    return client


def test_pages_need_a_login(client):
    for url in ("/search/", "/archive/"):
        response = client.get(url)
        assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_search_page_shows_highlighted_escaped_snippets(logged_in, alice, article, archive):
    sentence = article.segments.filter(kind="sentence").first()
    services.claim_create(
        article=article, segments=[sentence], user=alice,
        claim_text="<script>alert(1)</script> Measles cases rose in Linden.",
    )  # fmt: skip
    response = logged_in.get("/search/", {"q": "measles"})
    html = response.content.decode()
    assert response.status_code == 200
    assert "<mark>Measles</mark>" in html
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;" in html
    assert 'id="search-q"' in html and "annotations/archive.js" in html


def test_search_page_filters_and_pages(logged_in, archive):
    response = logged_in.get("/search/", {"q": "2024", "type": "claimreview"})
    assert response.status_code == 200
    assert response.context["page"].paginator.count > 20
    second = logged_in.get("/search/", {"q": "2024", "type": "claimreview", "page": 2})
    assert second.context["page"].number == 2
    assert 'rel="prev"' in second.content.decode()


def test_search_page_shows_form_errors(logged_in):
    response = logged_in.get(
        "/search/", {"q": "x", "date_from": "2024-05-01", "date_to": "2024-01-01"}
    )
    assert response.status_code == 200 and response.context["page"] is None
    assert "before the start date" in response.content.decode()
    assert logged_in.get("/search/", {"type": "nope"}).context["page"] is None


def test_archive_lists_imported_reviews(logged_in, alice):
    from annotations.archive.services import claimreview_import

    claimreview_import(document=as_bytes([review(1), review(2, author={"name": "Other Desk"})]))
    response = logged_in.get("/archive/")
    assert response.status_code == 200 and response.context["page"].paginator.count == 2
    assert logged_in.get("/archive/", {"publisher": "other"}).context["page"].paginator.count == 1
    assert "Mostly false" in response.content.decode()


def test_the_nav_links_to_search(logged_in):
    html = logged_in.get("/").content.decode()
    assert 'href="/search/"' in html and "data-search-link" in html


def test_search_page_shows_a_claims_verdict_by_label(logged_in, alice, bob):
    from tests.factories import make_article, rating

    article = make_article("Roads\n\nThe city spent $1.2 billion on roads in 2023.\n")
    sentence = article.segments.get(kind="sentence")
    claim = services.claim_create(article=article, segments=[sentence], user=alice)
    claim = services.claim_update(
        claim=claim, user=alice, version=claim.version, rating=rating("half-true"),
        summary="Part of it.",
    )  # fmt: skip
    claim = services.claim_submit(claim=claim, user=alice, version=claim.version)
    services.claim_publish(claim=claim, user=bob, version=claim.version)
    html = logged_in.get("/search/", {"q": "roads", "type": "claim"}).content.decode()
    assert "Claim</span> · Half true" in html
    assert "half-true" not in html
