"""REST API: /api/v1/ resources, /api/schema/ and /api/docs/."""

from django.urls import include, path

urlpatterns = [
    path("v1/", include("annotations.exports.api_urls")),
]
