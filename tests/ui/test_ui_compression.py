"""Gzip on the heavy pages, only where no request text lands next to a secret (BREACH)."""

import gzip

import pytest

pytestmark = pytest.mark.django_db

GZIP = {"HTTP_ACCEPT_ENCODING": "gzip, deflate, br"}


def review_url(article, query=""):
    return f"/articles/{article.pk}/{query}"


def test_review_page_is_gzipped_and_unchanged_by_it(alice_client, article):
    plain = alice_client.get(review_url(article))
    response = alice_client.get(review_url(article), **GZIP)
    assert response["Content-Encoding"] == "gzip"
    assert "Accept-Encoding" in response["Vary"]
    html = gzip.decompress(response.content).decode()
    assert plain.get("Content-Encoding") is None  # the client did not ask for it
    # The same page, but for the CSRF token, masked afresh on every request.
    assert html.count('<a class="seg') == plain.content.decode().count('<a class="seg')


def test_csrf_token_differs_on_every_compressed_response(alice_client, article):
    pages = [gzip.decompress(alice_client.get(review_url(article), **GZIP).content) for _ in "ab"]
    tokens = [page.split(b'"x-csrftoken": "')[1].split(b'"')[0] for page in pages]
    assert tokens[0] != tokens[1]


def test_panel_by_id_is_gzipped(alice_client, article, claim):
    response = alice_client.get(review_url(article, f"?claim={claim.pk}"), **GZIP)
    assert response["Content-Encoding"] == "gzip"


@pytest.mark.parametrize("query", ["?q=ministry", "?show=suggested", "?segments=&x=2", "?page=a"])
def test_pages_reflecting_request_text_are_not_compressed(alice_client, article, query):
    response = alice_client.get(review_url(article, query), **GZIP)
    assert response.status_code == 200
    assert not response.has_header("Content-Encoding")


def test_dashboard_and_lists_are_gzipped(alice_client, article):
    for url in ("/", "/reports/", "/archive/"):
        response = alice_client.get(url, **GZIP)
        assert response.status_code == 200, url
        assert response["Content-Encoding"] == "gzip", url


def test_dashboard_after_a_failed_import_is_not_compressed(alice_client):
    response = alice_client.post("/import/", {"body": "", "title": ""}, **GZIP)
    assert not response.has_header("Content-Encoding")


def test_search_and_api_are_not_compressed(alice_client, article):
    assert not alice_client.get("/search/?q=ministry", **GZIP).has_header("Content-Encoding")
    api = alice_client.get("/api/v1/articles/", **GZIP)
    assert api.status_code == 200
    assert not api.has_header("Content-Encoding")


def test_login_page_is_not_compressed(client):
    response = client.get("/accounts/login/", **GZIP)
    assert not response.has_header("Content-Encoding")
