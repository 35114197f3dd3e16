"""Editors' pages: server-rendered, htmx-enhanced."""

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from annotations.selectors import articles_for


@login_required
def dashboard(request: HttpRequest) -> HttpResponse:
    articles = articles_for(request.user).order_by("-created_at")[:100]
    return render(request, "annotations/dashboard.html", {"articles": articles})
