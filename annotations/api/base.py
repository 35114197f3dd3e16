"""What every REST endpoint shares. Reads come from selectors, every write from a service.

Order of checks on a write: authentication (401) → role (403) → the object within the
user's scope (404) → input (400) → If-Match present (428) and naming this object (412) → the
service, which re-reads the claim under a row lock and raises StaleVersion (412) if someone
else saved first.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.exceptions import RequestDataTooBig
from rest_framework.authentication import SessionAuthentication
from rest_framework.exceptions import MethodNotAllowed
from rest_framework.permissions import IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response

from annotations.api.authentication import TokenWithPermissionsAuthentication, load_permissions
from annotations.api.claim_rows import claim_to_dict
from annotations.api.exceptions import PreconditionFailed, PreconditionRequired
from annotations.api.pagination import StrictPageNumberPagination
from annotations.api.permissions import ViewerReads
from annotations.limits import MAX_ID
from annotations.models import Claim, Note, Source, parse_version_etag

ID_SCHEMA = {"type": "integer", "minimum": 1, "maximum": MAX_ID}


class ApiMixin:
    """What every endpoint shares: body size limit, role checks, error docs in the schema."""

    authentication_classes = [TokenWithPermissionsAuthentication, SessionAuthentication]
    permission_classes = [IsAuthenticated, ViewerReads]
    pagination_class = StrictPageNumberPagination

    def initial(self, request: Request, *args: Any, **kwargs: Any) -> None:
        # DRF streams JSON bodies past Django's DATA_UPLOAD_MAX_MEMORY_SIZE check: do it here.
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = 0
        if length > settings.DATA_UPLOAD_MAX_MEMORY_SIZE:
            raise RequestDataTooBig("Request body too large.")
        super().initial(request, *args, **kwargs)

    def check_permissions(self, request: Request) -> None:
        load_permissions(request.user)
        if request.user.is_authenticated and not hasattr(self, request.method.lower()):
            # A method this endpoint does not have is a 405 (with Allow) for anyone signed
            # in, not a 403 from a role check that runs first.
            raise MethodNotAllowed(request.method)
        super().check_permissions(request)


def if_match_version(request: Request, obj: Claim | Source | Note) -> int:
    """The version the client last saw, from If-Match; 428 if absent, 412 if foreign."""
    header = request.headers.get("If-Match")
    kind = type(obj).__name__.lower()
    if not header or not header.strip():
        raise PreconditionRequired(f"This write needs an If-Match header with the {kind}'s ETag.")
    version = parse_version_etag(header, kind, obj.pk)
    if version is None:
        raise PreconditionFailed(obj, f"If-Match does not name this {kind}'s ETag.")
    return version


def claim_response(claim: Claim, status_code: int = 200) -> Response:
    return Response(claim_to_dict(claim), status=status_code, headers={"ETag": claim.etag})
