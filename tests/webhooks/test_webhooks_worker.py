"""Real worker processes (``manage.py worker``) on the database backend, on PostgreSQL: a
publish reaches the receiver; a worker stopped between attempts and started again loses
nothing; two workers never send one attempt twice; a job lost between commit and queueing is
swept up. Waiting is polling with a deadline, never sleeping for time to pass."""

import time

import pytest
from django.db import transaction
from django_tasks_db.models import DBTaskResult
from standardwebhooks.webhooks import Webhook

from annotations import services
from annotations.webhooks.models import WebhookAttempt, WebhookDelivery
from tests.factories import rating
from tests.webhooks.conftest import endpoint_for

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(autouse=True)
def _roles(reference_data):
    """Transactional tests empty every table: the roles and ratings come back first."""


def until(condition, timeout: float = 30):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = condition()
        if value:
            return value
        time.sleep(0.05)  # polling, not waiting for time to pass
    raise AssertionError("condition not met before the deadline")


def published_claim(article, alice, bob, index=0):
    """A claim published through the services, committed (the API does the same)."""
    sentence = list(article.segments.filter(kind__in=["sentence", "list_item"]))[index]
    claim = services.claim_create(article=article, segments=[sentence], user=alice)
    claim = services.claim_update(
        claim=claim, user=alice, version=claim.version, rating=rating("false"), summary="No."
    )
    claim = services.claim_submit(claim=claim, user=alice, version=claim.version)
    return services.claim_publish(claim=claim, user=bob, version=claim.version)


def test_a_publish_reaches_the_receiver_through_a_worker(
    receiver, worker_factory, ada, alice, bob, article
):
    from tests.api.conftest import client_for

    endpoint = endpoint_for(receiver, ada)
    worker_factory()
    sentence = article.segments.filter(kind="sentence").first()
    claim = services.claim_create(article=article, segments=[sentence], user=alice)
    claim = services.claim_update(
        claim=claim, user=alice, version=claim.version, rating=rating("false"), summary="No."
    )
    claim = services.claim_submit(claim=claim, user=alice, version=claim.version)
    response = client_for(bob).post(
        f"/api/v1/claims/{claim.pk}/publish/", {}, format="json", HTTP_IF_MATCH=claim.etag
    )  # published through the API
    assert response.status_code == 200
    (request,) = receiver.wait_for(1)
    payload = Webhook(endpoint.secret).verify(request.body, request.headers)
    assert payload["data"] == response.json()  # the API's own representation
    until(lambda: WebhookDelivery.objects.filter(status="succeeded").exists())


def test_a_worker_stopped_between_attempts_and_restarted_loses_nothing(
    receiver, worker_factory, ada, alice, bob, article
):
    receiver.script = [500]
    endpoint = endpoint_for(receiver, ada)
    # Only one job: the first attempt; the worker stops after it, leaving the retry queued.
    first = worker_factory("--max-tasks", "1")
    published_claim(article, alice, bob)
    receiver.wait_for(1)
    first.process.wait(timeout=30)
    assert first.process.returncode == 0
    delivery = WebhookDelivery.objects.get()
    assert delivery.status == "pending" and delivery.attempts == 1
    # The retry waits in the queue's table (the sweeper, at a one-second grace here, may have
    # queued a duplicate while the first job ran: harmless, only one claims the attempt).
    assert DBTaskResult.objects.filter(status="READY").exists()

    worker_factory()  # a new worker picks the queued retry up
    failed, retried = receiver.wait_for(2)
    assert failed.headers["webhook-id"] == retried.headers["webhook-id"]
    Webhook(endpoint.secret).verify(retried.body, retried.headers)
    until(lambda: WebhookDelivery.objects.filter(status="succeeded").exists())
    assert list(WebhookAttempt.objects.values_list("number", "status_code")) == [(1, 500), (2, 200)]


def test_two_workers_never_send_one_attempt_twice(
    receiver, worker_factory, ada, alice, bob, article
):
    endpoint_for(receiver, ada)
    events = 20
    workers = [worker_factory().wait_ready(), worker_factory().wait_ready()]
    with transaction.atomic():
        from annotations.webhooks.events import event_record

        for n in range(events):
            event_record(type="claim.published", data=lambda n=n: {"n": n})
    deliveries = list(WebhookDelivery.objects.values_list("pk", flat=True))
    # Every delivery queued three times over: duplicate jobs race for the same attempt.
    from annotations.webhooks.events import queue_deliveries

    for _ in range(3):
        queue_deliveries(deliveries)
    until(lambda: WebhookDelivery.objects.filter(status="succeeded").count() == events)
    until(lambda: not DBTaskResult.objects.filter(status__in=["READY", "RUNNING"]).exists())
    ids = [r.headers["webhook-id"] for r in receiver.requests]
    assert len(ids) == events == len(set(ids))
    assert WebhookAttempt.objects.count() == events
    took = {w for ws in DBTaskResult.objects.values_list("worker_ids", flat=True) for w in ws}
    assert len(took) == len(workers)  # both workers did take jobs


def test_a_job_lost_between_commit_and_queueing_is_swept_up_by_the_worker(
    receiver, worker_factory, ada, alice, bob, article, monkeypatch
):
    endpoint_for(receiver, ada)
    # The process "dies" between the commit and queueing: no job is ever written.
    monkeypatch.setattr("annotations.webhooks.events.queue_deliveries", lambda *a, **k: None)
    published_claim(article, alice, bob)
    assert not DBTaskResult.objects.exists()
    worker_factory(env={"FACTCHECK_WEBHOOK_SWEEP_SECONDS": "0"})  # sweeps at start, grace 0
    receiver.wait_for(1)
    until(lambda: WebhookDelivery.objects.filter(status="succeeded").exists())


def test_a_url_import_through_the_api_is_done_by_a_worker(worker_factory, alice):
    from tests.api.conftest import client_for
    from tests.webhooks.test_url_import import STORY, Site

    site = Site()
    try:
        worker_factory()
        client = client_for(alice)
        response = client.post("/api/v1/articles/", {"url": f"{site.base}/news"}, format="json")
        assert response.status_code == 202
        poll = response.json()["poll"]
        done = until(lambda: (body := client.get(poll).json())["status"] == "done" and body)
        assert done["article"] and client.get(done["article_url"]).json()["title"].startswith(STORY)
    finally:
        site.server.shutdown()
        site.server.server_close()


def test_a_large_pasted_article_through_the_api_is_done_by_a_worker(
    worker_factory, alice, settings
):
    from tests.api.conftest import client_for
    from tests.factories import long_text

    settings.FACTCHECK_IMPORT_JOB_BYTES = 4000
    worker_factory()
    client = client_for(alice)
    response = client.post("/api/v1/articles/", {"body": long_text()}, format="json")
    assert response.status_code == 202, response.json()
    poll = response.json()["poll"]
    done = until(lambda: (body := client.get(poll).json())["status"] == "done" and body)
    assert done["progress"] == 100 and done["scored"] == done["sentences"] == 80
    article = client.get(done["article_url"]).json()
    assert article["title"] == "Council Budget Under Scrutiny"
    assert client.get(f"{done['article_url']}segments/").json()[1]["kind"] == "sentence"


def test_a_worker_killed_while_sending_loses_nothing(
    receiver, worker_factory, ada, alice, bob, article
):
    import threading

    hold = threading.Event()
    original = receiver.answer

    def first_hangs():
        if len(receiver.requests) == 1:
            hold.wait(20)  # the worker dies while this request is in flight
        return original()

    receiver.answer = first_hangs
    endpoint_for(receiver, ada)
    timeout = {"FACTCHECK_WEBHOOK_TIMEOUT": "1", "FACTCHECK_WEBHOOK_SWEEP_SECONDS": "1"}
    doomed = worker_factory(env=timeout)
    published_claim(article, alice, bob)
    (first,) = receiver.wait_for(1)
    doomed.process.kill()  # SIGKILL: no clean shutdown, the attempt is never recorded
    doomed.process.wait()
    hold.set()
    assert WebhookAttempt.objects.count() == 0
    worker_factory(env=timeout)  # its sweeper queues the delivery again once the lease is over
    first, again = receiver.wait_for(2, timeout=60)
    assert first.headers["webhook-id"] == again.headers["webhook-id"]
    until(lambda: WebhookDelivery.objects.filter(status="succeeded").exists(), timeout=30)
    assert list(WebhookAttempt.objects.values_list("number", "status_code")) == [(1, 200)]
