"""One JSON shape for every API error: ``{"error", "detail", "fields"}``.

DRF's own exceptions, Django's ValidationError / PermissionDenied / Http404 / RequestDataTooBig,
a body Django could not read (bad multipart, too many fields) and the services' StaleVersion all
end up here, so a newsroom tool parses one format: always JSON, whatever the view renders when
it succeeds (the schema's YAML, the docs' HTML, the browsable API).
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import (
    BadRequest,
    RequestDataTooBig,
    SuspiciousOperation,
    TooManyFieldsSent,
    TooManyFilesSent,
)
from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse, UnreadablePostError
from django.http.multipartparser import MultiPartParserError
from django.views import defaults
from drf_orjson_renderer.renderers import ORJSONRenderer
from rest_framework import exceptions, status
from rest_framework.response import Response
from rest_framework.views import set_rollback

from annotations.services import BulkInvalid, Conflict, Removed, StaleVersion

NON_FIELD = "non_field_errors"


class PreconditionRequired(exceptions.APIException):
    status_code = 428
    default_detail = "This write needs an If-Match header with the object's ETag."
    default_code = "precondition_required"


class PayloadTooLarge(exceptions.APIException):
    status_code = status.HTTP_413_REQUEST_ENTITY_TOO_LARGE
    default_detail = "The request body is larger than the limit."
    default_code = "too_large"


class PreconditionFailed(exceptions.APIException):
    """The If-Match header names another version; carries the object as it is now."""

    status_code = status.HTTP_412_PRECONDITION_FAILED
    default_detail = "It changed since you read it; here is the current version."
    default_code = "stale_version"

    def __init__(self, current: Any, detail: str | None = None) -> None:
        super().__init__(detail)
        self.current = current


def current_representation(obj: Any) -> dict[str, Any]:
    """A claim, source or note as the API shows it: the ``current`` of a 412."""
    from annotations.api.claim_rows import claim_to_dict
    from annotations.api.serializers import NoteSerializer, SourceSerializer
    from annotations.models import Claim, Note

    if isinstance(obj, Claim):
        return claim_to_dict(obj)
    serializer = NoteSerializer if isinstance(obj, Note) else SourceSerializer
    return serializer(obj).data


def error_body(code: str, detail: str, fields: dict[str, list[str]] | None = None) -> dict:
    """The error document every endpoint returns."""
    return {"error": code, "detail": detail, "fields": fields or {}}


def _flatten(messages: Any) -> list[str]:
    """DRF error structures (lists, nested dicts) as a flat list of strings."""
    if isinstance(messages, dict):
        return [f"{key}: {m}" for key, value in messages.items() for m in _flatten(value)]
    if isinstance(messages, list | tuple):
        return [m for item in messages for m in _flatten(item)]
    return [str(messages)]


def _fields_from_drf(detail: Any) -> dict[str, list[str]]:
    if isinstance(detail, dict):
        return {str(key): _flatten(value) for key, value in detail.items()}
    return {NON_FIELD: _flatten(detail)}


def flat_fields(detail: Any, prefix: str = "") -> dict[str, list[str]]:
    """Nested DRF errors as ``{path: [messages]}``: ``sources[0].url``, ``segments[2]``."""
    if isinstance(detail, dict):
        fields: dict[str, list[str]] = {}
        for key, value in detail.items():
            name = f"{prefix}[{key}]" if isinstance(key, int) else f"{prefix}.{key}".lstrip(".")
            fields.update(flat_fields(value, name))
        return fields
    if isinstance(detail, list) and any(isinstance(item, dict) for item in detail):
        fields = {}
        for index, item in enumerate(detail):
            fields.update(flat_fields(item, f"{prefix}[{index}]"))
        return fields
    return {prefix or NON_FIELD: _flatten(detail)} if detail else {}


def _bulk_error(exc: BulkInvalid) -> dict[str, Any]:
    """The error document of a refused bulk request, with ``items``: each refused claim."""
    items = []
    for index, fields in exc.items:
        named = {(NON_FIELD if key == "__all__" else key): msgs for key, msgs in fields.items()}
        items.append({"index": index, "fields": named})
    paths = {
        (f"claims[{item['index']}]" if key == NON_FIELD else f"claims[{item['index']}].{key}"): msgs
        for item in items
        for key, msgs in item["fields"].items()
    }
    first = items[0]
    detail = (
        f"{len(items)} of the claims {'was' if len(items) == 1 else 'were'} refused; nothing "
        f"was written. Claim {first['index']}: {_summary(first['fields'], 'Invalid input.')}"
    )
    return {**error_body("invalid", detail, paths), "items": items}


def _fields_from_django(error: DjangoValidationError) -> dict[str, list[str]]:
    if hasattr(error, "error_dict"):
        return {
            (NON_FIELD if key == "__all__" else key): list(messages)
            for key, messages in error.message_dict.items()
        }
    return {NON_FIELD: list(error.messages)}


def _summary(fields: dict[str, list[str]], fallback: str) -> str:
    first = next((msgs[0] for msgs in fields.values() if msgs), "")
    return first or fallback


def _render_as_json(context: dict) -> None:
    """Errors are JSON even where the view negotiated YAML or HTML (or nothing: a 406)."""
    request = context.get("request")
    if request is not None:
        request.accepted_renderer = ORJSONRenderer()
        request.accepted_media_type = ORJSONRenderer.media_type


def api_exception_handler(exc: Exception, context: dict) -> Response | None:
    """DRF EXCEPTION_HANDLER: map every expected failure to the one error shape, as JSON."""
    response = _error_response(exc)
    if response is not None:
        _render_as_json(context)
    return response


def _error_response(exc: Exception) -> Response | None:
    """The error document and status for ``exc``; None for an unexpected exception (a bug)."""
    headers: dict[str, str] = {}
    if isinstance(exc, StaleVersion):
        exc = PreconditionFailed(exc.current)
    if isinstance(exc, Removed):  # deleted by someone else meanwhile
        exc = exceptions.NotFound(exc.messages[0])
    if isinstance(exc, BulkInvalid):
        set_rollback()
        return Response(_bulk_error(exc), status=400)
    if isinstance(exc, Conflict):  # the claim's state does not allow it (yet)
        set_rollback()
        return Response(error_body("conflict", str(exc)), status=409)
    if isinstance(exc, PreconditionFailed):
        set_rollback()
        body = error_body("stale_version", str(exc.detail))
        body["current"] = current_representation(exc.current)
        return Response(body, status=412, headers={"ETag": exc.current.etag})
    if isinstance(exc, DjangoValidationError):
        fields = _fields_from_django(exc)
        set_rollback()
        return Response(error_body("invalid", _summary(fields, "Invalid input."), fields), 400)
    if isinstance(exc, RequestDataTooBig):
        exc = PayloadTooLarge()
    elif isinstance(exc, MultiPartParserError):
        # Django's own form parsing (the CSRF check of a session request) found a bad body.
        exc = exceptions.ParseError(f"Multipart form parse error - {exc}")
    elif isinstance(exc, TooManyFieldsSent | TooManyFilesSent):
        exc = exceptions.ParseError(str(exc))
    elif isinstance(exc, SuspiciousOperation | BadRequest | UnreadablePostError):
        exc = exceptions.ParseError("The request could not be read.")
    elif isinstance(exc, Http404):
        exc = exceptions.NotFound()
    elif isinstance(exc, DjangoPermissionDenied):
        exc = exceptions.PermissionDenied(str(exc) or None)
    if not isinstance(exc, exceptions.APIException):
        return None  # a real bug: let Django log it and answer 500

    if getattr(exc, "auth_header", None):
        headers["WWW-Authenticate"] = exc.auth_header
    if getattr(exc, "wait", None):
        headers["Retry-After"] = str(int(exc.wait))
    if isinstance(exc, exceptions.ValidationError):
        fields = _fields_from_drf(exc.detail)
        body = error_body("invalid", _summary(fields, "Invalid input."), fields)
    else:
        detail = exc.detail
        code = exc.get_codes() if not isinstance(detail, dict | list) else exc.default_code
        body = error_body(str(code), " ".join(_flatten(detail)))
    set_rollback()
    return Response(body, status=exc.status_code, headers=headers)


# Errors Django answers before a DRF view runs (a bad Host header, an unreadable body, a bug):
# under /api/ they too are JSON in the error shape; elsewhere, Django's own pages.


def _is_api(request: HttpRequest) -> bool:
    return request.path_info.startswith("/api/")


def bad_request(request: HttpRequest, exception: Exception) -> HttpResponse:
    """handler400."""
    if _is_api(request):
        return JsonResponse(error_body("bad_request", "The request could not be read."), status=400)
    return defaults.bad_request(request, exception)


def page_not_found(request: HttpRequest, exception: Exception) -> HttpResponse:
    """handler404."""
    if _is_api(request):
        return JsonResponse(error_body("not_found", "No such endpoint."), status=404)
    return defaults.page_not_found(request, exception)


def server_error(request: HttpRequest) -> HttpResponse:
    """handler500: a bug, but under /api/ still in the error shape."""
    if _is_api(request):
        return JsonResponse(error_body("server_error", "Something went wrong."), status=500)
    return defaults.server_error(request)
