"""OpenAPI details shared by every operation: the error document and the statuses it comes with."""

from __future__ import annotations

from drf_spectacular.openapi import AutoSchema
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiExample, OpenApiParameter, inline_serializer
from rest_framework import serializers

ErrorSerializer = inline_serializer(
    name="Error",
    fields={
        "error": serializers.CharField(help_text="Machine-readable code, e.g. invalid."),
        "detail": serializers.CharField(help_text="One sentence for people."),
        "fields": serializers.DictField(
            child=serializers.ListField(child=serializers.CharField()),
            help_text="Messages per input field; non_field_errors for the rest.",
        ),
    },
)

ERROR_EXAMPLE = OpenApiExample(
    "Invalid input",
    value={
        "error": "invalid",
        "detail": "Enter a valid URL.",
        "fields": {"url": ["Enter a valid URL."]},
    },
    response_only=True,
    status_codes=["400"],
)

BULK_ERROR = inline_serializer(
    name="BulkError",
    fields={
        "error": serializers.CharField(help_text="invalid"),
        "detail": serializers.CharField(help_text="One sentence for people."),
        "fields": serializers.DictField(
            child=serializers.ListField(child=serializers.CharField()),
            help_text='Every message, by path: "claims[3].sources[0].url".',
        ),
        "items": inline_serializer(
            name="BulkErrorItem",
            many=True,
            required=False,
            fields={
                "index": serializers.IntegerField(help_text="Position in `claims`."),
                "fields": serializers.DictField(
                    child=serializers.ListField(child=serializers.CharField()),
                    help_text="Messages per field of that claim; non_field_errors for the rest.",
                ),
            },
            help_text="Each refused claim (absent when the request as a whole is refused).",
        ),
    },
)

BULK_ERROR_EXAMPLE = OpenApiExample(
    "A refused claim",
    value={
        "error": "invalid",
        "detail": "1 of the claims was refused; nothing was written. Claim 1: Enter a valid URL.",
        "fields": {"claims[1].sources[0].url": ["Enter a valid URL."]},
        "items": [{"index": 1, "fields": {"sources[0].url": ["Enter a valid URL."]}}],
    },
    response_only=True,
    status_codes=["400"],
)

# Every operation can answer these (auth, roles, scoping, size limit, throttling).
COMMON_ERRORS = {
    "400": "Bad input: field messages in `fields`.",
    "401": "No or invalid credentials.",
    "403": "Your role does not allow this.",
    "404": "No such object, or not one you may see.",
    "406": "The Accept header asks for a format this endpoint cannot answer.",
    "413": "Request body over the size limit.",
    "429": "Too many requests; see Retry-After.",
}
# And those with a body: it must be JSON (or multipart where a file is taken).
BODY_ERRORS = {"415": "The body's Content-Type is not one this endpoint takes."}
WRITE_ERRORS = {
    "412": "The ETag in If-Match is stale; the body's `current` is the claim as it is now.",
    "428": "If-Match is missing.",
}

IF_MATCH = OpenApiParameter(
    "If-Match",
    OpenApiTypes.STR,
    OpenApiParameter.HEADER,
    required=True,
    description='The ETag from your last read of this object, e.g. "claim-12-v3".',
)


class FactcheckAutoSchema(AutoSchema):
    """Adds the error responses every endpoint can give, so clients and fuzzers know them."""

    def _get_response_bodies(self, direction: str = "response") -> dict:
        responses = super()._get_response_bodies(direction)
        codes = dict(COMMON_ERRORS)
        if self.method in ("POST", "PUT", "PATCH"):
            codes.update(BODY_ERRORS)
        if any(getattr(p, "name", "") == "If-Match" for p in self.get_override_parameters()):
            codes.update(WRITE_ERRORS)
        for code, description in codes.items():
            if code in responses:
                continue
            response = self._get_response_for_code(ErrorSerializer, code)
            response["description"] = description
            responses[code] = response
        return responses
