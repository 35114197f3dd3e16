"""An htmx request that cannot go through leaves the page as it is: what was typed stays.

- Signed out: Django's ``login_required`` answers with a redirect to the login page. For an
  htmx request the browser follows it, and htmx would swap the login page into the panel in
  place of the form the editor was typing in. It gets a 401 instead, which htmx never swaps
  (the ``htmx-config`` in ``base.html``); ``review.js`` says how to go on: sign in in another
  tab, then send again.
- A CSRF token that no longer matches (the browser signed in again since the page was
  drawn, and ``review.js`` could not read the new token): Django's 403 page would be swapped
  in the same way. Its htmx answer swaps nothing and asks the page to say so.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from urllib.parse import parse_qs, urlsplit

from django.conf import settings
from django.contrib.auth import REDIRECT_FIELD_NAME
from django.http import HttpRequest, HttpResponse
from django.shortcuts import resolve_url
from django.views.csrf import csrf_failure as django_csrf_failure


class SignedOutMiddleware:
    """After ``HtmxMiddleware``: turns a redirect to the login page into a 401 for htmx."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if request.htmx and response.status_code == 302 and _asks_to_sign_in(response):
            return HttpResponse(
                "You are signed out.",
                status=401,
                content_type="text/plain; charset=utf-8",
                headers={"WWW-Authenticate": 'Cookie realm="Factcheck"'},
            )
        return response


def _asks_to_sign_in(response: HttpResponse) -> bool:
    """Whether a redirect is ``login_required``'s: to the login page, to come back after."""
    location = urlsplit(response.get("Location", ""))
    return location.path == resolve_url(settings.LOGIN_URL) and (
        REDIRECT_FIELD_NAME in parse_qs(location.query)
    )


CSRF_PROBLEM = (
    "Not sent: this page's security token is out of date (you signed in again since it was"
    " opened). What you typed is still here: copy it, reload the page, and send it again."
)


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    """``CSRF_FAILURE_VIEW``: Django's page, but for htmx a 403 that swaps nothing."""
    if request.htmx:  # HtmxMiddleware ran before any view, this one included
        return HttpResponse(
            CSRF_PROBLEM,
            status=403,
            content_type="text/plain; charset=utf-8",
            headers={
                "HX-Reswap": "none",
                "HX-Trigger": json.dumps({"requestProblem": {"message": CSRF_PROBLEM}}),
            },
        )
    return django_csrf_failure(request, reason=reason)
