"""Large ClaimReview imports as jobs, and the index rebuilt as a job.

Past FACTCHECK_CLAIMREVIEW_JOB_ITEMS items, POST /api/v1/claimreviews/ answers 202 with a
poll URL whose answer, once done, carries the same created/updated/skipped as a small import;
small documents keep the 201/200 contract; a document that is not JSON-LD is still a 400 with
nothing written or queued. The job stores the document in chunks and says how far it got.
"""

from __future__ import annotations

import pytest
from django.core.management import call_command
from django_tasks_db.models import DBTaskResult

from annotations.archive import services
from annotations.archive.models import ClaimReview, ClaimReviewImport, SearchEntry
from annotations.webhooks import events
from annotations.webhooks.models import WebhookEvent
from annotations.webhooks.services import endpoint_create
from tests.api.conftest import client_for
from tests.archive.conftest import as_bytes, review

pytestmark = pytest.mark.django_db

URL = "/api/v1/claimreviews/"


@pytest.fixture(autouse=True)
def small_threshold(settings):
    settings.FACTCHECK_CLAIMREVIEW_JOB_ITEMS = 5
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}


def post(user, document, capture=None):
    client = client_for(user)
    if capture is None:
        return client.post(URL, as_bytes(document), content_type="application/json")
    with capture(execute=True):
        return client.post(URL, as_bytes(document), content_type="application/json")


def feed(count: int, *extra: dict) -> list[dict]:
    return [review(n) for n in range(count)] + list(extra)


def test_a_large_import_answers_202_and_the_poll_gives_the_same_result(
    alice, ada, settings, monkeypatch, django_capture_on_commit_callbacks
):
    settings.FACTCHECK_WEBHOOK_ALLOW_PRIVATE = True
    endpoint_create(url="http://127.0.0.1:9/hook", events=["claimreview.imported"], user=ada)
    monkeypatch.setattr(events, "queue_deliveries", lambda ids, run_after=None: None)
    document = feed(7, {"@type": "Thing"}, review(0))  # 9 items: one not a review, one repeat
    response = post(alice, document, django_capture_on_commit_callbacks)
    assert response.status_code == 202, response.json()
    queued = response.json()
    assert queued["status"] == "queued" and queued["items"] == 9
    assert queued["poll"] == f"/api/v1/claimreview-imports/{queued['id']}/" == response["Location"]
    done = client_for(alice).get(queued["poll"]).json()
    assert done["status"] == "done" and done["processed"] == 9
    assert done["created"] == 7 and done["updated"] == 0
    assert [s["index"] for s in done["skipped"]] == [7, 8]
    assert "Same url as item 0" in done["skipped"][1]["reason"]
    assert ClaimReview.objects.count() == 7
    assert SearchEntry.objects.filter(kind="claimreview").count() == 7
    (event,) = WebhookEvent.objects.filter(type="claimreview.imported")  # one, at the end
    assert event.data["created"] == 7 and len(event.data["reviews"]) == 7
    assert ClaimReviewImport.objects.get().document in (b"", memoryview(b""))  # not kept

    # Small documents keep the synchronous contract; the same result as the job's.
    ClaimReview.objects.all().delete()
    small = client_for(alice).post(URL, as_bytes(document[:5]), content_type="application/json")
    assert small.status_code == 201
    assert small.json() == {"created": 5, "updated": 0, "skipped": []}


def test_the_job_imports_in_chunks_and_says_how_far_it_got(alice, monkeypatch):
    monkeypatch.setattr(services, "JOB_CHUNK", 3)
    seen = []
    store = services._store

    def spying_store(items, **kwargs):
        seen.append(ClaimReviewImport.objects.values_list("processed", flat=True).get())
        store(items, **kwargs)

    monkeypatch.setattr(services, "_store", spying_store)
    job = services.claimreview_import_request(document=as_bytes(feed(8)), user=alice)
    assert services.claimreview_import_run(job.pk) == "done"
    assert seen == [0, 3, 6]
    assert services.claimreview_import_run(job.pk) == "skipped"  # a duplicate job: nothing
    job.refresh_from_db()
    assert (job.processed, job.created, job.updated) == (8, 8, 0)


def test_a_second_large_import_updates(alice, django_capture_on_commit_callbacks):
    post(alice, feed(6), django_capture_on_commit_callbacks)
    again = post(alice, feed(6), django_capture_on_commit_callbacks).json()
    done = client_for(alice).get(again["poll"]).json()
    assert (done["created"], done["updated"]) == (0, 6)
    assert ClaimReview.objects.count() == 6


def test_a_document_that_is_not_json_ld_is_still_a_400_and_queues_nothing(alice):
    response = post(alice, {"items": [review(n) for n in range(9)]})
    assert response.status_code == 400
    assert not ClaimReviewImport.objects.exists() and not DBTaskResult.objects.exists()


def test_viewers_cannot_import_and_others_cannot_poll(
    alice, victor, bob, ada, django_capture_on_commit_callbacks
):
    assert post(victor, feed(9)).status_code == 403
    assert not ClaimReviewImport.objects.exists()
    poll = post(alice, feed(9), django_capture_on_commit_callbacks).json()["poll"]
    assert client_for(bob).get(poll).status_code == 404
    assert client_for(victor).get(poll).status_code == 403
    assert client_for(ada).get(poll).status_code == 200


def test_a_job_whose_requester_lost_the_role_fails_and_writes_nothing(alice):
    job = services.claimreview_import_request(document=as_bytes(feed(6)), user=alice)
    alice.groups.clear()
    assert services.claimreview_import_run(job.pk) == "failed"
    job.refresh_from_db()
    assert "Only editors" in job.error and not ClaimReview.objects.exists()


def test_the_index_is_rebuilt_by_the_command_and_by_a_job(alice, capsys):
    services.claimreview_import(document=as_bytes(feed(3)), user=alice)
    SearchEntry.objects.all().delete()
    call_command("rebuild_index")
    assert "indexed 3 rows" in capsys.readouterr().out
    SearchEntry.objects.all().delete()
    call_command("rebuild_index", "--job")  # the immediate backend runs it at once
    assert "queued rebuild job" in capsys.readouterr().out
    assert SearchEntry.objects.filter(kind="claimreview").count() == 3


def test_the_rebuild_job_waits_in_the_queue_for_a_worker(settings, alice):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    call_command("rebuild_index", "--job")
    queued = DBTaskResult.objects.get()
    assert queued.task_path == "annotations.archive.tasks.rebuild_index"
    assert queued.status == "READY"
