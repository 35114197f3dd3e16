"""The archive's API representations and input checks (see DESIGN.md, "Archive")."""

from __future__ import annotations

from django.urls import reverse
from rest_framework import serializers

from annotations import limits
from annotations.api.serializers import KnownFieldsOnly, StrictCharField, StrictIntegerField
from annotations.archive.models import ClaimReview, ClaimReviewImport, MatchFeedback, SearchEntry
from annotations.limits import MAX_ID
from annotations.models import Claim

# Named in SPECTACULAR_SETTINGS["ENUM_NAME_OVERRIDES"]: two choice sets share the name "type".
SEARCH_TYPES = SearchEntry.Kind.choices
MATCH_TYPES = [("claim", "Claim"), ("claimreview", "Imported review")]


class ClaimReviewSerializer(serializers.ModelSerializer):
    publisher_url = serializers.CharField(read_only=True, help_text="May be empty.")

    class Meta:
        model = ClaimReview
        fields = [
            "id",
            "url",
            "claim_reviewed",
            "publisher_name",
            "publisher_url",
            "claimant",
            "claimant_type",
            "claim_date",
            "appearances",
            "rating_text",
            "rating_value",
            "rating_best",
            "rating_worst",
            "date_published",
            "language",
            "imported_by",
            "imported_at",
            "updated_at",
        ]
        read_only_fields = fields


class ClaimReviewDetailSerializer(ClaimReviewSerializer):
    raw = serializers.JSONField(read_only=True, help_text="The ClaimReview object as imported.")

    class Meta(ClaimReviewSerializer.Meta):
        fields = [*ClaimReviewSerializer.Meta.fields, "raw"]
        read_only_fields = fields


class SkippedItemSerializer(serializers.Serializer):
    index = serializers.IntegerField(help_text="Position of the item in the document (from 0).")
    reason = serializers.CharField()


class ImportResultSerializer(serializers.Serializer):
    created = serializers.IntegerField()
    updated = serializers.IntegerField()
    skipped = SkippedItemSerializer(many=True)


class SearchQuerySerializer(serializers.Serializer):
    q = serializers.CharField(required=False, allow_blank=True, max_length=limits.MAX_QUERY)
    type = serializers.ChoiceField(choices=SEARCH_TYPES, required=False, allow_blank=True)
    rating = serializers.CharField(
        required=False, allow_blank=True, max_length=limits.MAX_RATING_TEXT
    )
    status = serializers.ChoiceField(choices=Claim.Status.choices, required=False, allow_blank=True)
    publisher = serializers.CharField(
        required=False, allow_blank=True, max_length=limits.MAX_PUBLISHER
    )
    date_from = serializers.DateField(required=False)
    date_to = serializers.DateField(required=False)

    def validate(self, data: dict) -> dict:
        # DRF drops an empty query value of an optional field; a date may not be empty.
        for name in ("date_from", "date_to"):
            if name in self.initial_data and not str(self.initial_data.get(name)).strip():
                raise serializers.ValidationError({name: "This value may not be empty."})
        if data.get("date_from") and data.get("date_to") and data["date_from"] > data["date_to"]:
            raise serializers.ValidationError({"date_to": "date_to is before date_from."})
        for name in ("q", "rating", "publisher"):
            if "\x00" in data.get(name, ""):
                raise serializers.ValidationError({name: "Null characters are not allowed."})
        return data


class SearchHitSerializer(serializers.Serializer):
    type = serializers.ChoiceField(choices=SEARCH_TYPES)
    id = serializers.IntegerField()
    title = serializers.CharField()
    snippet = serializers.CharField(help_text="HTML-escaped text; the query's words in <mark>.")
    rating = serializers.CharField(
        help_text="A claim's rating slug; an imported review's rating as published."
    )
    url = serializers.CharField()
    score = serializers.FloatField(min_value=0, max_value=1)


class MatchRequestSerializer(KnownFieldsOnly, serializers.Serializer):
    text = StrictCharField(max_length=limits.MAX_MATCH_TEXT, trim_whitespace=True)
    limit = StrictIntegerField(
        required=False, default=5, min_value=1, max_value=limits.MAX_MATCH_LIMIT
    )

    def validate_text(self, value: str) -> str:
        if "\x00" in value:
            raise serializers.ValidationError("Null characters are not allowed.")
        return value


class SimilarQuerySerializer(serializers.Serializer):
    limit = serializers.IntegerField(
        required=False, default=5, min_value=1, max_value=limits.MAX_MATCH_LIMIT
    )


class MatchSerializer(serializers.Serializer):
    type = serializers.ChoiceField(choices=MATCH_TYPES)
    id = serializers.IntegerField()
    url = serializers.CharField(
        help_text="A claim's report permalink; an imported review's own url."
    )
    claim_text = serializers.CharField()
    rating = serializers.CharField(
        help_text="A claim's rating slug (empty if unrated); a review's rating as published."
    )
    publisher = serializers.CharField()
    date_published = serializers.DateField(allow_null=True)
    status = serializers.ChoiceField(
        choices=Claim.Status.choices, allow_null=True, help_text="Claims only; null for reviews."
    )
    score = serializers.FloatField(min_value=0, max_value=1)
    level = serializers.ChoiceField(
        choices=["confident", "suggested"],
        allow_null=True,
        help_text="null: below the threshold for suggesting it.",
    )


class MatchListSerializer(serializers.Serializer):
    results = MatchSerializer(many=True)


class MatchFeedbackRequestSerializer(KnownFieldsOnly, serializers.Serializer):
    type = serializers.ChoiceField(choices=MATCH_TYPES)
    id = StrictIntegerField(min_value=1, max_value=MAX_ID)
    action = serializers.ChoiceField(choices=MatchFeedback.Action.choices)


class MatchFeedbackSerializer(serializers.Serializer):
    claim = serializers.IntegerField(source="claim_id")
    type = serializers.CharField(source="target_type")
    id = serializers.IntegerField(source="target_id")
    action = serializers.ChoiceField(choices=MatchFeedback.Action.choices)
    score = serializers.FloatField(allow_null=True)
    level = serializers.CharField(help_text="The matcher's level when the editor decided.")
    decided_by = serializers.IntegerField(source="decided_by_id", allow_null=True)
    decided_at = serializers.DateTimeField()


class ClaimReviewImportSerializer(serializers.ModelSerializer):
    """A large import's progress; once ``done``, ``created``, ``updated`` and ``skipped`` are
    the import's answer, as POST claimreviews/ gives it for a small document."""

    skipped = SkippedItemSerializer(many=True, read_only=True)
    poll = serializers.SerializerMethodField(help_text="Where to ask how far it got.")

    class Meta:
        model = ClaimReviewImport
        fields = ["id", "status", "error", "items", "processed", "created", "updated",
                  "skipped", "created_at", "finished_at", "poll"]  # fmt: skip
        read_only_fields = fields

    def get_poll(self, job: ClaimReviewImport) -> str:
        return reverse("api-claimreview-import-detail", args=[job.pk])
