"""Delivery in this process: events from the services, the outbox under a rolled-back
transaction, retries with the same webhook-id, 410 and running out of retries, the sweeper,
and one attempt claimed by one worker only."""

import json
import threading

import pytest
from django.db import connection, connections, transaction
from django.utils import timezone
from standardwebhooks.webhooks import Webhook

from annotations import services
from annotations.webhooks import delivery
from annotations.webhooks import services as webhook_services
from annotations.webhooks.models import WebhookAttempt, WebhookDelivery, WebhookEvent
from tests.factories import rating
from tests.webhooks.conftest import endpoint_for

pytestmark = pytest.mark.django_db


def publish(claim, alice, bob):
    claim = services.claim_update(
        claim=claim, user=alice, version=claim.version, rating=rating("false"), summary="No."
    )
    claim = services.claim_submit(claim=claim, user=alice, version=claim.version)
    return services.claim_publish(claim=claim, user=bob, version=claim.version)


@pytest.fixture
def claim(article, alice):
    sentence = article.segments.filter(kind="sentence").first()
    return services.claim_create(article=article, segments=[sentence], user=alice)


def run_due() -> list[str]:
    """What a worker would do now: one attempt of every due delivery."""
    due = WebhookDelivery.objects.filter(
        status="pending", next_attempt_at__lte=timezone.now()
    ).values_list("pk", flat=True)
    return [delivery.attempt(pk) for pk in list(due)]


def test_a_published_claim_reaches_the_receiver_signed(
    receiver, ada, alice, bob, claim, immediate_jobs, django_capture_on_commit_callbacks
):
    endpoint = endpoint_for(receiver, ada)
    with django_capture_on_commit_callbacks(execute=True):
        published = publish(claim, alice, bob)
    (request,) = receiver.wait_for(1)
    payload = Webhook(endpoint.secret).verify(request.body, request.headers)
    assert payload["type"] == "claim.published"
    assert payload["timestamp"].endswith("Z")
    assert payload["data"]["id"] == published.pk
    assert payload["data"]["status"] == "published"
    assert payload["data"]["rating"] == "false"
    # The API's own representation of the claim.
    from annotations.api.claim_rows import claim_to_dict

    assert payload["data"] == claim_to_dict(published)
    assert request.headers["webhook-id"].startswith("msg_")
    assert request.headers["content-type"] == "application/json"
    (sent,) = WebhookDelivery.objects.all()
    assert sent.status == "succeeded" and sent.attempts == 1
    assert WebhookAttempt.objects.get().status_code == 200


def test_only_the_events_an_endpoint_asked_for_are_stored(receiver, ada, alice, bob, claim):
    endpoint_for(receiver, ada, events=["claim.status_changed"])
    publish(claim, alice, bob)
    events = list(WebhookEvent.objects.order_by("id").values_list("type", "data"))
    assert [t for t, _ in events] == ["claim.status_changed", "claim.status_changed"]
    assert [d["previous_status"] for _, d in events] == ["draft", "in_review"]
    assert [d["claim"]["status"] for _, d in events] == ["in_review", "published"]


def test_nobody_listening_stores_nothing(alice, bob, claim):
    publish(claim, alice, bob)
    assert not WebhookEvent.objects.exists()


def test_a_rolled_back_change_sends_nothing(
    receiver, ada, alice, bob, claim, immediate_jobs, django_capture_on_commit_callbacks
):
    endpoint_for(receiver, ada)
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        try:
            with transaction.atomic():
                publish(claim, alice, bob)
                raise RuntimeError("the request failed after publishing")
        except RuntimeError:
            pass
    assert callbacks == []
    assert not WebhookEvent.objects.exists()
    assert not WebhookDelivery.objects.exists()
    assert receiver.requests == []


def test_article_and_claimreview_events(receiver, ada, alice):
    from annotations.archive.services import claimreview_import
    from tests.factories import make_article

    endpoint_for(receiver, ada, events=["article.created", "claimreview.imported"])
    article = make_article("A New Story\n\nThe port handled 2 million boxes in 2024.\n", user=alice)
    claimreview_import(
        document=json.dumps(
            {
                "@context": "https://schema.org",
                "@type": "ClaimReview",
                "url": "https://checks.example/1",
                "claimReviewed": "The port handled 2 million boxes.",
                "author": {"@type": "Organization", "name": "Checks"},
                "reviewRating": {"@type": "Rating", "alternateName": "True"},
            }
        ),
        user=alice,
    )
    created, imported = WebhookEvent.objects.order_by("id")
    assert created.type == "article.created"
    assert created.data["id"] == article.pk and created.data["segment_count"] > 0
    assert imported.type == "claimreview.imported"
    assert imported.data["created"] == 1
    assert imported.data["reviews"][0]["url"] == "https://checks.example/1"


def test_a_receiver_that_fails_twice_gets_it_the_third_time_with_the_same_id(
    receiver, ada, alice, bob, claim
):
    receiver.script = [500, 503]
    endpoint = endpoint_for(receiver, ada)
    publish(claim, alice, bob)
    assert run_due() == ["retry"]
    assert run_due() == ["retry"]
    assert run_due() == ["succeeded"]
    first, second, third = receiver.wait_for(3)
    assert (
        first.headers["webhook-id"] == second.headers["webhook-id"] == third.headers["webhook-id"]
    )
    assert first.body == second.body == third.body
    for request in (first, second, third):
        Webhook(endpoint.secret).verify(request.body, request.headers)
    log = list(WebhookAttempt.objects.values_list("number", "status_code", "error"))
    assert log == [(1, 500, "HTTP 500"), (2, 503, "HTTP 503"), (3, 200, "")]
    assert WebhookAttempt.objects.get(number=1).next_retry_at is not None
    endpoint.refresh_from_db()
    assert endpoint.is_active


def test_retries_run_out_and_the_endpoint_is_disabled_with_the_reason(
    receiver, ada, alice, bob, claim
):
    receiver.then = 500
    endpoint = endpoint_for(receiver, ada)
    publish(claim, alice, bob)
    outcomes = [run_due() for _ in range(5)]
    assert outcomes == [["retry"], ["retry"], ["retry"], ["failed"], []]
    assert len(receiver.requests) == 4  # the first attempt and three retries
    endpoint.refresh_from_db()
    assert not endpoint.is_active
    assert "4 attempts failed; the last: HTTP 500" in endpoint.disabled_reason


def test_410_gone_disables_the_endpoint_at_once(receiver, ada, alice, bob, claim):
    receiver.script = [410]
    endpoint = endpoint_for(receiver, ada)
    publish(claim, alice, bob)
    assert run_due() == ["failed"]
    endpoint.refresh_from_db()
    assert not endpoint.is_active and "410" in endpoint.disabled_reason


def test_deliveries_left_when_the_endpoint_is_disabled_say_why_they_were_not_sent(
    receiver, ada, alice, bob, claim
):
    receiver.script = [410]
    endpoint_for(receiver, ada, events=("claim.published", "claim.status_changed"))
    publish(claim, alice, bob)
    assert WebhookDelivery.objects.count() >= 2
    outcomes = sorted(run_due())
    assert outcomes.count("failed") == 1 and "endpoint disabled" in outcomes
    assert len(receiver.requests) == 1  # the 410; the others were never sent
    for pending in WebhookDelivery.objects.exclude(attempt_log__status_code=410):
        assert pending.status == "failed" and pending.next_attempt_at is None
        last = pending.attempt_log.order_by("-number").first()
        assert last.error.startswith("not sent: the endpoint is disabled (The receiver answered")
        assert last.next_retry_at is None


def test_a_receiver_that_times_out_is_retried(receiver, ada, alice, bob, claim, settings):
    settings.FACTCHECK_WEBHOOK_TIMEOUT = 0.3
    gate = threading.Event()
    original = receiver.answer

    def slow_then_fine():
        if len(receiver.requests) == 1:
            gate.wait(2)  # longer than the timeout
        return original()

    receiver.answer = slow_then_fine
    endpoint_for(receiver, ada)
    publish(claim, alice, bob)
    assert run_due() == ["retry"]
    gate.set()
    assert run_due() == ["succeeded"]
    assert WebhookAttempt.objects.get(number=1).error.startswith("timed out")


def test_redirects_are_not_followed(receiver, ada, alice, bob, claim):
    from tests.webhooks.conftest import Receiver, serve

    elsewhere = Receiver()
    server = serve(elsewhere)
    try:
        receiver.script = [302]
        receiver.headers_for = lambda status: {"Location": elsewhere.url} if status == 302 else {}
        endpoint_for(receiver, ada)
        publish(claim, alice, bob)
        assert run_due() == ["retry"]
        assert elsewhere.requests == []
        assert "redirects are not followed" in WebhookAttempt.objects.get().error
    finally:
        server.shutdown()
        server.server_close()


def test_a_delivery_whose_job_was_lost_is_swept_up(receiver, ada, alice, bob, claim, settings):
    # The default backend queues rows in the database; here the job rows are "lost".
    from django_tasks_db.models import DBTaskResult

    endpoint_for(receiver, ada)
    publish(claim, alice, bob)  # on_commit never runs in this test: no job was queued
    assert not DBTaskResult.objects.exists()
    assert delivery.sweep(grace=0) == 1
    (job,) = DBTaskResult.objects.all()
    assert job.task_path == "annotations.webhooks.tasks.deliver"
    assert delivery.sweep(grace=60) == 0  # just queued: not again


def test_redelivery_by_hand_sends_again_with_the_same_id(receiver, ada, alice, bob, claim):
    endpoint_for(receiver, ada)
    publish(claim, alice, bob)
    assert run_due() == ["succeeded"]
    sent = WebhookDelivery.objects.get()
    webhook_services.delivery_redeliver(delivery=sent, user=ada)
    assert run_due() == ["succeeded"]
    first, again = receiver.wait_for(2)
    assert first.headers["webhook-id"] == again.headers["webhook-id"]
    assert list(WebhookAttempt.objects.values_list("number", flat=True)) == [1, 2]


@pytest.mark.django_db(transaction=True)
def test_two_workers_claiming_one_attempt_at_once_only_one_sends(
    reference_data, receiver, ada, alice, bob, article
):
    sentence = article.segments.filter(kind="sentence").first()
    claim = services.claim_create(article=article, segments=[sentence], user=alice)
    endpoint_for(receiver, ada)
    publish(claim, alice, bob)
    pk = WebhookDelivery.objects.get().pk
    outcomes = []
    barrier = threading.Barrier(8)

    def worker():
        try:
            barrier.wait()
            outcomes.append(delivery.attempt(pk))
        finally:
            connections.close_all()

    if connection.vendor == "postgresql":
        threads = [threading.Thread(target=worker) for _ in range(8)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
    else:  # SQLite has one writer: the claims run one after the other
        outcomes = [delivery.attempt(pk) for _ in range(8)]
    assert sorted(outcomes) == ["skipped"] * 7 + ["succeeded"]
    assert len(receiver.requests) == 1


def test_the_sweeper_leaves_a_backlog_alone(receiver, ada, alice, bob, claim):
    from django_tasks_db.models import DBTaskResult

    from annotations.webhooks.events import queue_deliveries

    endpoint_for(receiver, ada)
    publish(claim, alice, bob)
    queue_deliveries(list(WebhookDelivery.objects.values_list("pk", flat=True)))
    assert delivery.sweep(grace=0) == 0  # its job waits in the queue: not lost
    DBTaskResult.objects.update(status="SUCCESSFUL")  # say the job ran but sent nothing
    assert delivery.sweep(grace=0) == 1


def test_a_panel_without_a_majority_records_claim_disputed(
    receiver, ada, alice, bob, carol, claim, settings
):
    from annotations.panel.services import vote_cast
    from tests.factories import UserFactory

    settings.FACTCHECK_PANEL_SIZE = 3
    settings.FACTCHECK_PANEL_MAJORITY = 2
    endpoint_for(receiver, ada, events=["claim.disputed"])
    claim = services.claim_update(
        claim=claim, user=alice, version=claim.version, rating=rating("false"), summary="No."
    )
    claim = services.claim_submit(claim=claim, user=alice, version=claim.version)
    dan = UserFactory(username="dan", role="reviewer")
    for reviewer, slug in ((bob, "false"), (carol, "true"), (dan, "half-true")):
        vote_cast(claim=claim, user=reviewer, rating=rating(slug))
    (event,) = WebhookEvent.objects.all()
    assert event.type == "claim.disputed"
    assert event.data["id"] == claim.pk and event.data["disputed"] is True


def test_a_claim_published_on_the_review_page_reaches_the_receiver(
    receiver, ada, alice, bob, claim, immediate_jobs, django_capture_on_commit_callbacks
):
    from django.test import Client

    endpoint = endpoint_for(receiver, ada)
    claim = services.claim_update(
        claim=claim, user=alice, version=claim.version, rating=rating("false"), summary="No."
    )
    claim = services.claim_submit(claim=claim, user=alice, version=claim.version)
    browser = Client()
    browser.force_login(bob)
    with django_capture_on_commit_callbacks(execute=True):
        response = browser.post(f"/claims/{claim.pk}/publish/", {"version": claim.version})
    assert response.status_code in (200, 302)
    (request,) = receiver.wait_for(1)
    payload = Webhook(endpoint.secret).verify(request.body, request.headers)
    assert payload["data"]["id"] == claim.pk and payload["data"]["status"] == "published"


def test_the_deliver_webhooks_command_queues_or_sends_what_is_due(receiver, ada, alice, bob, claim):
    from io import StringIO

    from django.core.management import call_command

    endpoint_for(receiver, ada)
    publish(claim, alice, bob)  # no job queued: on_commit does not run in this test
    out = StringIO()
    call_command("deliver_webhooks", stdout=out)
    assert out.getvalue().strip() == "Queued 1 deliveries."
    call_command("deliver_webhooks", "--now", stdout=out)
    assert "Attempted 1: succeeded" in out.getvalue()
    assert len(receiver.wait_for(1)) == 1
