"""Admin for every model: searchable, filterable, history on claims, sources and notes."""

from django.contrib import admin
from django.db import models
from simple_history.admin import SimpleHistoryAdmin

from annotations.models import Article, Claim, Correction, Note, Rating, Segment, Source

# A URL typed without a scheme is https:// (Django 6's default; 5.2 warns without it).
URL_FIELDS = {models.URLField: {"assume_scheme": "https"}}


@admin.register(Article)
class ArticleAdmin(admin.ModelAdmin):
    list_display = ["title", "publisher", "published_at", "created_by", "created_at"]
    list_filter = ["publisher", "language", "created_at"]
    search_fields = ["title", "byline", "publisher", "url"]
    readonly_fields = ["content_hash", "body"]
    date_hierarchy = "created_at"
    formfield_overrides = URL_FIELDS


@admin.register(Segment)
class SegmentAdmin(admin.ModelAdmin):
    list_display = ["article", "position", "kind", "checkworthiness", "text"]
    list_filter = ["kind"]
    search_fields = ["text", "article__title"]
    list_select_related = ["article"]
    readonly_fields = ["article", "position", "kind", "paragraph", "start", "end", "text"]


@admin.register(Rating)
class RatingAdmin(admin.ModelAdmin):
    list_display = ["label", "slug", "value", "colour", "order"]
    list_editable = ["order"]
    search_fields = ["label", "slug", "description"]
    list_filter = ["value"]


class SourceInline(admin.TabularInline):
    model = Source
    extra = 0
    fields = ["url", "title", "publisher", "stance", "archived_url", "deleted_at"]
    formfield_overrides = URL_FIELDS


class CorrectionInline(admin.TabularInline):
    model = Correction
    extra = 0
    readonly_fields = ["previous_rating", "new_rating", "note", "created_by", "created_at"]
    can_delete = False


@admin.register(Claim)
class ClaimAdmin(SimpleHistoryAdmin):
    list_display = ["claim_text", "article", "rating", "status", "assignee", "updated_at"]
    list_filter = ["status", "rating", "assignee"]
    search_fields = ["claim_text", "claimant", "summary", "article__title"]
    list_select_related = ["article", "rating", "assignee"]
    raw_id_fields = ["article", "segments"]
    readonly_fields = ["version", "rated_by", "approved_by", "published_at"]
    inlines = [SourceInline, CorrectionInline]


@admin.register(Source)
class SourceAdmin(SimpleHistoryAdmin):
    list_display = ["title", "url", "stance", "claim", "added_by", "created_at", "deleted_at"]
    list_filter = ["stance", "publisher"]
    search_fields = ["url", "title", "publisher", "quote"]
    raw_id_fields = ["claim"]
    formfield_overrides = URL_FIELDS

    def get_queryset(self, request):
        return Source.all_objects.select_related("claim", "added_by")


@admin.register(Note)
class NoteAdmin(SimpleHistoryAdmin):
    list_display = ["body", "claim", "author", "internal", "created_at", "deleted_at"]
    list_filter = ["internal"]
    search_fields = ["body"]
    raw_id_fields = ["claim"]

    def get_queryset(self, request):
        return Note.all_objects.select_related("claim", "author")


@admin.register(Correction)
class CorrectionAdmin(admin.ModelAdmin):
    list_display = ["claim", "previous_rating", "new_rating", "created_by", "created_at"]
    list_filter = ["new_rating"]
    search_fields = ["note", "claim__claim_text"]
    raw_id_fields = ["claim"]
