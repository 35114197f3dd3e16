"""The webhooks' JSON: endpoints (the secret only when created), deliveries and attempts."""

from __future__ import annotations

from rest_framework import serializers

from annotations import limits
from annotations.api.serializers import KnownFieldsOnly, StrictCharField
from annotations.models import http_url_validator
from annotations.webhooks.models import (
    EVENT_NAMES,
    WebhookAttempt,
    WebhookDelivery,
    WebhookEndpoint,
)


class EndpointCreateSerializer(KnownFieldsOnly, serializers.Serializer):
    url = StrictCharField(max_length=limits.MAX_URL, validators=[http_url_validator])
    events = serializers.ListField(
        child=serializers.ChoiceField(choices=EVENT_NAMES), min_length=1, max_length=20
    )
    description = StrictCharField(required=False, allow_blank=True, max_length=500)


class EndpointSerializer(serializers.ModelSerializer):
    events = serializers.ListField(child=serializers.ChoiceField(choices=EVENT_NAMES))

    class Meta:
        model = WebhookEndpoint
        fields = [
            "id",
            "url",
            "events",
            "description",
            "is_active",
            "disabled_reason",
            "disabled_at",
            "created_by",
            "created_at",
        ]
        read_only_fields = fields


class EndpointCreatedSerializer(EndpointSerializer):
    secret = serializers.CharField(
        read_only=True, help_text="whsec_<base64>: the signing key. Shown only now."
    )

    class Meta(EndpointSerializer.Meta):
        fields = [*EndpointSerializer.Meta.fields, "secret"]
        read_only_fields = fields


class AttemptSerializer(serializers.ModelSerializer):
    class Meta:
        model = WebhookAttempt
        fields = [
            "number",
            "started_at",
            "status_code",
            "duration_ms",
            "error",
            "response_excerpt",
            "next_retry_at",
        ]
        read_only_fields = fields


class DeliverySerializer(serializers.ModelSerializer):
    event = serializers.IntegerField(source="event_id", read_only=True)
    event_type = serializers.CharField(source="event.type", read_only=True)
    webhook_id = serializers.CharField(
        source="message_id", read_only=True, help_text="The webhook-id header, on every attempt."
    )
    attempt_log = AttemptSerializer(many=True, read_only=True)

    class Meta:
        model = WebhookDelivery
        fields = [
            "id",
            "event",
            "event_type",
            "webhook_id",
            "status",
            "attempts",
            "next_attempt_at",
            "last_attempt_at",
            "created_at",
            "attempt_log",
        ]
        read_only_fields = fields
