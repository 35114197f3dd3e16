"""Webhooks in the admin, for admins (the role), through the services: register an endpoint
(its secret is shown once, in the message after saving), see why one was disabled and turn it
on again, read each delivery's attempts and redeliver by hand."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models
from django.db.models import QuerySet
from django.http import HttpRequest

from annotations import limits, roles
from annotations.admin_base import ModelAdmin
from annotations.webhooks import services
from annotations.webhooks.models import (
    EVENT_TYPES,
    WebhookAttempt,
    WebhookDelivery,
    WebhookEndpoint,
)


class AdminsOnly:
    """Webhooks belong to the admin role (and superusers), whatever the model permissions."""

    def has_module_permission(self, request: HttpRequest) -> bool:
        return roles.can_administer(request.user)

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return roles.can_administer(request.user)

    def has_add_permission(self, request: HttpRequest, *args: Any) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


class EndpointForm(forms.ModelForm):
    url = forms.URLField(label="URL", max_length=limits.MAX_URL, assume_scheme="https")
    events = forms.MultipleChoiceField(choices=EVENT_TYPES, widget=forms.CheckboxSelectMultiple)
    user: Any = None

    class Meta:
        model = WebhookEndpoint
        fields = ["description"]  # url and events are declared above

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if self.errors:
            return data
        try:
            self.instance = services.endpoint_create(
                url=data["url"], events=data["events"], description=data["description"],
                user=self.user,
            )  # fmt: skip
        except PermissionDenied as exc:
            raise forms.ValidationError(str(exc)) from exc
        except ValidationError as exc:
            for field, errors in exc.message_dict.items():
                self.add_error(field if field in self.fields else None, errors)
        return data


class DeliveryInline(admin.TabularInline):
    model = WebhookDelivery
    extra = 0
    can_delete = False
    max_num = 0
    fields = ["event", "message_id", "status", "attempts", "next_attempt_at", "last_attempt_at"]
    readonly_fields = fields
    show_change_link = True
    ordering = ["-id"]

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return roles.can_administer(request.user)


@admin.register(WebhookEndpoint)
class WebhookEndpointAdmin(AdminsOnly, ModelAdmin):
    form = EndpointForm
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}
    list_display = ["url", "description", "is_active", "disabled_reason", "created_at"]
    list_filter = ["is_active"]
    readonly_fields = ["is_active", "disabled_reason", "disabled_at", "created_by", "created_at"]
    inlines = [DeliveryInline]
    actions = ["enable", "delete_endpoints"]

    def has_add_permission(self, request: HttpRequest, *args: Any) -> bool:
        return roles.can_administer(request.user)

    def get_fields(self, request: HttpRequest, obj: Any = None) -> list[str]:
        if obj is None:
            return ["url", "events", "description"]
        return ["url", "events", "description", *self.readonly_fields]

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> list[str]:
        if obj is None:
            return []
        return ["url", "events", "description", *self.readonly_fields]

    def get_form(self, request: HttpRequest, obj: Any = None, **kwargs: Any) -> type:
        form = super().get_form(request, obj, **kwargs)
        return type(form.__name__, (form,), {"user": request.user})

    def save_model(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        # endpoint_create saved it in the form; the secret is shown this once.
        messages.warning(
            request, f"Signing secret (shown only now, copy it to the receiver): {obj.secret}"
        )

    @admin.action(description="Enable the selected endpoints again")
    def enable(self, request: HttpRequest, queryset: QuerySet) -> None:
        for endpoint in queryset:
            services.endpoint_enable(endpoint=endpoint, user=request.user)
        messages.success(request, f"Enabled {len(queryset)} endpoint(s).")

    @admin.action(description="Delete the selected endpoints")
    def delete_endpoints(self, request: HttpRequest, queryset: QuerySet) -> None:
        for endpoint in queryset:
            services.endpoint_delete(endpoint=endpoint, user=request.user)
        messages.success(request, "Deleted.")

    def get_actions(self, request: HttpRequest) -> dict:
        actions = super().get_actions(request)
        actions.pop("delete_selected", None)
        return actions


class AttemptInline(admin.TabularInline):
    model = WebhookAttempt
    extra = 0
    can_delete = False
    max_num = 0
    fields = ["number", "started_at", "status_code", "duration_ms", "error", "next_retry_at"]
    readonly_fields = fields

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return roles.can_administer(request.user)


@admin.register(WebhookDelivery)
class WebhookDeliveryAdmin(AdminsOnly, ModelAdmin):
    list_display = ["event", "endpoint", "status", "attempts", "next_attempt_at", "created_at"]
    list_filter = ["status", "event__type"]
    list_select_related = ["event", "endpoint"]
    fields = ["endpoint", "event", "message_id", "status", "attempts", "next_attempt_at",
              "last_attempt_at", "created_at"]  # fmt: skip
    readonly_fields = fields
    inlines = [AttemptInline]
    actions = ["redeliver"]

    @admin.action(description="Redeliver the selected deliveries now")
    def redeliver(self, request: HttpRequest, queryset: QuerySet) -> None:
        done = 0
        for delivery in queryset:
            try:
                services.delivery_redeliver(delivery=delivery, user=request.user)
                done += 1
            except ValidationError as exc:
                messages.error(request, f"Delivery {delivery.pk}: {' '.join(exc.messages)}")
        if done:
            messages.success(request, f"Queued {done} delivery(ies) again.")
