"""Webhook endpoints, the events stored with the change that caused them, and each delivery of
an event to an endpoint with its attempts."""

from __future__ import annotations

import base64
import secrets
import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone

from annotations import limits
from annotations.models.common import http_url_validator

EVENT_TYPES = (
    ("claim.published", "A verdict was published"),
    ("claim.corrected", "A correction of a published verdict was published"),
    ("claim.status_changed", "A claim moved in the workflow (review, published, dismissed)"),
    ("claim.disputed", "The panel disagreed: the claim is disputed"),
    ("article.created", "An article was imported"),
    ("claimreview.imported", "ClaimReviews were imported"),
)
EVENT_NAMES = tuple(name for name, _ in EVENT_TYPES)


def new_secret() -> str:
    """A Standard Webhooks secret: ``whsec_`` and 32 random bytes in base64."""
    return "whsec_" + base64.b64encode(secrets.token_bytes(32)).decode()


def new_message_id() -> str:
    return f"msg_{uuid.uuid4().hex}"


class WebhookEndpoint(models.Model):
    url = models.URLField(max_length=limits.MAX_URL, validators=[http_url_validator])
    description = models.CharField(max_length=500, blank=True)
    events = models.JSONField(default=list, help_text="The event types sent here.")
    secret = models.CharField(max_length=100, default=new_secret, editable=False)
    is_active = models.BooleanField(default=True)
    disabled_reason = models.CharField(max_length=500, blank=True)
    disabled_at = models.DateTimeField(null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["id"]
        verbose_name = "webhook endpoint"

    def __str__(self) -> str:
        return self.url

    def wants(self, event_type: str) -> bool:
        return self.is_active and event_type in self.events


class WebhookEvent(models.Model):
    """The outbox: written in the transaction of the change, so it exists if and only if the
    change does."""

    type = models.CharField(max_length=50, choices=EVENT_TYPES)
    data = models.JSONField()
    created_at = models.DateTimeField(default=timezone.now, db_index=True)

    class Meta:
        ordering = ["-id"]

    def __str__(self) -> str:
        return f"{self.type} #{self.pk}"

    def payload(self) -> dict:
        return {
            "type": self.type,
            "timestamp": self.created_at.isoformat().replace("+00:00", "Z"),
            "data": self.data,
        }


class WebhookDelivery(models.Model):
    """One event for one endpoint: sent until it succeeds or its retries run out."""

    class Status(models.TextChoices):
        PENDING = "pending"
        SUCCEEDED = "succeeded"
        FAILED = "failed"

    endpoint = models.ForeignKey(
        WebhookEndpoint, on_delete=models.CASCADE, related_name="deliveries"
    )
    event = models.ForeignKey(WebhookEvent, on_delete=models.CASCADE, related_name="deliveries")
    # The webhook-id header: the same on every attempt, so receivers can drop duplicates.
    message_id = models.CharField(max_length=40, unique=True, default=new_message_id)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING)
    attempts = models.PositiveIntegerField(default=0)
    # Attempts made before the current series of retries began (a redelivery starts one).
    series_start = models.PositiveIntegerField(default=0)
    next_attempt_at = models.DateTimeField(null=True, blank=True)
    # A worker holds the delivery until then while it sends; nobody else sends meanwhile.
    locked_until = models.DateTimeField(null=True, blank=True)
    enqueued_at = models.DateTimeField(null=True, blank=True)
    last_attempt_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-id"]
        verbose_name_plural = "webhook deliveries"
        indexes = [
            models.Index(
                fields=["next_attempt_at"],
                name="webhook_delivery_due_idx",
                condition=Q(status="pending"),
            )
        ]

    def __str__(self) -> str:
        return f"{self.event.type} → {self.endpoint.url} ({self.status})"


class WebhookAttempt(models.Model):
    """What one attempt got back: the log admins read."""

    delivery = models.ForeignKey(
        WebhookDelivery, on_delete=models.CASCADE, related_name="attempt_log"
    )
    number = models.PositiveIntegerField()
    started_at = models.DateTimeField()
    status_code = models.PositiveIntegerField(null=True, blank=True)
    duration_ms = models.PositiveIntegerField(default=0)
    error = models.CharField(max_length=500, blank=True)
    response_excerpt = models.CharField(max_length=500, blank=True)
    next_retry_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["delivery", "number"]
        constraints = [
            # An attempt is made once: two workers can never both record attempt n.
            models.UniqueConstraint(fields=["delivery", "number"], name="webhook_attempt_once"),
        ]

    def __str__(self) -> str:
        return f"attempt {self.number} of delivery {self.delivery_id}"

    @property
    def succeeded(self) -> bool:
        return self.status_code is not None and 200 <= self.status_code < 300
