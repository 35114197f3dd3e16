"""A read-only app server: one pointed at a streaming replica of the database.

With ``FACTCHECK_READ_ONLY=true`` the server answers reads (GET, HEAD, OPTIONS) and refuses
every write with a 503 that says where writes go, before any view runs: lists, search,
match, report pages and exports can be served from a replica while the primary's servers
take the writes (docs/scale.md, "Running it on larger data"). A read that would write
anyway (a session that changed, a report queued as a job) meets PostgreSQL's refusal on the
replica ("cannot execute … in a read-only transaction"); that too becomes the same 503
instead of a 500.
"""

from __future__ import annotations

from collections.abc import Callable

from django.db import Error as DatabaseError
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.template.loader import render_to_string

from annotations.api.exceptions import error_body

READS = frozenset({"GET", "HEAD", "OPTIONS"})
# PostgreSQL's SQLSTATE for a write in a read-only transaction (every query on a standby).
READ_ONLY_SQL_TRANSACTION = "25006"
MESSAGE = "This server only reads (a replica of the database); send writes to the main server."


class ReadOnlyMiddleware:
    """Refuses writes on a read-only server (in MIDDLEWARE only when FACTCHECK_READ_ONLY)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.method not in READS:
            return refusal(request)
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if is_read_only_error(exception):
            return refusal(request)
        return None


def is_read_only_error(exception: BaseException) -> bool:
    """Whether the database refused a write because it only reads (a hot standby)."""
    while exception is not None:
        if getattr(exception, "sqlstate", None) == READ_ONLY_SQL_TRANSACTION:
            return True
        if not isinstance(exception, DatabaseError) and exception.__cause__ is None:
            return False
        exception = exception.__cause__
    return False


def refusal(request: HttpRequest) -> HttpResponse:
    """503 with the API's error shape under /api/, a page elsewhere."""
    headers = {"Cache-Control": "no-store"}
    if request.path.startswith("/api/"):
        response = JsonResponse(error_body("read_only", MESSAGE), status=503, headers=headers)
    else:
        page = render_to_string("503_read_only.html", {"message": MESSAGE}, request=request)
        response = HttpResponse(page, status=503, headers=headers)
    response["X-Factcheck-Read-Only"] = "true"
    return response
