"""Gzip for the editors' heaviest pages, only where BREACH cannot read a secret out of them.

BREACH needs three things in one compressed response: a secret, text the attacker chooses
(reflected from the request), and many requests whose sizes the attacker can see. So a page
is compressed only when

- it is an authenticated ``GET``/``HEAD`` (a ``POST`` re-renders what the user typed);
- its query string is at most ``claim``, ``segments`` and ``page``, each digits and commas
  (``?claim=12``, ``?segments=3,4``, ``?page=2``): nothing the request says is written into
  the page as text. A search (``?q=``), a filter (``?show=``) or any other parameter sends
  the page uncompressed;
- the view opted in with ``@gzip_when_safe`` (the review page, the dashboard, the lists).

The secrets such a page carries are the CSRF token, which Django masks afresh on every
request (and every time it is written), and the editors' own data (internal notes, drafts),
which a request with only ids in it cannot line up a guess against. Django's GZipMiddleware
also pads each response with up to 100 random bytes ("Heal the Breach"). API responses,
webhook secrets and tokens are never compressed here. Static files are compressed ahead of
time by whitenoise (``CompressedManifestStaticFilesStorage``), not by this.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable

from django.http import HttpRequest, HttpResponse
from django.middleware.gzip import GZipMiddleware

SAFE_PARAMS = frozenset({"claim", "segments", "page"})
_IDS_ONLY = re.compile(r"[0-9,]*")
_gzip = GZipMiddleware(lambda request: HttpResponse())


def compression_is_safe(request: HttpRequest) -> bool:
    """Whether a response to this request may be gzipped (see the module's docstring)."""
    return (
        request.method in ("GET", "HEAD")
        and request.user.is_authenticated
        and all(
            name in SAFE_PARAMS and all(_IDS_ONLY.fullmatch(value) for value in values)
            for name, values in request.GET.lists()
        )
    )


def gzip_when_safe(view: Callable) -> Callable:
    """Gzip the view's response when ``compression_is_safe``; otherwise send it as it is."""

    @functools.wraps(view)
    def wrapper(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        response = view(request, *args, **kwargs)
        if compression_is_safe(request):
            response = _gzip.process_response(request, response)
        return response

    return wrapper
