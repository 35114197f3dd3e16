"""URL import from the API and the form, against a local http.server serving a real news page
(menus, ads and footer around the story): fetched by a job, extracted with trafilatura, kept
as the snapshot, ingested like an upload; redirects checked hop by hop; caps and failures."""

from __future__ import annotations

import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from django.test import Client

from annotations.imports.models import ArticleImport
from annotations.imports.services import import_run
from annotations.models import Article
from tests.api.conftest import client_for

pytestmark = pytest.mark.django_db

PAGE = (Path(__file__).resolve().parents[1] / "fixtures" / "mali-wagner-article.html").read_bytes()
STORY = "Russia Entrenches Its Military Foothold in Mali"


class Site:
    """/news serves the page; /moved redirects to it; /big is 6 MB; /gone is 404;
    /away redirects to ``away``."""

    def __init__(self):
        self.away = "http://10.0.0.1/"
        site = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self):
                if self.path == "/news":
                    self._send(200, PAGE, "text/html; charset=utf-8")
                elif self.path == "/moved":
                    self._send(301, b"", "text/html", {"Location": "/news"})
                elif self.path == "/away":
                    self._send(302, b"", "text/html", {"Location": site.away})
                elif self.path == "/big":
                    self._send(200, b"<p>" + b"x" * (6 * 1024 * 1024) + b"</p>", "text/html")
                elif self.path == "/pdf":
                    self._send(200, b"%PDF-1.4", "application/pdf")
                else:
                    self._send(404, b"not here", "text/plain")

            def _send(self, status, body, kind, headers=None):
                self.send_response(status)
                self.send_header("Content-Type", kind)
                self.send_header("Content-Length", str(len(body)))
                for name, value in (headers or {}).items():
                    self.send_header(name, value)
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.base = f"http://127.0.0.1:{self.server.server_address[1]}"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()


@pytest.fixture
def site():
    site = Site()
    yield site
    site.server.shutdown()
    site.server.server_close()


def test_the_api_answers_202_and_the_job_imports_the_page(
    alice, site, immediate_jobs, django_capture_on_commit_callbacks
):
    client = client_for(alice)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            "/api/v1/articles/", {"url": f"{site.base}/news", "publisher": "World News"},
            format="json",
        )  # fmt: skip
    assert response.status_code == 202, response.json()
    queued = response.json()
    assert queued["status"] == "queued" and queued["poll"] == f"/api/v1/imports/{queued['id']}/"
    assert response["Location"] == queued["poll"]
    done = client.get(queued["poll"]).json()
    assert done["status"] == "done", done
    article = Article.objects.get(pk=done["article"])
    assert done["article_url"] == f"/api/v1/articles/{article.pk}/"
    assert article.title.startswith(STORY)
    assert article.url == f"{site.base}/news" and article.publisher == "World News"
    assert "Wagner" in article.body and "Get the morning briefing" not in article.body
    assert article.segments.filter(kind="sentence").count() > 10
    job = ArticleImport.objects.get()
    assert job.html == PAGE.decode() and job.created_article  # the snapshot, as fetched
    # The same page again: the same article (ingest is idempotent).
    with django_capture_on_commit_callbacks(execute=True):
        again = client.post("/api/v1/articles/", {"url": f"{site.base}/news"}, format="json")
    assert client.get(again.json()["poll"]).json()["article"] == article.pk
    assert Article.objects.count() == 1


def test_a_text_body_still_imports_at_once(alice):
    response = client_for(alice).post(
        "/api/v1/articles/", {"body": "Story\n\nIt cost $1bn.\n", "url": "https://e.org/x"},
        format="json",
    )  # fmt: skip
    assert response.status_code == 201


def test_viewers_cannot_import_and_others_cannot_poll_my_import(alice, victor, bob, site):
    assert (
        client_for(victor)
        .post("/api/v1/articles/", {"url": f"{site.base}/news"}, format="json")
        .status_code
        == 403
    )
    poll = client_for(alice).post("/api/v1/articles/", {"url": f"{site.base}/news"},
                                  format="json").json()["poll"]  # fmt: skip
    assert client_for(bob).get(poll).status_code == 404


def test_an_unsafe_url_is_refused_before_anything_is_queued(alice, settings):
    settings.FACTCHECK_WEBHOOK_ALLOW_PRIVATE = False
    for url in ("http://127.0.0.1/news", "http://169.254.169.254/latest", "file:///etc/passwd"):
        response = client_for(alice).post("/api/v1/articles/", {"url": url}, format="json")
        assert response.status_code == 400, (url, response.json())
        assert "url" in response.json()["fields"]
    assert not ArticleImport.objects.exists()


def queued(alice, url) -> ArticleImport:
    return ArticleImport.objects.create(url=url, requested_by=alice)


def test_redirects_are_followed_and_checked_at_every_hop(alice, site, settings, monkeypatch):
    job = queued(alice, f"{site.base}/moved")
    assert import_run(job.pk) == "done"
    job.refresh_from_db()
    assert job.fetched_url == f"{site.base}/news" and job.article.title.startswith(STORY)

    # A redirect to a private address is refused once private addresses are.
    from annotations import netsafety

    job = queued(alice, f"{site.base}/away")
    real = netsafety.check_url

    def strict_except_our_site(url, **kwargs):
        settings.FACTCHECK_WEBHOOK_ALLOW_PRIVATE = url.startswith(site.base)
        return real(url, **kwargs)

    monkeypatch.setattr(netsafety, "check_url", strict_except_our_site)
    assert import_run(job.pk) == "failed"
    job.refresh_from_db()
    assert "Cannot fetch http://10.0.0.1/" in job.error and "private address" in job.error


@pytest.mark.parametrize(
    ("path", "error"),
    [("/big", "too large"), ("/gone", "HTTP 404"), ("/pdf", "not a web page")],
)
def test_pages_that_cannot_be_imported_say_why(alice, site, path, error):
    job = queued(alice, f"{site.base}{path}")
    assert import_run(job.pk) == "failed"
    job.refresh_from_db()
    assert error in job.error and job.finished_at is not None
    assert not Article.objects.exists()


def test_a_job_runs_once(alice, site):
    job = queued(alice, f"{site.base}/news")
    assert import_run(job.pk) == "done"
    assert import_run(job.pk) == "skipped"


def test_the_form_imports_from_a_url_and_the_progress_page_polls(
    alice, site, django_capture_on_commit_callbacks
):
    client = Client()
    client.force_login(alice)
    with django_capture_on_commit_callbacks(execute=False):
        response = client.post("/import/", {"url": f"{site.base}/news"})
    job = ArticleImport.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/imports/{job.pk}/"
    page = client.get(response["Location"]).content.decode()
    assert "Waiting for a worker" in page and 'hx-trigger="every 1s"' in page
    fragment = client.get(f"/imports/{job.pk}/", HTTP_HX_REQUEST="true").content.decode()
    assert "<html" not in fragment and 'hx-trigger="every 1s"' in fragment
    import_run(job.pk)
    job.refresh_from_db()
    fragment = client.get(f"/imports/{job.pk}/", HTTP_HX_REQUEST="true").content.decode()
    assert "hx-trigger" not in fragment
    assert f'href="/articles/{job.article_id}/"' in fragment


def test_the_form_with_htmx_redirects_the_page(alice, site):
    client = Client()
    client.force_login(alice)
    response = client.post("/import/", {"url": f"{site.base}/news"}, HTTP_HX_REQUEST="true")
    assert response["HX-Redirect"] == f"/imports/{ArticleImport.objects.get().pk}/"


def test_the_form_shows_an_unsafe_url_as_an_error(alice, settings):
    settings.FACTCHECK_WEBHOOK_ALLOW_PRIVATE = False
    client = Client()
    client.force_login(alice)
    response = client.post("/import/", {"url": "http://127.0.0.1/x"})
    assert response.status_code == 200
    assert "Cannot fetch this address" in response.content.decode()
    assert not ArticleImport.objects.exists()
