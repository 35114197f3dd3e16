"""Report pages and downloads in the browser, under /reports/."""

from django.urls import path

from annotations.exports import views

app_name = "reports"

urlpatterns = [
    path("", views.report_index, name="index"),
    path("articles/<int:article_id>/", views.article_report, name="article"),
]
