"""The dashboard: articles with progress, my assignments, and importing an article."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from annotations import services
from annotations.models import Article
from tests.factories import rating

pytestmark = pytest.mark.django_db

PASTED = "Harbour Plan Approved\n\nThe council said the harbour will cost $40 million by 2027.\n"


@pytest.mark.parametrize("url", ["/", "/articles/1/", "/import/", "/claims/1/"])
def test_every_page_requires_login(client, url):
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


def test_login_page_renders_and_logs_in(client, alice):
    page = client.get("/accounts/login/")
    assert page.status_code == 200
    assert b'name="username"' in page.content
    response = client.post("/accounts/login/", {"username": "alice", "password": "password"})
    assert response.status_code == 302
    assert client.get("/").status_code == 200


def test_dashboard_lists_articles_with_progress(alice_client, article, claim, alice):
    services.claim_update(claim=claim, user=alice, version=claim.version, rating=rating("false"))
    response = alice_client.get("/")
    assert response.status_code == 200
    html = response.content.decode()
    assert article.title in html
    assert f'href="/articles/{article.pk}/"' in html
    assert 'class="dist-part" data-rating="false"' in html


def test_dashboard_shows_my_assignments(alice_client, claim, alice):
    services.claim_update(claim=claim, user=alice, version=claim.version, assignee=alice)
    response = alice_client.get("/")
    assert f"?claim={claim.pk}#panel" in response.content.decode()


def test_pasted_text_is_imported_and_opened(alice_client):
    response = alice_client.post(
        "/import/", {"text": PASTED, "publisher": "The Gazette", "url": "https://example.org/a"}
    )
    article = Article.objects.get(title="Harbour Plan Approved")
    assert response.status_code == 302
    assert response["Location"] == f"/articles/{article.pk}/"
    assert article.publisher == "The Gazette"
    assert article.body == PASTED


def test_htmx_import_redirects_the_client(alice_client):
    response = alice_client.post("/import/", {"text": PASTED}, HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    assert response["HX-Redirect"].startswith("/articles/")


def test_uploaded_markdown_is_imported(alice_client):
    upload = SimpleUploadedFile("story.md", PASTED.encode(), content_type="text/markdown")
    response = alice_client.post("/import/", {"file": upload})
    assert response.status_code == 302
    assert Article.objects.filter(body=PASTED).exists()


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"text": "   "}, "Paste the article"),
        ({"text": PASTED, "url": "javascript:alert(1)"}, "Enter a valid URL"),
    ],
)
def test_import_errors_show_inline(alice_client, data, message):
    response = alice_client.post("/import/", data, HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    assert message in response.content.decode()
    assert b"<html" not in response.content  # only the form fragment is swapped
    assert not Article.objects.exists()


def test_uploaded_news_page_is_imported_with_its_segments(alice_client, news_page):
    upload = SimpleUploadedFile("wagner.html", news_page, content_type="text/html")
    response = alice_client.post("/import/", {"file": upload, "publisher": "World News"})
    article = Article.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/articles/{article.pk}/"
    assert article.title.startswith("Russia Entrenches Its Military Foothold in Mali")
    assert article.publisher == "World News"
    assert "Lavrov" in article.body
    assert "Related stories" not in article.body and "rights reserved" not in article.body
    segments = list(article.segments.all())
    kinds = [s.kind for s in segments]
    assert kinds[0] == "title" and kinds.count("heading") == 3 and kinds.count("sentence") > 20
    assert all(article.body[s.start : s.end] == s.text for s in segments)


def test_binary_upload_is_refused_with_a_message(alice_client):
    upload = SimpleUploadedFile("story.txt", b"\x00\x01binary", content_type="text/plain")
    response = alice_client.post("/import/", {"file": upload})
    assert response.status_code == 200
    assert "looks binary" in response.content.decode()
    assert not Article.objects.exists()


def test_viewer_cannot_import(victor_client):
    page = victor_client.get("/")
    assert b'action="/import/"' not in page.content
    response = victor_client.post("/import/", {"text": PASTED})
    assert response.status_code == 403
    assert not Article.objects.exists()


def test_an_uploaded_pages_byline_shows_on_the_review_page(alice_client):
    paragraph = "<p>The port will spend $2m on dredging over four years, officials said.</p>"
    page = (
        "<html><head><title>Harbour plan</title><meta name='author' content='Ana Silva'></head>"
        f"<body><article><h1>Harbour plan</h1>{paragraph * 4}</article></body></html>"
    )
    upload = SimpleUploadedFile("harbour.html", page.encode(), content_type="text/html")
    alice_client.post("/import/", {"file": upload})
    article = Article.objects.get()
    assert article.byline == "Ana Silva" and "Ana Silva" not in article.body
    html = alice_client.get(f"/articles/{article.pk}/").content.decode()
    assert '<span class="byline">By Ana Silva</span>' in html


def test_a_title_given_at_import_heads_the_review_page(alice_client):
    text = "The council said the harbour will cost $40 million by 2027. It votes in May.\n"
    alice_client.post("/import/", {"text": text, "title": "Big regional economy roundup"})
    article = Article.objects.get()
    assert not article.segments.filter(kind="title").exists()
    html = alice_client.get(f"/articles/{article.pk}/").content.decode()
    assert '<h1 class="a-title given-title">Big regional economy roundup</h1>' in html
    # A title that is part of the text is shown once, as its own segment.
    alice_client.post("/import/", {"text": PASTED})
    other = Article.objects.exclude(pk=article.pk).get()
    html = alice_client.get(f"/articles/{other.pk}/").content.decode()
    assert "given-title" not in html and html.count("Harbour Plan Approved</a></h1>") == 1
