"""A large pasted or uploaded article is imported by a job, like a URL import: past
FACTCHECK_IMPORT_JOB_BYTES, POST /api/v1/articles/ answers 202 with a poll URL and the import
form shows the progress page; the job segments, scores and stores the article through the same
ingest service, telling its stage and percent; small texts keep the 201; the same text twice is
the same article; article.created is sent once; viewers cannot import; bad input is a 400 with
nothing queued."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from annotations import services
from annotations.documents import read_text
from annotations.imports import services as imports
from annotations.imports.models import ArticleImport
from annotations.imports.services import import_run
from annotations.models import Article
from annotations.webhooks import events
from annotations.webhooks.models import WebhookEvent
from tests.api.conftest import client_for
from tests.factories import long_text

pytestmark = pytest.mark.django_db

URL = "/api/v1/articles/"
THRESHOLD = 4000


@pytest.fixture(autouse=True)
def small_threshold(settings):
    settings.FACTCHECK_IMPORT_JOB_BYTES = THRESHOLD


def post(client, data, capture=None, **kwargs):
    if capture is None:
        return client.post(URL, data, **kwargs)
    with capture(execute=True):
        return client.post(URL, data, **kwargs)


def test_a_large_body_answers_202_and_the_job_stores_the_same_article(
    alice, immediate_jobs, django_capture_on_commit_callbacks
):
    text = long_text()
    assert len(text.encode()) > THRESHOLD
    client = client_for(alice)
    response = post(
        client, {"body": text, "publisher": "City Desk", "url": "https://example.org/budget"},
        django_capture_on_commit_callbacks, format="json",
    )  # fmt: skip
    assert response.status_code == 202, response.json()
    queued = response.json()
    assert queued["source"] == "text" and queued["status"] == "queued"
    assert queued["size"] == len(text.encode()) and queued["url"] == "https://example.org/budget"
    assert queued["poll"] == f"/api/v1/imports/{queued['id']}/" == response["Location"]
    done = client.get(queued["poll"]).json()
    assert done["status"] == "done" and done["progress"] == 100 and done["created_article"]
    assert done["stage"] == "writing" and done["scored"] == done["sentences"] == 80
    article = Article.objects.get(pk=done["article"])
    assert done["article_url"] == f"/api/v1/articles/{article.pk}/"
    assert client.get(done["article_url"]).json()["title"] == "Council Budget Under Scrutiny"
    assert article.body == text and article.publisher == "City Desk"
    # The same rows as the synchronous path gives for the same text.
    expected = [(s.kind, s.start, s.end, s.checkworthiness) for s in
                services.build_segments(Article(body=text))]  # fmt: skip
    stored = list(article.segments.order_by("position").values_list(
        "kind", "start", "end", "checkworthiness"))  # fmt: skip
    assert stored == expected
    assert ArticleImport.objects.get().body == ""  # the text is not kept twice


def test_small_texts_keep_the_synchronous_201(alice):
    response = client_for(alice).post(URL, {"body": long_text(5)}, format="json")
    assert response.status_code == 201 and response.json()["title"]
    assert not ArticleImport.objects.exists()


def test_a_large_upload_is_a_job_too(alice, immediate_jobs, django_capture_on_commit_callbacks):
    upload = SimpleUploadedFile("budget.md", long_text().encode(), content_type="text/markdown")
    client = client_for(alice)
    response = post(client, {"file": upload}, django_capture_on_commit_callbacks,
                    format="multipart")  # fmt: skip
    assert response.status_code == 202, response.json()
    assert response.json()["source"] == "file" and response.json()["filename"] == "budget.md"
    done = client.get(response["Location"]).json()
    assert done["status"] == "done"
    assert Article.objects.get().title == "Council Budget Under Scrutiny"


def test_the_same_large_text_again_is_the_existing_article_at_once(
    alice, bob, immediate_jobs, django_capture_on_commit_callbacks
):
    text = long_text()
    first = post(client_for(alice), {"body": text}, django_capture_on_commit_callbacks,
                 format="json")  # fmt: skip
    article_id = client_for(alice).get(first["Location"]).json()["article"]
    again = client_for(bob).post(URL, {"body": text}, format="json")
    assert again.status_code == 200 and again.json()["id"] == article_id
    assert ArticleImport.objects.count() == 1 and Article.objects.count() == 1


def test_two_jobs_for_one_text_store_one_article(alice, bob):
    text = long_text()
    jobs = [imports.text_import(document=read_text(text), user=user).job for user in (alice, bob)]
    assert all(jobs) and import_run(jobs[0].pk) == "done" and import_run(jobs[1].pk) == "done"
    first, second = (ArticleImport.objects.get(pk=j.pk) for j in jobs)
    assert first.created_article and not second.created_article
    assert first.article_id == second.article_id and Article.objects.count() == 1
    client = Client()
    client.force_login(bob)
    page = client.get(f"/imports/{second.pk}/").content.decode()
    assert "This text was imported before; here is the existing article." in page


def test_article_created_is_sent_once(alice, ada, settings, monkeypatch):
    from annotations.webhooks.services import endpoint_create

    settings.FACTCHECK_WEBHOOK_ALLOW_PRIVATE = True
    monkeypatch.setattr(events, "queue_deliveries", lambda ids, run_after=None: None)
    endpoint_create(url="http://127.0.0.1:9/hook", events=["article.created"], user=ada)
    text = long_text()
    for user in (alice, alice):
        job = imports.text_import(document=read_text(text), user=user).job
        if job is not None:
            import_run(job.pk)
    (event,) = WebhookEvent.objects.filter(type="article.created")
    assert event.data["id"] == Article.objects.get().pk


def test_the_job_tells_its_progress_as_it_goes(alice, monkeypatch):
    monkeypatch.setattr(services.articles, "PROGRESS_EVERY", 10)
    seen = []
    tell = imports.ProgressReport.__call__

    def recorded(self, stage, done, total):
        self.every = 0  # every step written, to be seen
        tell(self, stage, done, total)
        row = ArticleImport.objects.get(pk=self.import_id)
        seen.append((row.status, row.stage, row.scored, row.progress))

    monkeypatch.setattr(imports.ProgressReport, "__call__", recorded)
    job = imports.text_import(document=read_text(long_text()), user=alice).job
    assert import_run(job.pk) == "done"
    stages = [stage for _, stage, _, _ in seen]
    assert stages[0] == "segmenting" and stages[-1] == "writing" and "scoring" in stages
    assert {status for status, *_ in seen} == {"ingesting"}
    scored = [n for _, stage, n, _ in seen if stage == "scoring"]
    assert scored == sorted(scored) and scored[0] == 0 and scored[-1] == 80 and len(scored) > 5
    percents = [p for *_, p in seen]
    assert percents == sorted(percents) and 0 < percents[0] < percents[-1] < 100
    assert ArticleImport.objects.get(pk=job.pk).progress == 100


def test_viewers_cannot_import_and_others_cannot_follow(alice, bob, victor, ada):
    text = long_text()
    assert client_for(victor).post(URL, {"body": text}, format="json").status_code == 403
    assert not ArticleImport.objects.exists()
    poll = client_for(alice).post(URL, {"body": text}, format="json")["Location"]
    assert client_for(bob).get(poll).status_code == 404
    assert client_for(victor).get(poll).status_code == 403
    assert client_for(ada).get(poll).status_code == 200
    page = Client()
    page.force_login(bob)
    assert page.get(poll.replace("/api/v1", "")).status_code == 404


def test_the_api_with_a_session_needs_the_csrf_token(alice):
    client = Client(enforce_csrf_checks=True)
    client.force_login(alice)
    response = client.post(URL, {"body": long_text()}, content_type="application/json")
    assert response.status_code == 403 and "CSRF" in response.json()["detail"]
    assert not ArticleImport.objects.exists()


@pytest.mark.parametrize(
    ("body", "field", "message"),
    [
        (long_text() + "\x00", "body", "Null characters"),
        (long_text() + "\x01" * 200, "body", "binary"),
        (" " * (THRESHOLD + 10), "body", "empty"),
    ],
)
def test_bad_large_input_is_a_400_with_nothing_queued(alice, body, field, message):
    response = client_for(alice).post(URL, {"body": body}, format="json")
    assert response.status_code == 400, response.json()
    assert message in str(response.json()["fields"][field])
    assert not ArticleImport.objects.exists() and not Article.objects.exists()


def test_a_large_upload_that_is_not_utf8_is_a_400(alice):
    upload = SimpleUploadedFile("x.txt", long_text().encode("utf-16"), content_type="text/plain")
    response = client_for(alice).post(URL, {"file": upload}, format="multipart")
    assert response.status_code == 400 and "file" in response.json()["fields"]
    assert not ArticleImport.objects.exists()


def test_a_failed_job_says_why(alice, monkeypatch):
    job = imports.text_import(document=read_text(long_text()), user=alice).job

    def broken(*args, **kwargs):
        raise RuntimeError("disk on fire")

    monkeypatch.setattr(services.articles, "_insert_segments", broken)
    assert import_run(job.pk) == "failed"
    job.refresh_from_db()
    assert job.error == "The import failed." and job.body == "" and job.finished_at
    assert not Article.objects.exists()  # nothing half-written
    assert import_run(job.pk) == "skipped"


# ------------------------------------------------------------------------------- the form


def form_client(user, **kwargs) -> Client:
    client = Client(**kwargs)
    client.force_login(user)
    return client


def test_the_form_queues_a_large_paste_and_the_progress_page_polls(
    alice, django_capture_on_commit_callbacks
):
    client = form_client(alice)
    with django_capture_on_commit_callbacks(execute=False):
        response = client.post("/import/", {"text": long_text(), "publisher": "City Desk"})
    job = ArticleImport.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/imports/{job.pk}/"
    assert job.source == "text" and job.publisher == "City Desk"
    page = client.get(response["Location"]).content.decode()
    assert "Waiting for a worker" in page and "pasted text" in page
    assert 'hx-trigger="every 1s"' in page and "<progress" in page
    imports.ProgressReport(job.pk)("scoring", 30, 80)
    fragment = client.get(f"/imports/{job.pk}/", HTTP_HX_REQUEST="true").content.decode()
    assert "<html" not in fragment and "Scoring sentences: 30 of 80" in fragment
    assert 'value="51"' in fragment and 'hx-trigger="every 1s"' in fragment
    ArticleImport.objects.filter(pk=job.pk).update(status="queued")
    assert import_run(job.pk) == "done"
    job.refresh_from_db()
    fragment = client.get(f"/imports/{job.pk}/", HTTP_HX_REQUEST="true").content.decode()
    assert "hx-trigger" not in fragment and f'href="/articles/{job.article_id}/"' in fragment
    assert "imported before" not in fragment


def test_the_form_with_htmx_redirects_to_the_progress_page(alice):
    response = form_client(alice).post("/import/", {"text": long_text()}, HTTP_HX_REQUEST="true")
    assert response["HX-Redirect"] == f"/imports/{ArticleImport.objects.get().pk}/"


def test_the_form_queues_a_large_upload(alice):
    upload = SimpleUploadedFile("budget.txt", long_text().encode(), content_type="text/plain")
    response = form_client(alice).post("/import/", {"file": upload})
    job = ArticleImport.objects.get()
    assert response["Location"] == f"/imports/{job.pk}/" and job.filename == "budget.txt"
    assert "the file budget.txt" in form_client(alice).get(response["Location"]).content.decode()


def test_the_form_opens_the_existing_article_for_a_large_text_imported_before(alice):
    text = long_text()
    services.article_ingest(document=read_text(text), user=alice)
    client = form_client(alice)
    response = client.post("/import/", {"text": text}, follow=True)
    assert response.redirect_chain[-1][0] == f"/articles/{Article.objects.get().pk}/"
    assert "This text was imported before" in response.content.decode()
    assert not ArticleImport.objects.exists()


def test_the_form_keeps_small_pastes_synchronous(alice):
    response = form_client(alice).post("/import/", {"text": long_text(5)})
    assert response["Location"] == f"/articles/{Article.objects.get().pk}/"
    assert not ArticleImport.objects.exists()


def test_viewers_cannot_import_through_the_form(victor):
    response = form_client(victor).post("/import/", {"text": long_text()})
    assert response.status_code == 403
    assert not ArticleImport.objects.exists()


def test_the_form_needs_the_csrf_token(alice):
    response = form_client(alice, enforce_csrf_checks=True).post("/import/", {"text": long_text()})
    assert response.status_code == 403
    assert not ArticleImport.objects.exists()


def test_the_form_shows_bad_large_input_inline(alice):
    response = form_client(alice).post("/import/", {"text": long_text() + "\x01" * 200})
    assert response.status_code == 200 and "Cannot import this" in response.content.decode()
    assert not ArticleImport.objects.exists()


def test_the_form_says_when_an_import_goes_to_the_background(alice, settings):
    settings.FACTCHECK_IMPORT_JOB_BYTES = 200 * 1024
    page = form_client(alice).get("/").content.decode()
    assert "A text or file of more than 200 KB is imported in the background" in page
