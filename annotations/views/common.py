"""Access helpers and response helpers shared by the editors' pages."""

from __future__ import annotations

import functools
from collections.abc import Callable

from django.core.exceptions import PermissionDenied, ValidationError
from django.forms import Form
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils.http import url_has_allowed_host_and_scheme

from annotations.models import Article, Claim
from annotations.selectors import articles_for, claims_for

REVIEW_TEMPLATE = "annotations/article_review.html"


def get_article_for(request: HttpRequest, pk: int) -> Article:
    """The article if the user may see it, else 404."""
    return get_object_or_404(articles_for(request.user).order_by(), pk=pk)


def get_claim_for(request: HttpRequest, pk: int) -> Claim:
    """The claim (with its article and people) if the user may see it, else 404."""
    # The panel never shows the article's body; it can be megabytes.
    claims = claims_for(request.user).prefetch_related(None).defer("article__body")
    return get_object_or_404(claims, pk=pk)


def forbidden_as_page(view: Callable) -> Callable:
    """Turn a service's PermissionDenied into a 403 page, or a 403 panel fragment for htmx."""

    @functools.wraps(view)
    def wrapper(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        try:
            return view(request, *args, **kwargs)
        except PermissionDenied as exc:
            template = "annotations/forbidden.html"
            if request.htmx:
                template += "#forbidden"
            context = {"reason": str(exc), "back_url": safe_referer(request)}
            return render(request, template, context, status=403)

    return wrapper


def safe_referer(request: HttpRequest) -> str:
    """Where the user came from, if it is this site (for a "Back" link); else ""."""
    referer = request.headers.get("Referer", "")
    allowed = url_has_allowed_host_and_scheme(
        referer, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    )
    return referer if allowed else ""


def add_service_errors(form: Form, error: ValidationError) -> None:
    """Show a service's ValidationError on the form: on its field if the form has one."""
    if hasattr(error, "error_dict"):
        for field, messages in error.message_dict.items():
            form.add_error(field if field in form.fields else None, messages)
    else:
        form.add_error(None, error.messages)
