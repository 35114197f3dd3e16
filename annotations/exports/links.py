"""Where reports are read: the site's public base URL and the permalinks built on it."""

from __future__ import annotations

import functools

from django.conf import settings
from django.http import HttpRequest
from django.urls import reverse


def report_path(article_id: int) -> str:
    """The article report's path; reversed once, then filled in (exports call it per claim)."""
    return _report_path_template().replace("0", str(article_id), 1)


@functools.cache
def _report_path_template() -> str:
    path = reverse("reports:article", args=[0])
    assert path.count("0") == 1, path  # the id is the only zero in the path
    return path


LOCAL_BASE_URL = "http://127.0.0.1:8000"


def site_base_url(request: HttpRequest | None = None) -> str:
    """Where this site's pages are read: FACTCHECK_PUBLIC_BASE_URL when set, else the
    server that answers the request (its host, checked against ALLOWED_HOSTS), else the
    local development server (commands without a request)."""
    if settings.FACTCHECK_PUBLIC_BASE_URL:
        return settings.FACTCHECK_PUBLIC_BASE_URL.rstrip("/")
    if request is not None:
        return request.build_absolute_uri("/").rstrip("/")
    return LOCAL_BASE_URL


def public_url(base_url: str, path: str) -> str:
    """An absolute URL for a path of this site."""
    return base_url + path


def claim_public_url(base_url: str, article_id: int, claim_id: int) -> str:
    return public_url(base_url, f"{report_path(article_id)}#claim-{claim_id}")


def article_urn(article_id: int) -> str:
    """Stands in for the article's address when it has no URL."""
    return f"urn:factcheck:article:{article_id}"
