"""API representations: the domain model's field names, related objects by id, ratings by slug.

Read serializers describe the JSON (and the OpenAPI schema); claims are built by
:func:`claim_to_dict` from annotated rows, so a page of 50 claims costs two queries and no
serializer machinery per row. Write serializers only validate input: the services write.
"""

from __future__ import annotations

import re
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import models
from django.http import Http404
from rest_framework import serializers

from annotations import roles
from annotations.models import Article, Claim, Note, Rating, Segment, Source, http_url_validator
from annotations.selectors import claim_rows

MAX_ID = 2**63 - 1
User = get_user_model()


# ------------------------------------------------------------------ strict input fields
# DRF coerces 12 to "12", "1" to 1 and 0 to False. A newsroom tool that sends the wrong type
# has a bug worth hearing about, and the OpenAPI schema promises these types: so no coercion.


class StrictCharField(serializers.CharField):
    def to_internal_value(self, data: Any) -> str:
        if not isinstance(data, str):
            self.fail("invalid")
        return super().to_internal_value(data)


class StrictIntegerField(serializers.IntegerField):
    def to_internal_value(self, data: Any) -> int:
        if isinstance(data, bool) or not isinstance(data, int):
            self.fail("invalid")
        return super().to_internal_value(data)


class StrictBooleanField(serializers.BooleanField):
    default_error_messages = {"invalid": "Must be true or false."}

    def to_internal_value(self, data: Any) -> bool:
        if not isinstance(data, bool):
            self.fail("invalid")
        return data


class RatingSlugField(serializers.SlugRelatedField):
    """A rating by slug; what no slug can be (a NUL, 51 characters) is refused unqueried:
    PostgreSQL answers a NUL in a query with an error (a 500), not with no rows."""

    def to_internal_value(self, data: Any) -> Any:
        if isinstance(data, str) and not re.fullmatch(r"[-a-zA-Z0-9_]{1,50}", data):
            self.fail("invalid")
        return super().to_internal_value(data)


class StrictModelSerializer(serializers.ModelSerializer):
    serializer_field_mapping = {
        **serializers.ModelSerializer.serializer_field_mapping,
        models.CharField: StrictCharField,
        models.TextField: StrictCharField,
        models.URLField: StrictCharField,
        models.BooleanField: StrictBooleanField,
    }


# ----------------------------------------------------------------------------- claims


def _iso(value: str | None) -> str | None:
    """A claim row's UTC timestamp text as DRF writes datetimes: a Z, no fraction if zero."""
    return None if value is None else value.removesuffix(".000000") + "Z"


def claim_row_to_dict(row: dict[str, Any]) -> dict[str, Any]:
    """One claim from a :func:`annotations.selectors.claim_rows` row."""
    return {
        "id": row["id"],
        "article": row["article_id"],
        "segments": list(row["segment_ids"]),
        "position": row["position"],
        "claim_text": row["claim_text"],
        "claimant": row["claimant"],
        "rating": row["rating_slug"],
        "summary": row["summary"],
        "status": row["status"],
        "assignee": row["assignee_id"],
        "rated_by": row["rated_by_id"],
        "rated_at": _iso(row["rated_at"]),
        "approved_by": row["approved_by_id"],
        "published_at": _iso(row["published_at"]),
        "created_by": row["created_by_id"],
        "version": row["version"],
        "etag": f'"claim-{row["id"]}-v{row["version"]}"',
        "source_count": row["source_count"],
        "note_count": row["note_count"],
        "suggested": bool(row["suggested"]),
        "created_at": _iso(row["created_at"]),
        "updated_at": _iso(row["updated_at"]),
    }


def claims_to_dicts(claim_ids: list[int]) -> list[dict[str, Any]]:
    """Claims by id (already scoped by the caller), in that order: one query, no serializer."""
    return [claim_row_to_dict(row) for row in claim_rows(claim_ids)]


def claim_to_dict(claim: Claim) -> dict[str, Any]:
    """One claim the caller may see (e.g. the current state in a 412), shaped like the list."""
    found = claims_to_dicts([claim.pk])
    if found:
        return found[0]
    raise Http404  # deleted meanwhile


class ClaimSerializer(serializers.Serializer):
    """The claim as the API shows it (documents :func:`claim_row_to_dict` in the schema)."""

    id = serializers.IntegerField(read_only=True)
    article = serializers.IntegerField(read_only=True)
    segments = serializers.ListField(child=serializers.IntegerField(), read_only=True)
    position = serializers.IntegerField(read_only=True)
    claim_text = serializers.CharField(read_only=True)
    claimant = serializers.CharField(read_only=True)
    rating = serializers.CharField(read_only=True, allow_null=True, help_text="Rating slug.")
    summary = serializers.CharField(read_only=True)
    status = serializers.ChoiceField(choices=Claim.Status.choices, read_only=True)
    assignee = serializers.IntegerField(read_only=True, allow_null=True)
    rated_by = serializers.IntegerField(read_only=True, allow_null=True)
    rated_at = serializers.DateTimeField(read_only=True, allow_null=True)
    approved_by = serializers.IntegerField(read_only=True, allow_null=True)
    published_at = serializers.DateTimeField(read_only=True, allow_null=True)
    created_by = serializers.IntegerField(read_only=True, allow_null=True)
    version = serializers.IntegerField(read_only=True)
    etag = serializers.CharField(read_only=True, help_text="Send it back as If-Match to write.")
    source_count = serializers.IntegerField(read_only=True)
    note_count = serializers.IntegerField(read_only=True)
    suggested = serializers.BooleanField(
        read_only=True, help_text="A segment of the claim is a suggested check-worthy sentence."
    )
    created_at = serializers.DateTimeField(read_only=True)
    updated_at = serializers.DateTimeField(read_only=True)


def _editor_queryset():
    # Only people who can work on claims may be assigned one.
    return User.objects.filter(is_active=True, groups__permissions__codename="change_claim")


class AssigneeField(serializers.PrimaryKeyRelatedField):
    def get_queryset(self):
        return _editor_queryset().distinct()

    def to_internal_value(self, data: Any) -> Any:
        if isinstance(data, bool) or not isinstance(data, int) or not 0 < data <= MAX_ID:
            self.fail("incorrect_type", data_type=type(data).__name__)
        return super().to_internal_value(data)


class ClaimCreateSerializer(serializers.Serializer):
    article = StrictIntegerField(min_value=1, max_value=MAX_ID)
    segments = serializers.ListField(
        child=StrictIntegerField(min_value=1, max_value=MAX_ID),
        min_length=1,
        max_length=200,
        help_text="Ids of consecutive segments of the article.",
    )
    claim_text = StrictCharField(required=False, allow_blank=True, max_length=20000)
    claimant = StrictCharField(required=False, allow_blank=True, max_length=300)
    assignee = AssigneeField(required=False, allow_null=True, queryset=User.objects.none())


class ClaimUpdateSerializer(serializers.Serializer):
    claim_text = StrictCharField(required=False, max_length=20000)
    claimant = StrictCharField(required=False, allow_blank=True, max_length=300)
    rating = RatingSlugField(
        slug_field="slug", queryset=Rating.objects.all(), required=False, allow_null=True
    )
    summary = StrictCharField(required=False, allow_blank=True, max_length=20000)
    assignee = AssigneeField(required=False, allow_null=True, queryset=User.objects.none())


class ClaimCorrectSerializer(serializers.Serializer):
    rating = RatingSlugField(slug_field="slug", queryset=Rating.objects.all())
    note = StrictCharField(max_length=5000, help_text="Why the verdict changed; published.")
    summary = StrictCharField(required=False, max_length=20000)


# ---------------------------------------------------------------------- articles, segments


class ArticleSerializer(serializers.ModelSerializer):
    url = serializers.CharField(read_only=True, help_text="Where it was published; may be empty.")
    claim_count = serializers.IntegerField(read_only=True, help_text="Claims not dismissed.")
    rated_count = serializers.IntegerField(read_only=True)
    published_count = serializers.IntegerField(read_only=True)
    segment_count = serializers.IntegerField(read_only=True)

    class Meta:
        model = Article
        fields = [
            "id",
            "title",
            "byline",
            "publisher",
            "url",
            "published_at",
            "language",
            "body",
            "content_hash",
            "created_by",
            "created_at",
            "segment_count",
            "claim_count",
            "rated_count",
            "published_count",
        ]
        read_only_fields = fields


class ArticleListSerializer(ArticleSerializer):
    """Lists leave out the body: it can be megabytes."""

    class Meta(ArticleSerializer.Meta):
        fields = [f for f in ArticleSerializer.Meta.fields if f != "body"]
        read_only_fields = fields


class ArticleMetadataSerializer(serializers.Serializer):
    """What an editor may say about an article besides its text (detected when left out)."""

    title = StrictCharField(required=False, allow_blank=True, max_length=500)
    byline = StrictCharField(required=False, allow_blank=True, max_length=500)
    publisher = StrictCharField(required=False, allow_blank=True, max_length=200)
    url = StrictCharField(
        required=False, allow_blank=True, max_length=2000, validators=[http_url_validator]
    )
    published_at = serializers.DateTimeField(required=False, allow_null=True)
    language = StrictCharField(required=False, allow_blank=True, max_length=16)


class ArticleTextSerializer(ArticleMetadataSerializer):
    """An article from pasted text (JSON or a form)."""

    body = StrictCharField(
        trim_whitespace=False,
        max_length=settings.FACTCHECK_MAX_ARTICLE_BYTES,
        help_text="The article exactly as published.",
    )


class ArticleUploadSerializer(ArticleMetadataSerializer):
    """An article from an uploaded .txt, .md or .html file (multipart)."""

    file = serializers.FileField(allow_empty_file=True, help_text=".txt, .md or .html, UTF-8.")


class SegmentSerializer(serializers.ModelSerializer):
    suggested = serializers.BooleanField(read_only=True)

    class Meta:
        model = Segment
        fields = [
            "id",
            "article",
            "position",
            "kind",
            "paragraph",
            "start",
            "end",
            "text",
            "checkworthiness",
            "reasons",
            "suggested",
        ]
        read_only_fields = fields


class RatingSerializer(serializers.ModelSerializer):
    class Meta:
        model = Rating
        fields = ["slug", "label", "value", "colour", "description", "order"]
        read_only_fields = fields


# ------------------------------------------------------------------------ sources, notes


class SourceSerializer(StrictModelSerializer):
    url = StrictCharField(max_length=2000, validators=[http_url_validator])
    archived_url = StrictCharField(
        max_length=2000, required=False, allow_blank=True, validators=[http_url_validator]
    )

    class Meta:
        model = Source
        fields = [
            "id",
            "claim",
            "url",
            "title",
            "publisher",
            "quote",
            "stance",
            "accessed_at",
            "archived_url",
            "added_by",
            "created_at",
        ]
        read_only_fields = ["id", "claim", "added_by", "created_at"]
        extra_kwargs = {"quote": {"max_length": 20000}}


class SourceUpdateSerializer(SourceSerializer):
    url = StrictCharField(max_length=2000, validators=[http_url_validator], required=False)


class NoteSerializer(StrictModelSerializer):
    body = StrictCharField(max_length=20000, help_text="Markdown.")
    body_html = StrictCharField(read_only=True, help_text="Rendered and sanitised.")

    class Meta:
        model = Note
        fields = ["id", "claim", "author", "body", "body_html", "internal", "created_at"]
        read_only_fields = ["id", "claim", "author", "created_at"]


class NoteUpdateSerializer(NoteSerializer):
    body = StrictCharField(max_length=20000, required=False)


class HistoryChangeSerializer(serializers.Serializer):
    field = serializers.CharField()
    before = serializers.JSONField(allow_null=True)
    after = serializers.JSONField(allow_null=True)


class HistoryEntrySerializer(serializers.Serializer):
    at = serializers.DateTimeField()
    user = serializers.CharField()
    object_type = serializers.ChoiceField(choices=["claim", "source", "note"])
    object_id = serializers.IntegerField()
    action = serializers.CharField()
    reason = serializers.CharField()
    changes = HistoryChangeSerializer(many=True)


# --------------------------------------------------------------------------- users, auth


class UserSerializer(serializers.ModelSerializer):
    email = serializers.CharField(read_only=True, help_text="May be empty.")
    roles = serializers.SerializerMethodField()
    can_edit = serializers.SerializerMethodField()
    can_publish = serializers.SerializerMethodField()
    can_administer = serializers.SerializerMethodField()

    class Meta:
        model = User
        fields = [
            "id",
            "username",
            "first_name",
            "last_name",
            "email",
            "roles",
            "can_edit",
            "can_publish",
            "can_administer",
        ]
        read_only_fields = fields

    def get_roles(self, user: Any) -> list[str]:
        return sorted(user.groups.values_list("name", flat=True))

    def get_can_edit(self, user: Any) -> bool:
        return roles.can_edit(user)

    def get_can_publish(self, user: Any) -> bool:
        return roles.can_publish(user)

    def get_can_administer(self, user: Any) -> bool:
        return roles.can_administer(user)


class TokenRequestSerializer(serializers.Serializer):
    username = StrictCharField(max_length=150)
    password = StrictCharField(max_length=4096, trim_whitespace=False)


class TokenSerializer(serializers.Serializer):
    token = serializers.CharField(read_only=True)
