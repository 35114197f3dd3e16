"""The admin site, on top of the services like every other surface.

What the workflow owns (status, rating and summary of a published claim, who rated and
approved, versions, others' notes) is read-only here. Every add, change and delete calls the
same service as the review page and the API: claims are edited with the version the admin
saw (a stale save is refused, not silently reverting a newer one), sources and notes are
deleted softly, articles are imported from the dashboard, the API or ``manage.py ingest``.
History is shown but cannot be reverted (``SIMPLE_HISTORY_REVERT_DISABLED``).
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models
from django.db.models import QuerySet
from django.http import HttpRequest
from simple_history.admin import SimpleHistoryAdmin

from annotations import services
from annotations.admin_base import ModelAdmin, RefuseNulFilters
from annotations.models import Article, Claim, Correction, Note, Rating, Segment, Source
from annotations.selectors import assignable_users
from annotations.services.articles import ARTICLE_METADATA_FIELDS

# A URL typed without a scheme is https:// (Django 6's default; 5.2 warns without it).
URL_FIELDS = {models.URLField: {"assume_scheme": "https"}}


def https_urls(field: models.Field, **kwargs: Any) -> forms.Field:
    """Form fields of a ModelForm's Meta, with URL_FIELDS applied (as the admin does)."""
    return field.formfield(**{**URL_FIELDS.get(type(field), {}), **kwargs})


class ServiceForm(forms.ModelForm):
    """A form whose ``clean`` writes through a service, so its rules become form errors.

    The admin runs a change form in one transaction and these admins have no editable
    inlines, so nothing can fail after the write; ``save_model`` then has nothing to do.
    """

    user: Any = None  # set per request by ServiceAdmin.get_form

    def write(self, data: dict[str, Any]) -> models.Model:
        raise NotImplementedError

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if self.errors:
            return data
        try:
            self.instance = self.write(data)
        except services.StaleVersion as exc:
            raise forms.ValidationError(
                f"Not saved: someone changed this {self._meta.model._meta.verbose_name} since "
                f"you opened it (now version {exc.current.version}). Reload the page to see "
                "their change, then make yours again."
            ) from exc
        except PermissionDenied as exc:
            raise forms.ValidationError(str(exc)) from exc
        except ValidationError as exc:
            if hasattr(exc, "error_dict"):
                for field, errors in exc.message_dict.items():
                    self.add_error(field if field in self.fields else None, errors)
            else:
                self.add_error(None, exc.messages)
        return data

    def given(self, data: dict[str, Any], names: tuple[str, ...]) -> dict[str, Any]:
        """The submitted values of those fields this form shows (others are read-only)."""
        return {name: data[name] for name in names if name in self.fields}


class VersionedServiceForm(ServiceForm):
    """Carries the version the admin saw when the page opened."""

    seen_version = forms.IntegerField(widget=forms.HiddenInput, min_value=1, required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self.instance.pk is not None:
            self.fields["seen_version"].initial = self.instance.version

    def seen(self, data: dict[str, Any]) -> int:
        if not data.get("seen_version"):
            raise ValidationError("Reload the page: the form did not say which version you saw.")
        return data["seen_version"]


class ServiceAdmin(ModelAdmin):
    """Writes happen in the form (see ServiceForm); deletes go through ``delete_object``."""

    def get_form(self, request: HttpRequest, obj: Any = None, **kwargs: Any) -> type:
        form = super().get_form(request, obj, **kwargs)
        return type(form.__name__, (form,), {"user": request.user})

    def save_model(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        pass  # the form's service saved it

    def delete_object(self, request: HttpRequest, obj: Any) -> None:
        raise PermissionDenied

    def delete_model(self, request: HttpRequest, obj: Any) -> None:
        self.delete_object(request, obj)

    def delete_queryset(self, request: HttpRequest, queryset: QuerySet) -> None:
        for obj in queryset:
            self.delete_object(request, obj)


class HistoryAdmin(SimpleHistoryAdmin, ServiceAdmin):
    """Shows each object's history; an old version can be looked at, never saved back."""

    def history_form_view(
        self, request: HttpRequest, object_id: str, version_id: str, extra_context: Any = None
    ) -> Any:
        if request.method != "GET":
            raise PermissionDenied("History is read-only: change the object itself.")
        return super().history_form_view(request, object_id, version_id, extra_context)


class ReadOnlyInline(admin.TabularInline):
    extra = 0
    can_delete = False

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


class ReadOnlyAdmin(ModelAdmin):
    """Shown, never written here: segments come from ingest, corrections from the workflow."""

    def delete_view(self, request: HttpRequest, object_id: str, extra_context: Any = None) -> Any:
        raise PermissionDenied(
            f"{self.model._meta.verbose_name_plural.capitalize()} are not deleted here: they "
            "come from importing an article and from the workflow."
        )

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


# ----------------------------------------------------------------------------- articles


class ArticleForm(ServiceForm):
    class Meta:
        model = Article
        fields = ARTICLE_METADATA_FIELDS
        formfield_callback = https_urls

    def write(self, data: dict[str, Any]) -> Article:
        fields = self.given(data, ARTICLE_METADATA_FIELDS)
        return services.article_update(article=self.instance, user=self.user, **fields)


@admin.register(Article)
class ArticleAdmin(ServiceAdmin):
    form = ArticleForm
    list_display = ["title", "publisher", "published_at", "created_by", "created_at"]
    list_filter = ["publisher", "language", "created_at"]
    search_fields = ["title", "byline", "publisher", "url"]
    fields = [*ARTICLE_METADATA_FIELDS, "content_hash", "created_by", "created_at", "body"]
    readonly_fields = ["content_hash", "created_by", "created_at", "body"]
    date_hierarchy = "created_at"
    formfield_overrides = URL_FIELDS

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False  # articles are imported (dashboard, API, ingest): that makes segments

    def delete_object(self, request: HttpRequest, obj: Article) -> None:
        services.article_delete(article=obj, user=request.user)

    def get_deleted_objects(self, objs: Any, request: HttpRequest) -> tuple:
        # The service decides who deletes an article with everything on it (admins), not
        # Django's per-model permissions on segments, sources and notes.
        deleted, counts, _perms_needed, protected = super().get_deleted_objects(objs, request)
        return deleted, counts, set(), protected


@admin.register(Segment)
class SegmentAdmin(ReadOnlyAdmin):
    list_display = ["article", "position", "kind", "checkworthiness", "text"]
    list_filter = ["kind"]
    search_fields = ["text", "article__title"]
    list_select_related = ["article"]


@admin.register(Rating)
class RatingAdmin(ModelAdmin):
    """The verdict scale: reference data that admins edit (Django's permissions say who)."""

    list_display = ["label", "slug", "value", "colour", "order"]
    list_editable = ["order"]
    search_fields = ["label", "slug", "description"]
    list_filter = ["value"]


# ------------------------------------------------------------------------------- claims


class ClaimForm(VersionedServiceForm):
    class Meta:
        model = Claim
        fields = [*services.CLAIM_EDITABLE_FIELDS, "seen_version"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if "assignee" in self.fields:
            self.fields["assignee"].queryset = assignable_users()

    def write(self, data: dict[str, Any]) -> Claim:
        return services.claim_update(
            claim=self.instance,
            user=self.user,
            version=self.seen(data),
            **self.given(data, services.CLAIM_EDITABLE_FIELDS),
        )


class SourceInline(ReadOnlyInline):
    model = Source
    fields = ["url", "title", "publisher", "stance", "archived_url", "version"]
    readonly_fields = fields


class CorrectionInline(ReadOnlyInline):
    model = Correction
    fields = ["status", "previous_rating", "new_rating", "note", "created_by", "approved_by"]
    readonly_fields = fields


def _workflow_action(service: Any, done: str, description: str) -> Any:
    """An admin action that runs a workflow service on each selected claim."""

    def action(modeladmin: ClaimAdmin, request: HttpRequest, queryset: QuerySet) -> None:
        ok = 0
        for claim in queryset:
            try:
                service(claim=claim, user=request.user, version=claim.version)
                ok += 1
            except (
                ValidationError,
                PermissionDenied,
                services.StaleVersion,
                services.Conflict,  # the claim's state does not allow it yet (no majority)
            ) as exc:
                reason = " ".join(getattr(exc, "messages", [str(exc)]))
                modeladmin.message_user(request, f"Claim {claim.pk}: {reason}", messages.ERROR)
        if ok:
            modeladmin.message_user(request, f"{ok} claim(s) {done}.", messages.SUCCESS)

    action.__name__ = f"{service.__name__}_action"
    return admin.action(description=description)(action)


@admin.register(Claim)
class ClaimAdmin(HistoryAdmin):
    form = ClaimForm
    list_display = ["claim_text", "article", "rating", "status", "assignee", "updated_at"]
    list_filter = ["status", "rating", "assignee"]
    search_fields = ["claim_text", "claimant", "summary", "article__title"]
    list_select_related = ["article", "rating", "assignee"]
    workflow_fields = [
        "article", "status", "rated_by", "rated_at", "approved_by", "published_at", "version",
        "created_by",
    ]  # fmt: skip
    inlines = [SourceInline, CorrectionInline]
    actions = [
        _workflow_action(services.claim_submit, "sent to review", "Send to review"),
        _workflow_action(services.claim_publish, "published", "Approve and publish"),
        _workflow_action(services.claim_dismiss, "dismissed", "Dismiss"),
    ]

    def get_fields(self, request: HttpRequest, obj: Claim | None = None) -> list[str]:
        return [*services.CLAIM_EDITABLE_FIELDS, "seen_version", *self.workflow_fields]

    def get_readonly_fields(self, request: HttpRequest, obj: Claim | None = None) -> list[str]:
        locked = list(self.workflow_fields)
        if obj is not None and obj.status == Claim.Status.PUBLISHED:
            locked += list(services.PUBLISHED_VERDICT_FIELDS)  # corrections change those
        if obj is not None and obj.status == Claim.Status.DISMISSED:
            locked += list(services.CLAIM_EDITABLE_FIELDS)
        return locked

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False  # claims are made of an article's sentences, on the review page or API

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False  # dismiss instead: the claim and its history stay

    def delete_view(self, request: HttpRequest, object_id: str, extra_context: Any = None) -> Any:
        raise PermissionDenied(
            "Claims are not deleted: dismiss it instead (the claim list's action “Dismiss”), "
            "so the claim and its history stay."
        )


# ------------------------------------------------------------------------ sources, notes


class SourceForm(VersionedServiceForm):
    class Meta:
        model = Source
        fields = ["claim", *services.SOURCE_FIELDS, "seen_version"]
        formfield_callback = https_urls

    def write(self, data: dict[str, Any]) -> Source:
        fields = self.given(data, services.SOURCE_FIELDS)
        if self.instance.pk is None:
            return services.source_add(claim=data["claim"], user=self.user, **fields)
        return services.source_update(
            source=self.instance, user=self.user, version=self.seen(data), **fields
        )


class SoftDeleteAdmin(HistoryAdmin):
    """Lists deleted rows too (marked), which can no longer be changed or deleted."""

    def get_queryset(self, request: HttpRequest) -> QuerySet:
        return self.model.all_objects.select_related("claim")

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> list[str]:
        readonly = ["version", "deleted_at", *self.readonly_fields]
        return readonly + (["claim"] if obj is not None else [])

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        allowed = super().has_change_permission(request, obj)
        return allowed and (obj is None or obj.deleted_at is None)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        allowed = super().has_delete_permission(request, obj)
        return allowed and (obj is None or obj.deleted_at is None)


@admin.register(Source)
class SourceAdmin(SoftDeleteAdmin):
    form = SourceForm
    list_display = ["title", "url", "stance", "claim", "added_by", "created_at", "deleted_at"]
    list_filter = ["stance", "publisher"]
    search_fields = ["url", "title", "publisher", "quote"]
    raw_id_fields = ["claim"]
    readonly_fields = ["added_by", "created_at"]
    formfield_overrides = URL_FIELDS

    def delete_object(self, request: HttpRequest, obj: Source) -> None:
        if obj.deleted_at is None:
            services.source_delete(source=obj, user=request.user, version=obj.version)


class NoteForm(VersionedServiceForm):
    class Meta:
        model = Note
        fields = ["claim", "body", "internal", "seen_version"]

    def write(self, data: dict[str, Any]) -> Note:
        if self.instance.pk is None:
            return services.note_add(
                claim=data["claim"], user=self.user, body=data["body"], internal=data["internal"]
            )
        return services.note_update(
            note=self.instance,
            user=self.user,
            version=self.seen(data),
            **self.given(data, ("body", "internal")),
        )


@admin.register(Note)
class NoteAdmin(SoftDeleteAdmin):
    form = NoteForm
    list_display = ["body", "claim", "author", "internal", "created_at", "deleted_at"]
    list_filter = ["internal"]
    search_fields = ["body"]
    raw_id_fields = ["claim"]
    readonly_fields = ["author", "created_at"]

    def get_queryset(self, request: HttpRequest) -> QuerySet:
        return super().get_queryset(request).select_related("author")

    def has_change_permission(self, request: HttpRequest, obj: Note | None = None) -> bool:
        # A colleague's note is shown, never rewritten (admins may).
        allowed = super().has_change_permission(request, obj)
        return allowed and (obj is None or services.may_change_note(obj, request.user))

    def has_delete_permission(self, request: HttpRequest, obj: Note | None = None) -> bool:
        allowed = super().has_delete_permission(request, obj)
        return allowed and (obj is None or services.may_change_note(obj, request.user))

    def delete_object(self, request: HttpRequest, obj: Note) -> None:
        if obj.deleted_at is None:
            services.note_delete(note=obj, user=request.user, version=obj.version)


@admin.register(Correction)
class CorrectionAdmin(ReadOnlyAdmin):
    list_display = ["claim", "status", "previous_rating", "new_rating", "created_by", "created_at"]
    list_filter = ["status", "new_rating"]
    search_fields = ["note", "claim__claim_text"]


# Webhooks (admins only) live with their capability package.
# The job queue's own admin (django-tasks-db), with the same refusal of NUL filters.
from django_tasks_db.admin import DBTaskResultAdmin  # noqa: E402
from django_tasks_db.models import DBTaskResult  # noqa: E402

from annotations.webhooks import admin as webhooks_admin  # noqa: E402, F401

admin.site.unregister(DBTaskResult)


@admin.register(DBTaskResult)
class TaskResultAdmin(RefuseNulFilters, DBTaskResultAdmin):
    pass
