"""Reads of webhooks: admins see every endpoint and its deliveries, nobody else any."""

from __future__ import annotations

from django.contrib.auth.models import AbstractBaseUser
from django.db.models import Prefetch, QuerySet

from annotations import roles
from annotations.webhooks.models import WebhookAttempt, WebhookDelivery, WebhookEndpoint


def endpoints_for(user: AbstractBaseUser) -> QuerySet[WebhookEndpoint]:
    if not roles.can_administer(user):
        return WebhookEndpoint.objects.none()
    return WebhookEndpoint.objects.order_by("id")


def deliveries_of(endpoint: WebhookEndpoint) -> QuerySet[WebhookDelivery]:
    """Newest first, with the event's type and every attempt, in a fixed number of queries."""
    return (
        WebhookDelivery.objects.filter(endpoint=endpoint)
        .select_related("event")
        .defer("event__data")
        .prefetch_related(
            Prefetch("attempt_log", queryset=WebhookAttempt.objects.order_by("number"))
        )
        .order_by("-id")
    )
