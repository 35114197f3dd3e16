"""Every write about webhooks: endpoints (admins) and redelivery. Events are recorded by
the services that make the change, through :mod:`annotations.webhooks.events`."""

from __future__ import annotations

import logging
from collections.abc import Iterable

from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from annotations import netsafety, roles
from annotations.services.common import require
from annotations.webhooks.events import queue_on_commit
from annotations.webhooks.models import EVENT_NAMES, WebhookDelivery, WebhookEndpoint

logger = logging.getLogger(__name__)


def _check_events(events: Iterable[str]) -> list[str]:
    events = list(dict.fromkeys(events))
    if not events:
        raise ValidationError({"events": "Choose at least one event."})
    unknown = [e for e in events if e not in EVENT_NAMES]
    if unknown:
        raise ValidationError(
            {"events": f"Unknown event {unknown[0]!r}; one of: {', '.join(EVENT_NAMES)}."}
        )
    return events


@transaction.atomic
def endpoint_create(
    *, url: str, events: Iterable[str], user: AbstractBaseUser, description: str = ""
) -> WebhookEndpoint:
    """Register an endpoint (admins); its secret is on the returned object, shown once."""
    require(roles.can_administer(user), "Only admins can register webhooks.")
    url = url.strip()
    try:
        netsafety.check_url(url)
    except netsafety.UnsafeDestination as error:
        raise ValidationError({"url": f"This destination is not allowed: {error}."}) from None
    endpoint = WebhookEndpoint(
        url=url, events=_check_events(events), description=description.strip(), created_by=user
    )
    endpoint.full_clean(exclude=["created_by"])
    endpoint.save()
    return endpoint


@transaction.atomic
def endpoint_delete(*, endpoint: WebhookEndpoint, user: AbstractBaseUser) -> None:
    require(roles.can_administer(user), "Only admins can delete webhooks.")
    endpoint.delete()


@transaction.atomic
def endpoint_enable(*, endpoint: WebhookEndpoint, user: AbstractBaseUser) -> WebhookEndpoint:
    """Turn a disabled endpoint on again (its failed deliveries can then be redelivered)."""
    require(roles.can_administer(user), "Only admins can enable webhooks.")
    current = WebhookEndpoint.objects.select_for_update().get(pk=endpoint.pk)
    current.is_active = True
    current.disabled_reason = ""
    current.disabled_at = None
    current.save(update_fields=["is_active", "disabled_reason", "disabled_at"])
    return current


def endpoint_disable(*, endpoint_id: int, reason: str) -> None:
    """Stop sending to an endpoint, saying why (the delivery worker calls it)."""
    WebhookEndpoint.objects.filter(pk=endpoint_id, is_active=True).update(
        is_active=False, disabled_reason=reason[:500], disabled_at=timezone.now()
    )


@transaction.atomic
def delivery_redeliver(*, delivery: WebhookDelivery, user: AbstractBaseUser) -> WebhookDelivery:
    """Send a delivery again now, with the same webhook-id and a fresh series of retries."""
    require(roles.can_administer(user), "Only admins can redeliver webhooks.")
    current = (
        WebhookDelivery.objects.select_for_update().select_related("endpoint").get(pk=delivery.pk)
    )
    if not current.endpoint.is_active:
        raise ValidationError("The endpoint is disabled: enable it first.")
    if current.status == WebhookDelivery.Status.PENDING and current.attempts == 0:
        raise ValidationError("This delivery has not been attempted yet.")
    current.status = WebhookDelivery.Status.PENDING
    current.series_start = current.attempts
    current.next_attempt_at = timezone.now()
    current.save(update_fields=["status", "series_start", "next_attempt_at"])
    queue_on_commit([current.pk])
    return current
