"""Large PDF reports as jobs: past FACTCHECK_PDF_JOB_CLAIMS the API answers 202 with a poll
URL and the report page shows a progress page; a job renders the PDF; only the user who asked
(and admins) may follow and download it, and only while their role still allows the report;
the same report asked again is the same file; old files are deleted. Small PDFs stay as they
were (200 at once)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.contrib.auth.models import Group
from django.utils import timezone

from annotations.exports.models import ReportFile
from annotations.exports.services import report_file_run, report_files_prune
from tests.api.conftest import client_for
from tests.exports.helpers import body_of, text_of

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def small_threshold(settings):
    """The newsroom's article has 3 published claims: more than 2 is "large"."""
    settings.FACTCHECK_PDF_JOB_CLAIMS = 2
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}


def ask(user, article, django_capture_on_commit_callbacks, **params):
    with django_capture_on_commit_callbacks(execute=True):
        return client_for(user).get(
            f"/api/v1/articles/{article.pk}/report", {"format": "pdf", **params}
        )


def test_the_api_answers_202_and_the_job_makes_the_pdf(
    victor, newsroom, django_capture_on_commit_callbacks
):
    response = ask(victor, newsroom.article, django_capture_on_commit_callbacks)
    assert response.status_code == 202, response.content
    queued = response.json()
    assert queued["status"] == "queued" and queued["claims"] == 3
    assert queued["poll"] == f"/api/v1/report-files/{queued['id']}/" == response["Location"]
    assert queued["download"] is None
    done = client_for(victor).get(queued["poll"]).json()
    assert done["status"] == "done", done
    assert done["download"] == f"/api/v1/report-files/{queued['id']}/download"
    assert done["filename"] == f"factcheck-report-article-{newsroom.article.pk}.pdf"
    download = client_for(victor).get(done["download"])
    assert download.status_code == 200
    assert download["Content-Type"] == "application/pdf"
    assert download["Content-Disposition"] == f'attachment; filename="{done["filename"]}"'
    content = body_of(download)
    assert content.startswith(b"%PDF") and done["size"] == len(content)
    text = " ".join(text_of(content, "pdf").split())
    assert "Mostly true" in text and "Misleading" in text
    assert newsroom.draft.claim_text not in text  # public: published claims only


def test_a_report_under_the_threshold_is_sent_at_once(
    settings, victor, newsroom, django_capture_on_commit_callbacks
):
    settings.FACTCHECK_PDF_JOB_CLAIMS = 3
    response = ask(victor, newsroom.article, django_capture_on_commit_callbacks)
    assert response.status_code == 200 and body_of(response).startswith(b"%PDF")
    assert not ReportFile.objects.exists()


def test_other_formats_are_never_jobs(victor, newsroom, django_capture_on_commit_callbacks):
    for fmt in ("csv", "html", "json"):
        response = ask(victor, newsroom.article, django_capture_on_commit_callbacks, format=fmt)
        assert response.status_code == 200
    assert not ReportFile.objects.exists()


def test_only_the_user_who_asked_and_admins_follow_and_download(
    victor, bob, ada, newsroom, django_capture_on_commit_callbacks
):
    queued = ask(victor, newsroom.article, django_capture_on_commit_callbacks).json()
    poll, download = queued["poll"], queued["poll"] + "download"
    for stranger in (bob, None):
        expected = 404 if stranger else 401
        assert client_for(stranger).get(poll).status_code == expected
        assert client_for(stranger).get(download).status_code == expected
    assert client_for(ada).get(download).status_code == 200


def test_a_file_still_rendering_cannot_be_downloaded(victor, newsroom):
    response = client_for(victor).get(
        f"/api/v1/articles/{newsroom.article.pk}/report", {"format": "pdf"}
    )  # no commit callbacks run: the job stays queued
    assert response.status_code == 202
    file = ReportFile.objects.get()
    assert client_for(victor).get(response.json()["poll"] + "download").status_code == 404
    assert report_file_run(file.pk) == "done"
    assert report_file_run(file.pk) == "skipped"  # a second run (a duplicate job) does nothing
    assert client_for(victor).get(response.json()["poll"] + "download").status_code == 200


def test_an_internal_report_is_gone_when_the_role_is(
    alice, newsroom, django_capture_on_commit_callbacks
):
    queued = ask(alice, newsroom.article, django_capture_on_commit_callbacks, internal="1").json()
    download = client_for(alice).get(queued["poll"] + "download")
    assert download.status_code == 200 and download["Cache-Control"] == "private, no-store"
    assert newsroom.draft.claim_text in " ".join(text_of(body_of(download), "pdf").split())
    alice.groups.set([Group.objects.get(name="viewer")])  # no longer an editor
    assert client_for(alice).get(queued["poll"] + "download").status_code == 403


def test_the_same_report_asked_twice_is_one_file(
    victor, newsroom, django_capture_on_commit_callbacks
):
    first = ask(victor, newsroom.article, django_capture_on_commit_callbacks).json()
    second = ask(victor, newsroom.article, django_capture_on_commit_callbacks).json()
    assert first["id"] == second["id"] and second["status"] == "done"
    other = ask(victor, newsroom.article, django_capture_on_commit_callbacks, rating="false")
    assert other.status_code == 200  # one claim: under the threshold, at once


def test_a_file_whose_worker_was_lost_is_not_handed_out_again(victor, newsroom):
    url = f"/api/v1/articles/{newsroom.article.pk}/report"
    first = client_for(victor).get(url, {"format": "pdf"}).json()  # queued, never run
    assert client_for(victor).get(url, {"format": "pdf"}).json()["id"] == first["id"]
    ReportFile.objects.update(status="rendering", created_at=timezone.now() - timedelta(hours=1))
    again = client_for(victor).get(url, {"format": "pdf"}).json()
    assert again["id"] != first["id"] and again["status"] == "queued"


def test_old_files_are_deleted(settings, victor, newsroom, django_capture_on_commit_callbacks):
    ask(victor, newsroom.article, django_capture_on_commit_callbacks)
    ReportFile.objects.update(created_at=timezone.now() - timedelta(hours=25))
    assert report_files_prune() == 1
    assert not ReportFile.objects.exists()


def test_the_report_page_shows_progress_then_the_download(
    client, victor, newsroom, django_capture_on_commit_callbacks
):
    client.force_login(victor)
    page = f"/reports/articles/{newsroom.article.pk}/"
    response = client.get(page, {"format": "pdf"})  # the job stays queued for now
    file = ReportFile.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/reports/files/{file.pk}/"
    progress = client.get(response["Location"])
    assert b"Waiting for a worker" in progress.content
    assert b'hx-trigger="every 1s"' in progress.content
    report_file_run(file.pk)
    fragment = client.get(response["Location"], HTTP_HX_REQUEST="true")
    assert b"<html" not in fragment.content and b"Ready." in fragment.content
    assert b"hx-trigger" not in fragment.content  # finished: it stops polling
    download = client.get(f"/reports/files/{file.pk}/download")
    assert download.status_code == 200 and body_of(download).startswith(b"%PDF")


def test_strangers_get_404_in_the_browser(client, victor, bob, newsroom):
    client.force_login(victor)
    client.get(f"/reports/articles/{newsroom.article.pk}/", {"format": "pdf"})
    file = ReportFile.objects.get()
    client.force_login(bob)
    assert client.get(f"/reports/files/{file.pk}/").status_code == 404
    assert client.get(f"/reports/files/{file.pk}/download").status_code == 404


def test_the_page_links_a_large_pdf_without_download_so_its_progress_page_opens(
    client, settings, victor, newsroom
):
    client.force_login(victor)
    page = client.get(f"/reports/articles/{newsroom.article.pk}/").content.decode()
    assert 'href="?format=pdf">PDF' in page  # no download attribute
    settings.FACTCHECK_PDF_JOB_CLAIMS = 3
    page = client.get(f"/reports/articles/{newsroom.article.pk}/").content.decode()
    assert 'href="?format=pdf" download>PDF' in page


def test_a_report_across_articles_is_a_job_too(alice, newsroom, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = client_for(alice).get(
            "/api/v1/reports/", {"format": "pdf", "internal": "1", "status": "published,draft"}
        )
    assert response.status_code == 202
    done = client_for(alice).get(response.json()["poll"]).json()
    assert done["status"] == "done" and done["claims"] == 4
    assert done["filename"] == "factcheck-report-internal.pdf"
    text = " ".join(text_of(body_of(client_for(alice).get(done["download"])), "pdf").split())
    assert "Fact-check report (internal)" in text and newsroom.draft.claim_text in text
