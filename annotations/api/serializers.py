"""API representations: the domain model's field names, related objects by id, ratings by slug.

Read serializers describe the JSON (and the OpenAPI schema); claims are built from SQL rows
by ``annotations.api.claim_rows``, so a page of 50 claims costs one query and no serializer
machinery per row. Write serializers only validate input: the services write. Limits come
from ``annotations.limits``.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from django.contrib.auth import get_user_model
from django.core.validators import RegexValidator
from django.db import models
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from annotations import limits, roles
from annotations.limits import MAX_ID
from annotations.models import Article, Claim, Note, Rating, Segment, Source, http_url_validator
from annotations.selectors import assignable_users

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


class KnownFieldsOnly:
    """Input: a field the endpoint does not take is a 400 that names it, never dropped
    silently (a misspelt "claimnat", a "rating" sent to create, a "status" in a PATCH).

    ``field_hints`` say where such a field is set instead.
    """

    field_hints: dict[str, str] = {}

    def to_internal_value(self, data: Any) -> Any:
        if isinstance(data, Mapping):
            fields = self.fields  # type: ignore[attr-defined]
            refused = {
                str(name): [
                    self.field_hints.get(str(name))
                    or ("Read-only." if name in fields else "Not a field this endpoint takes.")
                ]
                for name in data
                if name not in fields or fields[name].read_only
            }
            if refused:
                raise serializers.ValidationError(refused)
        return super().to_internal_value(data)  # type: ignore[misc]


class StrictModelSerializer(KnownFieldsOnly, serializers.ModelSerializer):
    serializer_field_mapping = {
        **serializers.ModelSerializer.serializer_field_mapping,
        models.CharField: StrictCharField,
        models.TextField: StrictCharField,
        models.URLField: StrictCharField,
        models.BooleanField: StrictBooleanField,
    }


# ----------------------------------------------------------------------------- claims


class PendingCorrectionSerializer(serializers.Serializer):
    id = serializers.IntegerField(read_only=True)
    rating = serializers.CharField(read_only=True, help_text="The proposed rating's slug.")
    summary = serializers.CharField(read_only=True, help_text="Empty: the summary stays.")
    note = serializers.CharField(read_only=True)
    proposed_by = serializers.IntegerField(read_only=True)
    proposed_at = serializers.DateTimeField(read_only=True)


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
    pending_correction = PendingCorrectionSerializer(
        read_only=True,
        allow_null=True,
        help_text="A correction proposed by one reviewer, waiting for another to publish it.",
    )
    review_round = serializers.IntegerField(
        read_only=True, help_text="Rises with each proposal the panel votes on."
    )
    votes = serializers.IntegerField(
        read_only=True, help_text="Votes cast on this round (see votes/ for who; blind)."
    )
    disputed = serializers.BooleanField(
        read_only=True, help_text="The complete panel found no majority."
    )
    created_at = serializers.DateTimeField(read_only=True)
    updated_at = serializers.DateTimeField(read_only=True)


class AssigneeField(serializers.PrimaryKeyRelatedField):
    def get_queryset(self):
        return assignable_users()

    def to_internal_value(self, data: Any) -> Any:
        if isinstance(data, bool) or not isinstance(data, int) or not 0 < data <= MAX_ID:
            self.fail("incorrect_type", data_type=type(data).__name__)
        return super().to_internal_value(data)


STATUS_HINT = "The status changes through submit/, publish/, dismiss/ and correct/."


class ClaimCreateSerializer(KnownFieldsOnly, serializers.Serializer):
    field_hints = {
        "rating": "Rate the claim with PATCH once it exists, or create it rated with claims/bulk/.",
        "summary": "Give the summary with PATCH once the claim exists, or use claims/bulk/.",
        "status": STATUS_HINT,
    }

    article = StrictIntegerField(min_value=1, max_value=MAX_ID)
    segments = serializers.ListField(
        child=StrictIntegerField(min_value=1, max_value=MAX_ID),
        min_length=1,
        max_length=limits.MAX_CLAIM_SEGMENTS,
        help_text="Ids of consecutive segments of the article.",
    )
    claim_text = StrictCharField(required=False, allow_blank=True, max_length=limits.MAX_CLAIM_TEXT)
    claimant = StrictCharField(required=False, allow_blank=True, max_length=limits.MAX_CLAIMANT)
    assignee = AssigneeField(required=False, allow_null=True, queryset=User.objects.none())


class ClaimUpdateSerializer(KnownFieldsOnly, serializers.Serializer):
    field_hints = {
        "status": STATUS_HINT,
        "segments": "A claim keeps its sentences; dismiss it and make a new one.",
        "article": "A claim keeps its article.",
    }

    claim_text = StrictCharField(required=False, max_length=limits.MAX_CLAIM_TEXT)
    claimant = StrictCharField(required=False, allow_blank=True, max_length=limits.MAX_CLAIMANT)
    rating = RatingSlugField(
        slug_field="slug", queryset=Rating.objects.all(), required=False, allow_null=True
    )
    summary = StrictCharField(required=False, allow_blank=True, max_length=limits.MAX_SUMMARY)
    assignee = AssigneeField(required=False, allow_null=True, queryset=User.objects.none())


class ClaimCorrectSerializer(KnownFieldsOnly, serializers.Serializer):
    rating = RatingSlugField(slug_field="slug", queryset=Rating.objects.all())
    note = StrictCharField(
        max_length=limits.MAX_CORRECTION_NOTE, help_text="Why the verdict changed; published."
    )
    summary = StrictCharField(required=False, max_length=limits.MAX_SUMMARY)


class ClaimPublishSerializer(KnownFieldsOnly, serializers.Serializer):
    rating = RatingSlugField(
        slug_field="slug",
        queryset=Rating.objects.all(),
        required=False,
        help_text="Admins only, on a disputed claim: the rating they decide on.",
    )


class VoteSerializer(KnownFieldsOnly, serializers.Serializer):
    rating = RatingSlugField(slug_field="slug", queryset=Rating.objects.all())
    reason = StrictCharField(
        required=False, allow_blank=True, max_length=limits.MAX_VOTE_REASON, help_text="Why."
    )


class VoteDocumentSerializer(serializers.Serializer):
    reviewer = serializers.IntegerField()
    username = serializers.CharField()
    rating = serializers.CharField(allow_null=True, help_text="Hidden (null) until you may see it.")
    reason = serializers.CharField(allow_null=True)
    mine = serializers.BooleanField()
    created_at = serializers.DateTimeField()
    updated_at = serializers.DateTimeField()


class PanelDocumentSerializer(serializers.Serializer):
    """A claim's panel: who voted; how, once you voted, the panel is complete or it closed."""

    round = serializers.IntegerField()
    size = serializers.IntegerField()
    needed = serializers.IntegerField(help_text="Agreeing votes that publish.")
    open = serializers.BooleanField(help_text="A proposal waits for votes.")
    proposal = serializers.CharField(allow_null=True)
    correction = serializers.IntegerField(allow_null=True)
    complete = serializers.BooleanField()
    disputed = serializers.BooleanField()
    visible = serializers.BooleanField(help_text="Whether the ratings below are shown.")
    majority = serializers.CharField(allow_null=True)
    can_vote = serializers.BooleanField()
    votes = VoteDocumentSerializer(many=True)


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


class ArticleMetadataSerializer(KnownFieldsOnly, serializers.Serializer):
    """What an editor may say about an article besides its text (detected when left out)."""

    title = StrictCharField(required=False, allow_blank=True, max_length=500)
    byline = StrictCharField(required=False, allow_blank=True, max_length=500)
    publisher = StrictCharField(required=False, allow_blank=True, max_length=200)
    url = StrictCharField(
        required=False, allow_blank=True, max_length=limits.MAX_URL, validators=[http_url_validator]
    )
    published_at = serializers.DateTimeField(required=False, allow_null=True)
    language = StrictCharField(required=False, allow_blank=True, max_length=16)


class ArticleTextSerializer(ArticleMetadataSerializer):
    """An article from pasted text (JSON or a form)."""

    field_hints = {"file": "Upload a file as multipart/form-data, or give the text as body."}

    body = StrictCharField(
        trim_whitespace=False,
        max_length=limits.MAX_ARTICLE_BYTES,
        help_text="The article exactly as published.",
    )


class ArticleUploadSerializer(ArticleMetadataSerializer):
    """An article from an uploaded .txt, .md or .html file (multipart)."""

    field_hints = {"body": "Give the text as body (JSON) or as a file (multipart), not both."}

    file = serializers.FileField(allow_empty_file=True, help_text=".txt, .md or .html, UTF-8.")


class ReasonSerializer(serializers.Serializer):
    """Why a segment got its score: the exact words (``body[start:end] == text``)."""

    kind = serializers.CharField(help_text="quantity, date, named_source, opinion, hedge, ...")
    text = serializers.CharField(help_text="The words the reason is about, as in the body.")
    start = serializers.IntegerField(help_text="Offset into the article body.")
    end = serializers.IntegerField()


@extend_schema_field(ReasonSerializer(many=True))
class ReasonsField(serializers.JSONField):
    """Stored reasons as they are: spans, or plain strings in rows not yet rescored."""


class SegmentSerializer(serializers.ModelSerializer):
    suggested = serializers.BooleanField(read_only=True)
    reasons = ReasonsField(read_only=True)

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
    etag = serializers.CharField(read_only=True, help_text="Send it back as If-Match to write.")
    url = StrictCharField(max_length=limits.MAX_URL, validators=[http_url_validator])
    archived_url = StrictCharField(
        max_length=limits.MAX_URL, required=False, allow_blank=True, validators=[http_url_validator]
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
            "version",
            "etag",
        ]
        read_only_fields = ["id", "claim", "added_by", "created_at", "version", "etag"]
        extra_kwargs = {"quote": {"max_length": limits.MAX_SOURCE_QUOTE}}


class SourceUpdateSerializer(SourceSerializer):
    url = StrictCharField(
        max_length=limits.MAX_URL, validators=[http_url_validator], required=False
    )


class BulkSourceSerializer(SourceSerializer):
    """A source given with a claim of a bulk request."""

    etag = None

    class Meta(SourceSerializer.Meta):
        fields = ["url", "title", "publisher", "quote", "stance", "accessed_at", "archived_url"]
        read_only_fields = []


class ClaimBulkItemSerializer(ClaimCreateSerializer):
    """One claim of a bulk request: a claim with its verdict and sources.

    The rating and the assignee are checked here for their shape only and looked up for all
    claims at once (one query each, not one per claim).
    """

    assignee = StrictIntegerField(
        required=False, allow_null=True, min_value=1, max_value=MAX_ID, help_text="A user id."
    )
    rating = StrictCharField(
        required=False,
        allow_null=True,
        max_length=50,
        validators=[RegexValidator(r"^[-a-zA-Z0-9_]+$", "Not a rating slug.")],
        help_text="Rating slug.",
    )
    summary = StrictCharField(required=False, allow_blank=True, max_length=limits.MAX_SUMMARY)
    sources = BulkSourceSerializer(
        many=True, required=False, max_length=limits.MAX_BULK_SOURCES, help_text="Evidence."
    )


class ClaimBulkSerializer(KnownFieldsOnly, serializers.Serializer):
    claims = ClaimBulkItemSerializer(
        many=True,
        allow_empty=False,
        max_length=limits.MAX_BULK_CLAIMS,
        help_text=f"At most {limits.MAX_BULK_CLAIMS} claims, created all or none.",
    )


class ClaimBulkResultSerializer(serializers.Serializer):
    claims = ClaimSerializer(many=True, help_text="In the order they were sent.")


class NoteSerializer(StrictModelSerializer):
    body = StrictCharField(max_length=limits.MAX_NOTE_BODY, help_text="Markdown.")
    body_html = StrictCharField(read_only=True, help_text="Rendered and sanitised.")
    etag = serializers.CharField(read_only=True, help_text="Send it back as If-Match to write.")

    class Meta:
        model = Note
        fields = [
            "id", "claim", "author", "body", "body_html", "internal", "created_at", "version",
            "etag",
        ]  # fmt: skip
        read_only_fields = ["id", "claim", "author", "created_at", "version", "etag"]


class NoteUpdateSerializer(NoteSerializer):
    body = StrictCharField(max_length=limits.MAX_NOTE_BODY, required=False)


class HistoryChangeSerializer(serializers.Serializer):
    field = serializers.CharField()
    before = serializers.JSONField(allow_null=True)
    after = serializers.JSONField(allow_null=True)


class HistoryEntrySerializer(serializers.Serializer):
    at = serializers.DateTimeField()
    user = serializers.CharField()
    object_type = serializers.ChoiceField(choices=["claim", "source", "note", "vote"])
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


class TokenRequestSerializer(KnownFieldsOnly, serializers.Serializer):
    username = StrictCharField(max_length=150)
    password = StrictCharField(max_length=4096, trim_whitespace=False)


class TokenSerializer(serializers.Serializer):
    token = serializers.CharField(read_only=True)
