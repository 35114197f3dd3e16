"""Sending one attempt of a delivery, recording it, and scheduling the next.

At least once, never twice at the same time: a worker first claims the delivery with one
conditional UPDATE (due, pending, not held by anyone); only the worker whose UPDATE changed
the row sends. The claim lasts a lease (twice the timeout and 5 s), so a worker that dies while
sending leaves a delivery that the sweeper queues again once the lease is over.
"""

from __future__ import annotations

import json
import logging
import random
from datetime import datetime, timedelta

import httpx
from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from annotations import netsafety
from annotations.webhooks.events import queue_deliveries
from annotations.webhooks.models import WebhookAttempt, WebhookDelivery
from annotations.webhooks.services import endpoint_disable
from annotations.webhooks.signing import signed_headers

logger = logging.getLogger(__name__)

MAX_RESPONSE_BYTES = 64 * 1024  # what we read of a receiver's answer
USER_AGENT = "Factcheck-Webhooks/1"


def lease_seconds() -> float:
    """How long a claim holds: past the attempt's own deadline, with room to record it."""
    return settings.FACTCHECK_WEBHOOK_TIMEOUT * 2 + 5


def retry_delay(series_attempt: int) -> float | None:
    """Seconds before the next attempt after the n-th failure of a series (0-based), with
    ±20% jitter, or None when the retries have run out."""
    delays = settings.FACTCHECK_WEBHOOK_RETRY_DELAYS
    if series_attempt >= len(delays):
        return None
    return delays[series_attempt] * random.uniform(0.8, 1.2)


def body_of(payload: dict) -> str:
    """The JSON sent (and signed): the same bytes on every attempt."""
    return json.dumps(payload, ensure_ascii=False, separators=(",", ":"), sort_keys=True)


def claim(delivery_id: int, now: datetime) -> bool:
    """Take the delivery for one attempt, if it is due and nobody holds it."""
    return bool(
        WebhookDelivery.objects.filter(
            pk=delivery_id, status=WebhookDelivery.Status.PENDING, next_attempt_at__lte=now
        )
        .filter(Q(locked_until__isnull=True) | Q(locked_until__lt=now))
        .update(locked_until=now + timedelta(seconds=lease_seconds()))
    )


def attempt(delivery_id: int) -> str:
    """Make one attempt of a delivery if it is due; returns what happened, in a word."""
    now = timezone.now()
    if not claim(delivery_id, now):
        return "skipped"
    delivery = WebhookDelivery.objects.select_related("endpoint", "event").get(pk=delivery_id)
    endpoint = delivery.endpoint
    if not endpoint.is_active:
        # Not sent, and said so in its log: a retry the log announced will not come.
        why = endpoint.disabled_reason or "by an admin"
        _give_up(delivery, now, f"not sent: the endpoint is disabled ({why})")
        return "endpoint disabled"
    body = body_of(delivery.event.payload())
    headers = {
        **signed_headers(
            secret=endpoint.secret, message_id=delivery.message_id, timestamp=now, body=body
        ),
        "Content-Type": "application/json",
        "User-Agent": USER_AGENT,
    }
    status_code = None
    error = ""
    excerpt = ""
    duration_ms = 0
    try:
        result = netsafety.fetch(
            "POST",
            endpoint.url,
            content=body.encode(),
            headers=headers,
            timeout=settings.FACTCHECK_WEBHOOK_TIMEOUT,
            max_bytes=MAX_RESPONSE_BYTES,
        )
        status_code = result.status_code
        duration_ms = result.duration_ms
        excerpt = result.body[:500].decode("utf-8", "replace")
        if not 200 <= status_code < 300:
            error = f"HTTP {status_code}"
            if 300 <= status_code < 400:
                error += " (redirects are not followed)"
    except netsafety.UnsafeDestination as exc:
        error = f"destination refused: {exc}"
    except httpx.TimeoutException:
        error = f"timed out after {settings.FACTCHECK_WEBHOOK_TIMEOUT:g} s"
    except httpx.HTTPError as exc:
        error = f"{type(exc).__name__}: {exc}" if str(exc) else type(exc).__name__
    if not duration_ms:
        duration_ms = round((timezone.now() - now).total_seconds() * 1000)
    return _record(delivery, now, status_code, duration_ms, error, excerpt)


@transaction.atomic
def _give_up(delivery: WebhookDelivery, now: datetime, error: str) -> None:
    """Fail a delivery without sending it, with the reason as its last attempt's."""
    WebhookAttempt.objects.create(
        delivery=delivery, number=delivery.attempts + 1, started_at=now, error=error[:500]
    )
    WebhookDelivery.objects.filter(pk=delivery.pk).update(
        status=WebhookDelivery.Status.FAILED,
        attempts=delivery.attempts + 1,
        last_attempt_at=now,
        locked_until=None,
        next_attempt_at=None,
    )


@transaction.atomic
def _record(
    delivery: WebhookDelivery,
    started_at: datetime,
    status_code: int | None,
    duration_ms: int,
    error: str,
    excerpt: str,
) -> str:
    number = delivery.attempts + 1
    succeeded = status_code is not None and 200 <= status_code < 300
    next_at = None
    outcome = "succeeded"
    fields = {
        "attempts": number,
        "last_attempt_at": started_at,
        "locked_until": None,
    }
    if succeeded:
        fields |= {"status": WebhookDelivery.Status.SUCCEEDED, "next_attempt_at": None}
    else:
        delay = None if status_code == 410 else retry_delay(number - 1 - delivery.series_start)
        if delay is None:
            outcome = "failed"
            fields |= {"status": WebhookDelivery.Status.FAILED, "next_attempt_at": None}
            if status_code == 410:
                reason = "The receiver answered 410 Gone"
            else:
                reason = f"{number - delivery.series_start} attempts failed; the last: {error}"
            when = f"{started_at:%Y-%m-%d %H:%M} UTC"
            endpoint_disable(endpoint_id=delivery.endpoint_id, reason=f"{reason} ({when}).")
        else:
            outcome = "retry"
            next_at = timezone.now() + timedelta(seconds=delay)
            fields["next_attempt_at"] = next_at
    WebhookAttempt.objects.create(
        delivery=delivery,
        number=number,
        started_at=started_at,
        status_code=status_code,
        duration_ms=duration_ms,
        error=error[:500],
        response_excerpt=excerpt[:500],
        next_retry_at=next_at,
    )
    WebhookDelivery.objects.filter(pk=delivery.pk).update(**fields)
    if next_at is not None:
        transaction.on_commit(
            lambda: queue_deliveries([delivery.pk], run_after=next_at), robust=True
        )
    return outcome


def sweep(*, grace: float | None = None) -> int:
    """Queue again the deliveries that are due and not being sent but whose job is gone (the
    process died between commit and queueing, or a worker died mid-attempt); returns how many.
    Deliveries still waiting in the queue (a backlog) are left alone; a job queued twice
    would be harmless anyway: only one worker claims each attempt."""
    grace = settings.FACTCHECK_WEBHOOK_SWEEP_SECONDS if grace is None else grace
    now = timezone.now()
    before = now - timedelta(seconds=grace)
    due = list(
        WebhookDelivery.objects.filter(
            status=WebhookDelivery.Status.PENDING, next_attempt_at__lte=before
        )
        .filter(Q(locked_until__isnull=True) | Q(locked_until__lt=now))
        .filter(Q(enqueued_at__isnull=True) | Q(enqueued_at__lte=before))
        .values_list("pk", flat=True)[:10_000]
    )
    waiting = _waiting_in_queue() if due else set()
    lost = [pk for pk in due if pk not in waiting]
    if lost:
        logger.warning("Queueing %d webhook deliveries again", len(lost))
        queue_deliveries(lost)
    return len(lost)


def _waiting_in_queue() -> set[int]:
    """Deliveries whose job is in the database queue, ready to run (a backlog, not lost)."""
    from django_tasks_db import DatabaseBackend
    from django_tasks_db.models import DBTaskResult

    from annotations.webhooks.tasks import deliver

    if not isinstance(deliver.get_backend(), DatabaseBackend):
        return set()
    jobs = DBTaskResult.objects.filter(status="READY", task_path=deliver.module_path)
    return {
        job["args"][0]
        for job in jobs.values_list("args_kwargs", flat=True)
        if isinstance(job, dict) and job.get("args")
    }
