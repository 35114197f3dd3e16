"""The editors' pages."""

from django.urls import include, path

from annotations import views

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("reports/", include("annotations.exports.urls")),
]
