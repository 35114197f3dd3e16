"""The outbox: events stored in the transaction of the change that caused them.

The services that make a change (claims, articles, the archive, the panel) call
:func:`event_record` inside their transaction: the event and its deliveries are stored with
the change or not at all, and the jobs that send them are queued once it commits. Only models
are imported here, so every service can import this module.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.db import transaction
from django.utils import timezone

from annotations.webhooks.models import (
    EVENT_NAMES,
    WebhookDelivery,
    WebhookEndpoint,
    WebhookEvent,
)


def event_record(*, type: str, data: Callable[[], Any]) -> WebhookEvent | None:
    """Store an event and a delivery for each active endpoint that wants it, in the caller's
    transaction; queue their jobs when it commits. ``data`` is called only if someone listens.
    """
    assert type in EVENT_NAMES, type
    endpoints = [e for e in WebhookEndpoint.objects.filter(is_active=True) if type in e.events]
    if not endpoints:
        return None  # nobody listens: nothing to keep
    now = timezone.now()
    event = WebhookEvent.objects.create(type=type, data=data(), created_at=now)
    deliveries = WebhookDelivery.objects.bulk_create(
        [WebhookDelivery(endpoint=e, event=event, next_attempt_at=now) for e in endpoints]
    )
    queue_on_commit([d.pk for d in deliveries])
    return event


def queue_on_commit(delivery_ids: list[int]) -> None:
    """Queue a delivery job for each once the transaction commits. Should the process die
    before that, the worker's sweeper finds the due deliveries and queues them."""
    transaction.on_commit(lambda: queue_deliveries(delivery_ids), robust=True)


def queue_deliveries(delivery_ids: list[int], run_after=None) -> None:
    from annotations.webhooks.tasks import deliver

    job = deliver
    if run_after is not None and deliver.get_backend().supports_defer:
        job = deliver.using(run_after=run_after)
    for delivery_id in delivery_ids:
        WebhookDelivery.objects.filter(pk=delivery_id).update(enqueued_at=timezone.now())
        job.enqueue(delivery_id)


def claim_data(claim: Any) -> dict[str, Any]:
    """The claim as the API shows it (GET /api/v1/claims/{id}/)."""
    from annotations.api.claim_rows import claim_to_dict

    return claim_to_dict(claim)


def claim_changed(claim: Any, *, old_status: str, event: str | None = None) -> None:
    """Record ``event`` (if any) and, when the status moved, claim.status_changed."""
    if event is not None:
        event_record(type=event, data=lambda: claim_data(claim))
    if claim.status != old_status:
        event_record(
            type="claim.status_changed",
            data=lambda: {"previous_status": old_status, "claim": claim_data(claim)},
        )


def article_data(article: Any) -> dict[str, Any]:
    """The article as the API lists it (without its body)."""
    return {
        "id": article.pk,
        "title": article.title,
        "byline": article.byline,
        "publisher": article.publisher,
        "url": article.url,
        "published_at": _iso(article.published_at),
        "language": article.language,
        "content_hash": article.content_hash,
        "created_by": article.created_by_id,
        "created_at": _iso(article.created_at),
        "segment_count": article.segments.count(),
    }


def _iso(value: Any) -> str | None:
    return None if value is None else value.isoformat().replace("+00:00", "Z")
